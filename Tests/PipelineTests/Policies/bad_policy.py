"""A policy that answers its first useful epoch badly, one way per CASE (the bad-answer
tests of ExternalPolicyTests and python/tests): python3 bad_policy.py CASE"""
import json
import sys
import time

case = sys.argv[1]
out = sys.stdout
zones = []
for line in sys.stdin:
    message = json.loads(line)
    if message["type"] == "end":
        break
    if message["type"] == "start":
        zones = message["zones"]
    if message["type"] != "decide":
        continue
    cands = message["candidates"]
    by_request = {}
    for c in cands:
        by_request.setdefault(c["request"], []).append(c["vehicle"])
    first = cands[0]
    answer = None
    if case == "unknown-request":
        answer = {"assign": [{"request": 99999999, "vehicle": first["vehicle"]}]}
    elif case == "unknown-vehicle":
        answer = {"assign": [{"request": first["request"], "vehicle": 99999999}]}
    elif case == "request-twice":
        vs = by_request[first["request"]]
        if len(vs) >= 2:
            answer = {"assign": [{"request": first["request"], "vehicle": vs[0]},
                                 {"request": first["request"], "vehicle": vs[1]}]}
    elif case == "vehicle-twice":
        seen = {}
        for c in cands:
            if c["vehicle"] in seen and seen[c["vehicle"]] != c["request"]:
                answer = {"assign": [{"request": seen[c["vehicle"]], "vehicle": c["vehicle"]},
                                     {"request": c["request"], "vehicle": c["vehicle"]}]}
                break
            seen.setdefault(c["vehicle"], c["request"])
    elif case == "not-candidate":
        vs = set(by_request[first["request"]])
        other = next(v for v in range(100000) if v not in vs)
        answer = {"assign": [{"request": first["request"], "vehicle": other}]}
    elif case == "malformed":
        out.write("{\"assign\": [\n")
        out.flush()
        continue
    elif case == "wrong-type":
        answer = {"assign": {"request": first["request"], "vehicle": first["vehicle"]}}
    elif case == "not-an-object":
        answer = [first["request"], first["vehicle"]]
    elif case == "boolean-id":
        answer = {"assign": [{"request": True, "vehicle": first["vehicle"]}]}
    elif case == "reposition-assigned":
        answer = {"assign": [{"request": first["request"], "vehicle": first["vehicle"]}],
                  "reposition": [{"vehicle": first["vehicle"], "to": message["requests"][0]["origin"]}]}
    elif case == "reposition-twice":
        to = message["requests"][0]["origin"]
        answer = {"reposition": [{"vehicle": first["vehicle"], "to": to}, {"vehicle": first["vehicle"], "to": to}]}
    elif case == "reposition-outside":
        answer = {"reposition": [{"vehicle": first["vehicle"], "to": [40.0, -74.5]}]}
    elif case == "reposition-point":
        answer = {"reposition": [{"vehicle": first["vehicle"], "to": "here"}]}
    elif case == "unknown-zone":
        answer = {"idle_targets": {"999999": 1}}
    elif case == "negative-share":
        answer = {"idle_targets": {str(zones[0]["id"]): -1}}
    elif case == "plans":
        answer = {"plans": [{"vehicle": first["vehicle"], "stops": [{"request": first["request"], "kind": "pickup"}]}]}
    elif case == "exit":
        print("policy gave up: no model loaded", file=sys.stderr, flush=True)
        sys.exit(3)
    elif case == "silent":
        print("thinking very hard", file=sys.stderr, flush=True)
        time.sleep(3600)
    out.write(json.dumps(answer if answer is not None else {"assign": []}) + "\n")
    out.flush()
