"""The built-in `nearest` strategy as an external policy (run it in `immediate` mode).

For each request, oldest first, it takes the candidate closest by straight-line distance
(ties: smaller vehicle id) not taken earlier in the same epoch — exactly what `nearest`
does, so on the same scenario it reproduces nearest's requests.csv and drivers.csv byte for
byte:

    ridematch run scenarios/quickstart.yaml --set matching.external.mode=immediate \
        --policy 'python3 python/examples/nearest_policy.py'
"""
import _path  # noqa: F401
import ridematch


class Nearest(ridematch.Policy):
    def decide(self, observation):
        grouped = ridematch.candidates_by_request(observation)
        taken, assign = set(), []
        for request in observation["requests"]:
            best = None
            for c in grouped[request["id"]]:
                if c["vehicle"] in taken:
                    continue
                if best is None or (c["pickup_m"], c["vehicle"]) < (best["pickup_m"], best["vehicle"]):
                    best = c
            if best is not None:
                taken.add(best["vehicle"])
                assign.append({"request": request["id"], "vehicle": best["vehicle"]})
        return {"assign": assign}


if __name__ == "__main__":
    Nearest().serve()
