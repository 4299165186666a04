"""Greedy batch matching (as python/examples/greedy_policy.py) reading the columns encoding:
python3 columns_greedy_policy.py (ExternalMovesTests)."""
import json, sys
n = 0
for line in sys.stdin:
    m = json.loads(line)
    if m["type"] == "end": break
    if m["type"] != "decide": continue
    c = m["candidates"]; assert set(c) >= {"request","vehicle","pickup_eta_s","pickup_m"} and len(c["request"]) == len(c["vehicle"])
    v = m["vehicles"]; assert len(v["id"]) == len(v["position_lat"]) == len(v["state"])
    riders, taken, assign = set(), set(), []
    for i in sorted(range(len(c["request"])), key=lambda i: (c["pickup_eta_s"][i], c["request"][i], c["vehicle"][i])):
        r, d = c["request"][i], c["vehicle"][i]
        if r in riders or d in taken: continue
        riders.add(r); taken.add(d); assign.append({"request": r, "vehicle": d})
    print(json.dumps({"assign": assign}), flush=True)
