#!/usr/bin/env python3
"""Validate the GeoJSON files `ridematch export geojson` wrote into a report folder.

usage: check_geojson.py REPORT_DIR

Each of requests.geojson, trips.geojson and zones.geojson must load with the PyPI `geojson`
package and be valid by its checks (`is_valid`), and meet RFC 7946 as this script checks it
too: a FeatureCollection without a `crs` member; positions [longitude, latitude] in range with
at most 7 decimals; LineStrings of 2+ positions; polygon rings closed, of 4+ positions, the
exterior counter-clockwise and holes clockwise (right-hand rule). The feature counts must equal
the rows of requests.csv, the completed rows of requests.csv and the rows of zones.csv, and every
feature's properties must equal its CSV row (ids and outcome). A run with demand zones also has
demand_zones.geojson, one feature per row of demand_zones.csv."""
import csv
import json
import os
import re
import sys

import geojson

DECIMALS = re.compile(r"-?\d+(?:\.(\d+))?(?:[eE][-+]?\d+)?")


def signed_area(ring):
    return sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(ring, ring[1:])) / 2


def check_positions(positions, where, problems):
    for p in positions:
        if len(p) < 2 or not (-180 <= p[0] <= 180) or not (-90 <= p[1] <= 90):
            problems.append(f"{where}: position {p} is not [lon, lat] in range")
            return


def check_geometry(g, where, problems):
    if g is None:
        return
    kind, coords = g["type"], g["coordinates"]
    if kind == "Point":
        check_positions([coords], where, problems)
    elif kind == "LineString":
        if len(coords) < 2:
            problems.append(f"{where}: LineString with {len(coords)} positions")
        check_positions(coords, where, problems)
    elif kind in ("Polygon", "MultiPolygon"):
        for polygon in [coords] if kind == "Polygon" else coords:
            for k, ring in enumerate(polygon):
                check_positions(ring, where, problems)
                if len(ring) < 4 or ring[0] != ring[-1]:
                    problems.append(f"{where}: ring {k} not closed or shorter than 4 positions")
                elif (signed_area(ring) > 0) != (k == 0):
                    problems.append(f"{where}: ring {k} wound {'clockwise' if k == 0 else 'counter-clockwise'} "
                                    "(RFC 7946: exterior counter-clockwise, holes clockwise)")
    else:
        problems.append(f"{where}: unexpected geometry {kind}")


def check_file(path, expected_rows, key, problems):
    text = open(path, encoding="utf-8").read()
    for m in re.finditer(r'"coordinates":(\[[^a-z]*?\])[,}]', text):
        for number in DECIMALS.finditer(m.group(1)):
            if number.group(1) and len(number.group(1)) > 7:
                problems.append(f"{path}: coordinate {number.group(0)} has more than 7 decimals")
                break
    collection = geojson.loads(text)
    if not collection.is_valid:
        problems.append(f"{path}: geojson package says invalid: {collection.errors()}")
    raw = json.loads(text)
    if raw.get("type") != "FeatureCollection" or "crs" in raw:
        problems.append(f"{path}: not a FeatureCollection, or has a crs member")
    features = raw["features"]
    if len(features) != len(expected_rows):
        problems.append(f"{path}: {len(features)} features, expected {len(expected_rows)}")
    for i, (feature, row) in enumerate(zip(features, expected_rows)):
        where = f"{path}: feature {i}"
        check_geometry(feature["geometry"], where, problems)
        for column in key:
            want = row[column]
            got = feature["properties"].get(column)
            if (str(got) if got is not None else "") != want:
                problems.append(f"{where}: {column} {got!r} != CSV {want!r}")
                break
        if len(problems) > 20:
            return len(features)
    return len(features)


def main():
    folder = sys.argv[1]
    rows = lambda name: list(csv.DictReader(open(os.path.join(folder, name), newline="", encoding="utf-8")))
    requests, zones = rows("requests.csv"), rows("zones.csv")
    problems = []
    n_req = check_file(os.path.join(folder, "requests.geojson"), requests, ["request_id", "outcome"], problems)
    n_trip = check_file(os.path.join(folder, "trips.geojson"), [r for r in requests if r["outcome"] == "completed"],
                        ["request_id", "driver_id"], problems)
    n_zone = check_file(os.path.join(folder, "zones.geojson"), zones, ["zone_id", "requests"], problems)
    n_demand = None
    if os.path.exists(os.path.join(folder, "demand_zones.csv")):
        n_demand = check_file(os.path.join(folder, "demand_zones.geojson"), rows("demand_zones.csv"),
                              ["zone_id", "requests"], problems)
    for p in problems:
        print(f"check-geojson: {p}", file=sys.stderr)
    if problems:
        sys.exit(1)
    print(f"check-geojson: {folder}: ok — valid RFC 7946 (geojson {geojson.__version__}): {n_req} requests = requests.csv rows, "
          f"{n_trip} trips = completed requests, {n_zone} zones = zones.csv rows"
          + (f", {n_demand} demand zones = demand_zones.csv rows" if n_demand is not None else ""))


if __name__ == "__main__":
    main()
