"""An optimal batch assignment with SciPy's linear_sum_assignment (PyPI scipy, numpy):
minimum total pickup ETA over the candidate pairs, most riders matched first (a pair that
is not a candidate costs more than any assignment of real pairs).

    ridematch run scenarios/quickstart.yaml --policy 'python3 python/examples/scipy_policy.py'
"""
import _path  # noqa: F401
import numpy as np
from scipy.optimize import linear_sum_assignment

import ridematch


class Optimal(ridematch.Policy):
    def decide(self, observation):
        pairs = observation["candidates"]
        if not pairs:
            return {"assign": []}
        rows = {r: i for i, r in enumerate(sorted({c["request"] for c in pairs}))}
        cols = {v: j for j, v in enumerate(sorted({c["vehicle"] for c in pairs}))}
        big = 1e6 + sum(c["pickup_eta_s"] for c in pairs)
        cost = np.full((len(rows), len(cols)), big)
        for c in pairs:
            cost[rows[c["request"]], cols[c["vehicle"]]] = c["pickup_eta_s"]
        request_of = {i: r for r, i in rows.items()}
        vehicle_of = {j: v for v, j in cols.items()}
        assign = [{"request": request_of[i], "vehicle": vehicle_of[j]}
                  for i, j in zip(*linear_sum_assignment(cost)) if cost[i, j] < big]
        return {"assign": assign}


if __name__ == "__main__":
    Optimal().serve()
