"""A greedy batch policy: every pair in ascending pickup ETA, taken while both are free.

    ridematch run scenarios/quickstart.yaml --policy 'python3 python/examples/greedy_policy.py'
"""
import _path  # noqa: F401
import ridematch


class Greedy(ridematch.Policy):
    def decide(self, observation):
        riders, vehicles, assign = set(), set(), []
        for c in sorted(observation["candidates"], key=lambda c: (c["pickup_eta_s"], c["request"], c["vehicle"])):
            if c["request"] in riders or c["vehicle"] in vehicles:
                continue
            riders.add(c["request"])
            vehicles.add(c["vehicle"])
            assign.append({"request": c["request"], "vehicle": c["vehicle"]})
        return {"assign": assign}


if __name__ == "__main__":
    Greedy().serve()
