#!/usr/bin/env python3
"""Read one HIVE run and one ridematch run of the same inputs and print the comparison.

Usage: compare.py CASE_DIR [--label TEXT] [--append FILE]

CASE_DIR is what make_inputs.py wrote (hive/, ridematch/) after run_hive.sh ran both
tools in it. Standard library only. Exits 1 if an output is missing or inconsistent.
"""
import argparse
import csv
import glob
import json
import os
import re
import sys


def fail(msg):
    print(f"error: {msg}", file=sys.stderr)
    sys.exit(1)


PATIENCE_S = 600   # make_inputs.py: HIVE request_cancel_time_seconds = ridematch patience_s


def hms(text):
    """HIVE writes waits as a timedelta: 'H:MM:SS' (optionally 'N day(s), H:MM:SS')."""
    days = 0
    if "day" in text:
        d, text = text.split(",")
        days = int(d.split()[0])
    h, m, sec = text.strip().split(":")
    return days * 86400 + int(h) * 3600 + int(m) * 60 + float(sec)


def count_lines(path):
    with open(path) as f:
        return sum(1 for _ in f) - 1   # minus the header


def hive_run(case, pattern):
    """The newest HIVE run under CASE/hive/out matching PATTERN: its folder, its
    summary_stats.json, and the event figures both comparisons print."""
    runs = sorted(glob.glob(os.path.join(case, "hive", "out", pattern)))
    if not runs:
        fail(f"no HIVE output under {case}/hive/out")
    run = runs[-1]
    counts = {}
    within = 0
    with open(os.path.join(run, "event.log")) as f:
        for line in f:
            e = json.loads(line)
            t = e["report_type"]
            counts[t] = counts.get(t, 0) + 1
            if t == "pickup_request_event" and hms(e["wait_time_seconds"]) <= PATIENCE_S:
                within += 1
    sim_s = None
    with open(os.path.join(case, "hive", "hive.stdout"), errors="replace") as f:
        for line in f:
            m = re.search(r"time elapsed: ([0-9.]+) seconds", line)
            if m:
                sim_s = float(m.group(1))
    with open(os.path.join(run, "summary_stats.json")) as f:
        stats = json.load(f)
    figures = {
        "entered": counts.get("add_request_event", 0),
        "picked_up": counts.get("pickup_request_event", 0),
        "within": within,
        "completed": counts.get("dropoff_request_event", 0),
        "cancelled": counts.get("cancel_request_event", 0),
        "sim_s": sim_s,
        "own_rate": stats["requests_served_percent"],
    }
    return run, stats, figures


def hive_figures(case):
    _, _, figures = hive_run(case, "peer_*")
    return {
        "requests_in": count_lines(os.path.join(case, "hive", "requests.csv")),
        "vehicles": count_lines(os.path.join(case, "hive", "vehicles.csv")),
        **figures,
    }


def ridematch_figures(case):
    rep = os.path.join(case, "ridematch", "report", "peer", "batch")
    with open(os.path.join(rep, "summary.json")) as f:
        s = json.load(f)
    picked = 0
    within = 0
    with open(os.path.join(rep, "requests.csv")) as f:
        for row in csv.DictReader(f):
            if row["pickup_time_s"] != "":
                picked += 1
                if float(row["wait_s"]) <= PATIENCE_S:
                    within += 1
    return {
        "requests_in": count_lines(os.path.join(case, "ridematch", "trips.csv")),
        "vehicles": count_lines(os.path.join(case, "ridematch", "drivers.csv")),
        "entered": s["requests"],
        "picked_up": picked,
        "within": within,
        "completed": s["completed"],
        "cancelled": s["cancelled"],
        "sim_s": s["wall_s"],
        "own_rate": s["match_rate"],
    }


def main():
    p = argparse.ArgumentParser()
    p.add_argument("case")
    p.add_argument("--label", default="")
    p.add_argument("--append", help="also append the table (markdown) to this file")
    a = p.parse_args()
    h = hive_figures(a.case)
    r = ridematch_figures(a.case)
    if h["requests_in"] != r["requests_in"] or h["vehicles"] != r["vehicles"]:
        fail("the two tools were given different inputs")
    for f, name in ((h, "hive"), (r, "ridematch")):
        with open(os.path.join(a.case, name + ".time")) as tf:
            f["wall"], f["cpu"] = (float(x) for x in tf.read().split())
    n = h["requests_in"]
    rows = []
    for name, f in (("NREL HIVE 1.3.1", h), ("ridematch batch", r)):
        rows.append([
            name, str(n), str(f["vehicles"]), f"{f['wall']:.2f}", f"{f['cpu']:.2f}",
            "" if f["sim_s"] is None else f"{f['sim_s']:.2f}",
            f"{f['picked_up'] / n:.4f}", f"{f['within'] / n:.4f}", f"{f['completed'] / n:.4f}",
            str(f["cancelled"]), str(f["entered"]),
        ])
    head = ["tool", "requests", "vehicles", "wall s", "CPU s", "sim s",
            "served (picked up)/req", "picked up, wait <= 600 s/req", "completed/req", "cancelled", "requests entered"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    ratio_wall = h["wall"] / r["wall"] if r["wall"] > 0 else float("inf")
    ratio_cpu = h["cpu"] / r["cpu"] if r["cpu"] > 0 else float("inf")
    ratio_sim = (h["sim_s"] / r["sim_s"]) if h["sim_s"] and r["sim_s"] else float("nan")
    lines.append("")
    lines.append(f"wall-time ratio HIVE / ridematch: {ratio_wall:.1f}x (whole process); "
                 f"{ratio_sim:.1f}x (simulation only, as each tool reports it)")
    lines.append(f"HIVE's own 'Requests Served' (1 - cancelled/entered): {h['own_rate']:.4f}; "
                 f"ridematch match_rate ((completed + in_progress)/requests): {r['own_rate']:.4f}")
    text = (f"### {a.label}\n\n" if a.label else "") + "\n".join(lines) + "\n"
    print(text)
    if a.append:
        with open(a.append, "a") as f:
            f.write(text + "\n")


if __name__ == "__main__":
    main()
