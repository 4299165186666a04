"""ridematch.run with external policies on the quickstart (needs the ridematch binary)."""
import csv

import pytest

import ridematch
from conftest import BAD_POLICY, EXAMPLES, QUICKSTART


def test_nearest_policy_reproduces_nearest_byte_for_byte(binary, tmp_path):
    builtin = ridematch.run(QUICKSTART, out=tmp_path)
    external = ridematch.run(QUICKSTART, policy=str(EXAMPLES / "nearest_policy.py"), mode="immediate", out=tmp_path)
    assert builtin["strategy"] == "nearest" and external["strategy"] == "external"
    for key in ("requests", "completed", "cancelled", "unmatched", "wait_mean_s", "revenue"):
        assert external[key] == builtin[key], key
    for name in ("requests.csv", "drivers.csv", "stops.csv"):
        a = (tmp_path / "quickstart" / "nearest" / name).read_bytes()
        b = (tmp_path / "quickstart" / "external" / name).read_bytes()
        assert a == b, name


def test_run_returns_the_summary_row_and_applies_overrides(binary, tmp_path):
    summary = ridematch.run(QUICKSTART, policy=str(EXAMPLES / "greedy_policy.py"),
                            set={"duration": "20m", "supply.drivers": 600}, seed=7, out=tmp_path)
    assert summary["scenario"] == "quickstart" and summary["strategy"] == "external" and summary["seed"] == 7
    with open(tmp_path / "quickstart" / "external" / "drivers.csv") as f:
        assert sum(1 for _ in csv.DictReader(f)) == 600
    assert summary["completed"] == 125
    assert summary["requests"] == summary["completed"] + summary["in_progress"] + summary["cancelled"] + summary["unmatched"]


def test_a_bad_policy_raises_with_the_one_line_error(binary):
    with pytest.raises(ridematch.RidematchError) as failure:
        ridematch.run(QUICKSTART, policy=f"python3 {BAD_POLICY} unknown-vehicle", set={"duration": "10m"})
    assert failure.value.returncode == 2
    assert str(failure.value) == (f"error: policy 'python3 {BAD_POLICY} unknown-vehicle': t=5.000 s: "
                                  "assign[0]: unknown vehicle 99999999")


def test_the_policy_hears_start_and_end(binary, tmp_path):
    log = tmp_path / "log.jsonl"
    script = tmp_path / "recording.py"
    script.write_text(f"""
import json, ridematch
class Recording(ridematch.Policy):
    def start(self, message):
        open({str(log)!r}, "a").write(json.dumps(message) + "\\n")
    def decide(self, observation):
        return {{"assign": []}}
    def end(self, summary):
        open({str(log)!r}, "a").write(json.dumps({{"end": summary["requests"]}}) + "\\n")
Recording().serve()
""")
    summary = ridematch.run(QUICKSTART, policy=str(script), set={"duration": "10m"})
    import json
    start, end = [json.loads(line) for line in log.read_text().splitlines()]
    zones = start.pop("zones")
    assert start == {"type": "start", "protocol": 1, "scenario": "quickstart", "seed": 42,
                     "start": "2026-03-02T07:00:00-05:00", "seats": 1, "batch_window_s": 5,
                     "max_pickup_eta_s": 600, "mode": "batch", "vehicles": "candidates"}
    # The traffic zones whose centre lies in the 5 km city disc, by id.
    assert len(zones) == 73 and [z["id"] for z in zones] == sorted(z["id"] for z in zones)
    assert all(set(z) == {"id", "center"} and len(z["center"]) == 2 for z in zones)
    assert end == {"end": summary["requests"]}
    assert summary["completed"] == 0


def test_the_reposition_example_moves_idle_vehicles_reproducibly(binary, tmp_path):
    runs = [ridematch.run(QUICKSTART, policy=str(EXAMPLES / "reposition_policy.py"),
                          set={"duration": "30m", "supply.drivers": 300, "matching.external.vehicles": "available"},
                          out=tmp_path / str(i)) for i in range(2)]
    for name in ("requests.csv", "drivers.csv"):
        assert ((tmp_path / "0" / "quickstart" / "external" / name).read_bytes()
                == (tmp_path / "1" / "quickstart" / "external" / name).read_bytes()), name
    summary = runs[0]
    assert summary["reposition_decisions"] > 0 and summary["reposition_legs"] > 0 and summary["reposition_km"] > 0
    assert summary["requests"] == summary["completed"] + summary["in_progress"] + summary["cancelled"] + summary["unmatched"]
