#!/usr/bin/env python3
"""Write HIVE's own Manhattan scenario and its ridematch conversion side by side.

Usage: make_manhattan_inputs.py CASE_DIR --vehicles 200|1200 [--travel straight|network]
                                [--wheel FILE.whl | --cache DIR]

From the PyPI wheel nrel-hive 1.3.1 (sha256-pinned in data/make_hive_manhattan.py):

- CASE_DIR/hive/: the wheel's nrel/hive/resources/scenarios/manhattan/ folder as shipped
  (manhattan.yaml, requests/, vehicles/, road_network/, bases/, stations/, ...), plus
  `scenario.yaml` = manhattan.yaml with only `vehicles_file` (nyc_200.csv or nyc_1200.csv)
  and `sim_name` (manhattan_20k_V) set, and a `.hive.yaml` that logs only the request events
  and the summary (as make_inputs.py does for the synthetic cases).
- CASE_DIR/ridematch/: trips_hive_manhattan.csv and drivers_hive_V.csv converted by
  data/make_hive_manhattan.py, and `scenario.yaml` = scenarios/hive-manhattan[-1200].yaml
  (`--travel straight`, the default) or scenarios/hive-manhattan-network.yaml (`--travel
  network`, HIVE's own road network in data/manhattan.sqlite; with 1,200 vehicles its
  drivers file and name are swapped) with its input paths pointing at them (and at
  data/traffic.sqlite, data/manhattan.sqlite). The converted files
  must equal the ones shipped in data/ byte for byte (else exit 1): the harness runs what
  the shipped scenario runs.

Standard library only; runs without HIVE installed (.ci/check-peers.sh uses it).
"""
import argparse
import filecmp
import os
import re
import sys
import tempfile
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.dont_write_bytecode = True  # no __pycache__ in data/
sys.path.insert(0, os.path.join(ROOT, "data"))
import make_hive_manhattan as conv  # noqa: E402
sys.path.insert(0, HERE)
from make_inputs import HIVE_LOGGING  # noqa: E402

SCENARIOS = {("straight", 200): "hive-manhattan", ("straight", 1200): "hive-manhattan-1200",
             ("network", 200): "hive-manhattan-network", ("network", 1200): "hive-manhattan-network"}

def fail(message):
    print(f"error: {message}", file=sys.stderr)
    sys.exit(1)


def hive_side(wheel, folder, vehicles):
    with zipfile.ZipFile(wheel) as z:
        for info in z.infolist():
            if info.filename.startswith(conv.ROOT) and not info.is_dir():
                rel = info.filename[len(conv.ROOT):]
                target = os.path.join(folder, rel)
                os.makedirs(os.path.dirname(target), exist_ok=True)
                with open(target, "wb") as f:
                    f.write(z.read(info))
    with open(os.path.join(folder, "manhattan.yaml")) as f:
        text = f.read()
    text, n1 = re.subn(r"(?m)^(\s*vehicles_file:).*$", rf"\1 nyc_{vehicles}.csv", text)
    text, n2 = re.subn(r"(?m)^(\s*sim_name:).*$", rf"\1 manhattan_20k_{vehicles}", text)
    if n1 != 1 or n2 != 1:
        fail("manhattan.yaml: expected one vehicles_file and one sim_name line")
    with open(os.path.join(folder, "scenario.yaml"), "w") as f:
        f.write(text)
    with open(os.path.join(folder, ".hive.yaml"), "w") as f:
        f.write(HIVE_LOGGING)
    os.makedirs(os.path.join(folder, "out"), exist_ok=True)   # HIVE does not create it


def ridematch_side(wheel, folder, vehicles, travel):
    conv.build(wheel, folder)
    os.remove(os.path.join(folder, conv.DRIVERS_FILES[1200 if vehicles == 200 else 200]))
    shipped = os.path.join(ROOT, "data")
    for name in (conv.TRIPS_FILE, conv.DRIVERS_FILES[vehicles]):
        if not filecmp.cmp(os.path.join(folder, name), os.path.join(shipped, name), shallow=False):
            fail(f"data/{name} differs from a fresh conversion of {conv.WHEEL_NAME} "
                 "(rerun python3 data/make_hive_manhattan.py)")
    name = SCENARIOS[(travel, vehicles)]
    with open(os.path.join(ROOT, "scenarios", name + ".yaml")) as f:
        text = f.read()
    source = name
    replacements = {
        "../data/traffic.sqlite": os.path.join(shipped, "traffic.sqlite"),
        f"../data/{conv.TRIPS_FILE}": conv.TRIPS_FILE,
    }
    if travel == "network":
        replacements["../data/manhattan.sqlite"] = os.path.join(shipped, "manhattan.sqlite")
        # One shipped network scenario (200 vehicles); 1,200 swaps its drivers file and name.
        replacements[f"../data/{conv.DRIVERS_FILES[200]}"] = conv.DRIVERS_FILES[vehicles]
        if vehicles != 200:
            replacements[f"name: {name}\n"] = f"name: {name}-{vehicles}\n"
            replacements["HIVE's vehicles/nyc_200.csv"] = f"HIVE's vehicles/nyc_{vehicles}.csv"
            name = f"{name}-{vehicles}"
    else:
        replacements[f"../data/{conv.DRIVERS_FILES[vehicles]}"] = conv.DRIVERS_FILES[vehicles]
    for old, new in replacements.items():
        if text.count(old) != 1:
            fail(f"scenarios/{name}.yaml: expected '{old}' once")
        text = text.replace(old, new)
    if "../" in text:
        fail(f"scenarios/{name}.yaml: a relative path the harness does not rewrite")
    header = f"# Generated by Benchmarks/peers/make_manhattan_inputs.py from scenarios/{source}.yaml.\n"
    with open(os.path.join(folder, "scenario.yaml"), "w") as f:
        f.write(header + text)
    return name


def main():
    p = argparse.ArgumentParser()
    p.add_argument("case")
    p.add_argument("--vehicles", type=int, choices=sorted(conv.DRIVERS_FILES), required=True)
    p.add_argument("--travel", choices=["straight", "network"], default="straight",
                   help="ridematch on straight lines x 1.3 (default) or on HIVE's road network")
    p.add_argument("--wheel", help=f"a downloaded {conv.WHEEL_NAME}")
    p.add_argument("--cache", help="folder to download the wheel into (reused when there)")
    a = p.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        if a.wheel:
            wheel = a.wheel
        else:
            cache = a.cache or tmp
            os.makedirs(cache, exist_ok=True)
            wheel = conv.fetch_wheel(cache)
        conv.check_sha(wheel)
        hive = os.path.join(a.case, "hive")
        rm = os.path.join(a.case, "ridematch")
        os.makedirs(hive, exist_ok=True)
        os.makedirs(rm, exist_ok=True)
        hive_side(wheel, hive, a.vehicles)
        name = ridematch_side(wheel, rm, a.vehicles, a.travel)
    print(f"wrote HIVE's manhattan scenario ({a.vehicles} vehicles) to {hive} and ridematch's {name} to {rm}")


if __name__ == "__main__":
    main()
