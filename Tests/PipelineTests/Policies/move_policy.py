"""Test policy for the moves of the protocol (ExternalMovesTests), in `vehicles: available`
mode: python3 move_policy.py LOG CASE

- `reposition`: greedy matching, and every epoch the idle, unassigned vehicles whose
  id is the epoch number modulo 25 are sent to the oldest request's pickup;
- `targets`: no matching; the first epoch answers idle_targets {first zone: 1}.

LOG gets one line at the end: the moves sent, the observations (vehicle, epoch) of a moved
vehicle in state repositioning, and for `targets` the vehicles idle at the first epoch and
how many of them are repositioning at the second.
"""
import json
import sys

log_path, case = sys.argv[1], sys.argv[2]
sent, seen_moving = 0, 0
epoch, zones, first_idle, second_moving = 0, [], set(), 0
moved_until = {}
for line in sys.stdin:
    m = json.loads(line)
    if m["type"] == "start":
        zones = m["zones"]
        continue
    if m["type"] == "end":
        break
    if m["type"] != "decide":
        continue
    epoch += 1
    t = m["time_s"]
    states = {v["id"]: v["state"] for v in m["vehicles"]}
    for v, s in states.items():
        if v in moved_until:
            if s == "repositioning":
                seen_moving += 1
    answer = {"assign": []}
    if case == "reposition":
        riders, taken = set(), set()
        for c in sorted(m["candidates"], key=lambda c: (c["pickup_eta_s"], c["request"], c["vehicle"])):
            if c["request"] in riders or c["vehicle"] in taken:
                continue
            riders.add(c["request"]); taken.add(c["vehicle"])
            answer["assign"].append({"request": c["request"], "vehicle": c["vehicle"]})
        target = m["requests"][0]["origin"]
        moves = [{"vehicle": v, "to": target} for v, s in sorted(states.items())
                 if s == "idle" and v not in taken and v % 25 == epoch % 25]
        for mv in moves:
            moved_until[mv["vehicle"]] = t
        sent += len(moves)
        answer["reposition"] = moves
    elif case == "targets":
        if epoch == 1:
            first_idle = {v for v, s in states.items() if s == "idle"}
            answer["idle_targets"] = {str(zones[0]["id"]): 1}
        elif epoch == 2:
            second_moving = sum(1 for v, s in states.items() if s == "repositioning" and v in first_idle)
    sys.stdout.write(json.dumps(answer) + "\n")
    sys.stdout.flush()
with open(log_path, "w") as f:
    f.write(f"{sent} {seen_moving} {len(first_idle)} {second_moving}\n")
