#!/usr/bin/env python3
"""Rebuild data/manhattan.sqlite, ridematch's Manhattan road network, reproducibly.

Source: NREL HIVE 1.3.1 (PyPI nrel-hive, BSD-3-Clause), the wheel's
nrel/hive/resources/scenarios/manhattan/road_network/manhattan_network.json: a networkx
node-link graph built with OSMnx 1.2.2 from OpenStreetMap (© OpenStreetMap contributors,
ODbL 1.0): 4,197 nodes, 7,534 directed edges with length, speed_kmph and travel_time.
make_hive_manhattan.py downloads the wheel (sha256-pinned) and extracts the JSON; `ridematch
network import` reads it (node ids kept, the 5 parallel edges dropped, one strongly
connected component) into a database that is byte-identical on every rebuild.

Usage:  python3 data/make_manhattan_network.py [--ridematch BIN] [--wheel WHEEL] [--check]
"""
import argparse
import filecmp
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TARGET = os.path.join(ROOT, "data", "manhattan.sqlite")


def build(ridematch, wheel, out):
    with tempfile.TemporaryDirectory() as work:
        network = os.path.join(work, "manhattan_network.json")
        command = [sys.executable, os.path.join(ROOT, "data", "make_hive_manhattan.py"),
                   "--out", os.path.join(work, "converted"), "--network-json", network]
        if wheel:
            command += ["--wheel", wheel]
        os.makedirs(os.path.join(work, "converted"))
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        subprocess.run([ridematch, "network", "import", network, "--db", out], check=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ridematch", default=os.path.join(ROOT, ".build", "release", "ridematch"),
                        help="the ridematch binary (default: .build/release/ridematch)")
    parser.add_argument("--wheel", help="use this nrel.hive-1.3.1-py3-none-any.whl instead of downloading it")
    parser.add_argument("--check", action="store_true", help="rebuild in a temporary folder and compare byte for byte")
    args = parser.parse_args()
    if not os.access(args.ridematch, os.X_OK):
        sys.exit(f"error: {args.ridematch}: no ridematch binary (swift build -c release --product ridematch)")
    if args.check:
        with tempfile.TemporaryDirectory() as work:
            rebuilt = os.path.join(work, "manhattan.sqlite")
            build(args.ridematch, args.wheel, rebuilt)
            if not filecmp.cmp(rebuilt, TARGET, shallow=False):
                sys.exit("error: data/manhattan.sqlite differs from a rebuild")
            print("data/manhattan.sqlite: rebuilt byte for byte")
    else:
        build(args.ridematch, args.wheel, TARGET)


if __name__ == "__main__":
    main()
