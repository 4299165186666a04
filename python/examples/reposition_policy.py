"""Greedy batch matching plus repositioning: every pair in ascending pickup ETA while both
are free, then, for each request left with no candidate at all (no vehicle within reach),
the nearest idle vehicle (by straight line) is sent to its pickup. Needs the whole idle
fleet in each observation: run with `matching.external.vehicles: available`.

    ridematch run scenarios/quickstart.yaml --set matching.external.vehicles=available \
        --policy 'python3 python/examples/reposition_policy.py'
"""
import math

import _path  # noqa: F401
import ridematch


def distance_m(a, b):
    """Equirectangular distance between two [lat, lon] points, metres (good within a city)."""
    k = math.pi / 180
    x = (b[1] - a[1]) * k * math.cos((a[0] + b[0]) * k / 2)
    return 6_371_000 * math.hypot(x, (b[0] - a[0]) * k)


class Reposition(ridematch.Policy):
    def decide(self, observation):
        riders, taken, assign = set(), set(), []
        for c in sorted(observation["candidates"], key=lambda c: (c["pickup_eta_s"], c["request"], c["vehicle"])):
            if c["request"] in riders or c["vehicle"] in taken:
                continue
            riders.add(c["request"])
            taken.add(c["vehicle"])
            assign.append({"request": c["request"], "vehicle": c["vehicle"]})
        reachable = {c["request"] for c in observation["candidates"]}
        idle = [v for v in observation["vehicles"] if v["state"] == "idle" and v["id"] not in taken]
        moves = []
        for r in observation["requests"]:
            if r["id"] in reachable or not idle:
                continue
            best = min(idle, key=lambda v: (distance_m(v["position"], r["origin"]), v["id"]))
            idle.remove(best)
            moves.append({"vehicle": best["id"], "to": r["origin"]})
        return {"assign": assign, "reposition": moves}


if __name__ == "__main__":
    Reposition().serve()
