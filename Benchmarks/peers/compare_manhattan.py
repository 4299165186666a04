#!/usr/bin/env python3
"""Read HIVE's run of its Manhattan scenario and ridematch's run of the converted inputs and
print them side by side: wall and CPU time, served share, km driven, and the ratios.

Usage: compare_manhattan.py CASE_DIR [--label TEXT] [--append FILE]

CASE_DIR is what make_manhattan_inputs.py wrote (hive/, ridematch/) after run_hive.sh ran
both tools in it. "served" = riders picked up / requests in the file (HIVE: its
pickup_request_event lines; ridematch: requests.csv rows with a pickup_time_s). km: HIVE's
summary_stats.json total_vkt and its split by vehicle state (DispatchTrip = to pickups,
ServicingTrip = with a rider, the rest to bases and stations); ridematch's deadhead_km
(to pickups) + trip_km (with a rider) of summary.json. Standard library only.
"""
import argparse
import csv
import glob
import json
import os
import re
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from compare import PATIENCE_S, count_lines, fail, hive_run  # noqa: E402


def hive_figures(case):
    _, stats, figures = hive_run(case, "manhattan_20k_*")
    vkt = {state: v["vkt"] for state, v in stats["vehicle_state"].items() if v["vkt"]}
    with open(os.path.join(case, "hive", "scenario.yaml")) as f:
        vehicles_file = re.search(r"vehicles_file:\s*(\S+)", f.read()).group(1)
    return {
        "requests_in": count_lines(os.path.join(case, "hive", "requests", "nyc_20k.csv")),
        "vehicles": count_lines(os.path.join(case, "hive", "vehicles", vehicles_file)),
        **figures,
        "km": stats["total_vkt"],
        "km_pickup": vkt.get("DispatchTrip", 0.0),
        "km_trip": vkt.get("ServicingTrip", 0.0),
        "km_split": vkt,
    }


def ridematch_figures(case):
    reports = glob.glob(os.path.join(case, "ridematch", "report", "*", "batch"))
    if len(reports) != 1:
        fail(f"expected one ridematch report under {case}/ridematch/report, found {len(reports)}")
    rep = reports[0]
    with open(os.path.join(rep, "summary.json")) as f:
        s = json.load(f)
    picked = within = 0
    with open(os.path.join(rep, "requests.csv")) as f:
        for row in csv.DictReader(f):
            if row["pickup_time_s"] != "":
                picked += 1
                if float(row["wait_s"]) <= PATIENCE_S:
                    within += 1
    rm = os.path.join(case, "ridematch")
    drivers = [n for n in os.listdir(rm) if n.startswith("drivers_hive_")]
    return {
        "requests_in": count_lines(os.path.join(rm, "trips_hive_manhattan.csv")),
        "vehicles": count_lines(os.path.join(rm, drivers[0])),
        "entered": s["requests"],
        "picked_up": picked,
        "within": within,
        "completed": s["completed"],
        "cancelled": s["cancelled"],
        "sim_s": s["wall_s"],
        "own_rate": s["match_rate"],
        "km": s["deadhead_km"] + s["trip_km"],
        "km_pickup": s["deadhead_km"],
        "km_trip": s["trip_km"],
        "km_split": {"deadhead_km": s["deadhead_km"], "trip_km": s["trip_km"],
                     "vehicle_km": s.get("vehicle_km")},
    }


def ratio(a, b):
    return a / b if a and b else float("nan")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("case")
    p.add_argument("--label", default="")
    p.add_argument("--append", help="also append the table (markdown) to this file")
    a = p.parse_args()
    h = hive_figures(a.case)
    r = ridematch_figures(a.case)
    if h["requests_in"] != r["requests_in"] or h["vehicles"] != r["vehicles"]:
        fail(f"the two tools were given different inputs: HIVE {h['requests_in']} requests, "
             f"{h['vehicles']} vehicles; ridematch {r['requests_in']}, {r['vehicles']}")
    for f, name in ((h, "hive"), (r, "ridematch")):
        with open(os.path.join(a.case, name + ".time")) as tf:
            f["wall"], f["cpu"] = (float(x) for x in tf.read().split())
    n = h["requests_in"]
    head = ["tool", "requests", "vehicles", "wall s", "CPU s", "sim s", "served (picked up)/req",
            "picked up, wait <= 600 s/req", "completed/req", "cancelled", "km driven",
            "km to pickups", "km with a rider"]
    rows = []
    with open(os.path.join(a.case, "ridematch", "scenario.yaml")) as sf:
        on_network = re.search(r"(?m)^\s*network:", sf.read()) is not None
    travel = "HIVE's network, edge times" if on_network else "straight line x 1.3, traffic table"
    for name, f in (("NREL HIVE 1.3.1 (OSM network, 60 s steps)", h),
                    (f"ridematch batch ({travel})", r)):
        rows.append([name, str(n), str(f["vehicles"]), f"{f['wall']:.2f}", f"{f['cpu']:.2f}",
                     "" if f["sim_s"] is None else f"{f['sim_s']:.2f}",
                     f"{f['picked_up'] / n:.4f}", f"{f['within'] / n:.4f}", f"{f['completed'] / n:.4f}",
                     str(f["cancelled"]), f"{f['km']:.2f}", f"{f['km_pickup']:.2f}", f"{f['km_trip']:.2f}"])
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    lines.append("")
    lines.append(f"ratios HIVE / ridematch: wall {ratio(h['wall'], r['wall']):.1f}x, CPU {ratio(h['cpu'], r['cpu']):.1f}x, "
                 f"simulation only {ratio(h['sim_s'], r['sim_s']):.1f}x; served {ratio(h['picked_up'], r['picked_up']):.3f}, "
                 f"km driven {ratio(h['km'], r['km']):.3f}")
    lines.append(f"HIVE's own 'Requests Served' (1 - cancelled/entered): {h['own_rate']:.4f}; km by state: "
                 + ", ".join(f"{k} {v:.2f}" for k, v in sorted(h["km_split"].items())))
    lines.append(f"ridematch served by HIVE's definition (1 - cancelled/requests): {1 - r['cancelled'] / n:.4f}; "
                 f"match_rate ((completed + in_progress)/requests): {r['own_rate']:.4f}; "
                 + ", ".join(f"{k} {v:.2f}" for k, v in r["km_split"].items() if v is not None))
    text = (f"### {a.label}\n\n" if a.label else "") + "\n".join(lines) + "\n"
    print(text)
    if a.append:
        with open(a.append, "a") as f:
            f.write(text + "\n")


if __name__ == "__main__":
    main()
