#!/usr/bin/env python3
"""Derive data/manhattan_zones.geojson and data/manhattan_od.sqlite from the PyPI package
pyhailing 0.0.9 (Apache-2.0): real 2018 business-day trip counts inside Manhattan, by
weekday x 15-minute slot x pickup taxi zone x drop-off taxi zone, and the 61 Manhattan
TLC taxi-zone polygons. Python 3, standard library only. Run from the repository root:

    python3 data/make_manhattan.py                      # pip download, then derive
    python3 data/make_manhattan.py --wheel FILE.whl     # use a wheel already downloaded
    python3 data/make_manhattan.py --out DIR            # write into DIR instead of data/

Also writes data/drivers_manhattan_weekday.csv: 10,000 drivers (no shifts) placed uniformly
inside the zones in proportion to each zone's Monday pickups (seeded, so reproducible).

The wheel is fetched with `pip download --no-deps pyhailing==0.0.9` and its SHA-256 is
checked; the raw files are read from inside the wheel and never written out. The outputs
are deterministic: the same wheel gives byte-identical files.

Derivation (data/README.md says the same):
- zones: pyhailing's taxizones.geojson has coordinates in UTM zone 18N (WGS-84 datum) in
  kilometres; every vertex is converted to WGS-84 longitude/latitude with the inverse
  transverse Mercator series (Snyder, "Map Projections: A Working Manual", USGS 1987,
  eqs. 8-18 to 8-25) and rounded to 6 decimals (~0.1 m). zone_id becomes an integer;
  features are written sorted by zone_id. A check asserts every zone centroid lies in
  Manhattan's bounding box.
- rates: trips.csv rows (dow, t_15min, puzone, dozone, n_trips) are grouped by (weekday,
  slot, pickup zone); each group is one od_trips row whose dropoff_trips blob holds the trips
  to every drop-off zone (uint16 little-endian, in the order of the zones table). Groups with
  no trips are left out. Counts are copied exactly (a check: they fit in 16 bits).
"""
import argparse
import csv
import hashlib
import io
import json
import math
import os
import sqlite3
import struct
import subprocess
import sys
import tempfile
import zipfile

PACKAGE = "pyhailing==0.0.9"
WHEEL_NAME = "pyhailing-0.0.9-py3-none-any.whl"
WHEEL_SHA256 = "1b904591a65d60336267d0a3d1d63e4c62b7ff27076aa7dbe21c666f8b1443d2"
SCHEMA_VERSION = 1

# WGS-84 ellipsoid and UTM zone 18N.
A = 6_378_137.0
F = 1 / 298.257223563
K0 = 0.9996
LON0 = math.radians(-75.0)
FALSE_EASTING = 500_000.0


def utm18n_to_lonlat(easting_m, northing_m):
    """Inverse transverse Mercator (Snyder 1987, 8-18..8-25), northern hemisphere."""
    e2 = F * (2 - F)
    ep2 = e2 / (1 - e2)
    x = easting_m - FALSE_EASTING
    m = northing_m / K0
    mu = m / (A * (1 - e2 / 4 - 3 * e2 ** 2 / 64 - 5 * e2 ** 3 / 256))
    e1 = (1 - math.sqrt(1 - e2)) / (1 + math.sqrt(1 - e2))
    phi1 = (mu + (3 * e1 / 2 - 27 * e1 ** 3 / 32) * math.sin(2 * mu)
            + (21 * e1 ** 2 / 16 - 55 * e1 ** 4 / 32) * math.sin(4 * mu)
            + (151 * e1 ** 3 / 96) * math.sin(6 * mu)
            + (1097 * e1 ** 4 / 512) * math.sin(8 * mu))
    sin1, cos1, tan1 = math.sin(phi1), math.cos(phi1), math.tan(phi1)
    c1 = ep2 * cos1 ** 2
    t1 = tan1 ** 2
    n1 = A / math.sqrt(1 - e2 * sin1 ** 2)
    r1 = A * (1 - e2) / (1 - e2 * sin1 ** 2) ** 1.5
    d = x / (n1 * K0)
    lat = phi1 - (n1 * tan1 / r1) * (
        d ** 2 / 2 - (5 + 3 * t1 + 10 * c1 - 4 * c1 ** 2 - 9 * ep2) * d ** 4 / 24
        + (61 + 90 * t1 + 298 * c1 + 45 * t1 ** 2 - 252 * ep2 - 3 * c1 ** 2) * d ** 6 / 720)
    lon = LON0 + (d - (1 + 2 * t1 + c1) * d ** 3 / 6
                  + (5 - 2 * c1 + 28 * t1 - 3 * c1 ** 2 + 8 * ep2 + 24 * t1 ** 2) * d ** 5 / 120) / cos1
    return math.degrees(lon), math.degrees(lat)


def fetch_wheel(folder):
    """pip download the package (no dependencies) into `folder`; the wheel's path."""
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
                    "--quiet", "-d", folder, PACKAGE], check=True)
    return os.path.join(folder, WHEEL_NAME)


def check_sha(path):
    digest = hashlib.sha256(open(path, "rb").read()).hexdigest()
    if digest != WHEEL_SHA256:
        sys.exit(f"error: {path}: sha256 {digest}, expected {WHEEL_SHA256} ({PACKAGE})")


def convert_ring(ring):
    out = []
    for x_km, y_km in ring:
        lon, lat = utm18n_to_lonlat(x_km * 1000, y_km * 1000)
        out.append([round(lon, 6), round(lat, 6)])
    if out[0] != out[-1]:
        out.append(out[0])
    return out


def ring_centroid(ring):
    """Area-weighted centroid of a closed ring (planar, in degrees: fine for a check)."""
    a = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:]):
        cross = x0 * y1 - x1 * y0
        a += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    return cx / (3 * a), cy / (3 * a)


def derive_zones(raw):
    source = json.loads(raw)
    features = []
    for feature in source["features"]:
        props = feature["properties"]
        geometry = feature["geometry"]
        if geometry["type"] == "Polygon":
            coordinates = [convert_ring(r) for r in geometry["coordinates"]]
        elif geometry["type"] == "MultiPolygon":
            coordinates = [[convert_ring(r) for r in polygon] for polygon in geometry["coordinates"]]
        else:
            sys.exit(f"error: taxizones.geojson: unexpected geometry {geometry['type']}")
        features.append({
            "type": "Feature",
            "properties": {"zone_id": int(props["zone_id"]), "zone_name": props["zone_name"]},
            "geometry": {"type": geometry["type"], "coordinates": coordinates},
        })
    features.sort(key=lambda f: f["properties"]["zone_id"])
    for f in features:
        outer = f["geometry"]["coordinates"][0]
        if f["geometry"]["type"] == "MultiPolygon":
            outer = outer[0]
        lon, lat = ring_centroid(outer)
        # Manhattan's bounding box (Battery to Inwood, Hudson to East River), with a margin.
        if not (40.68 < lat < 40.88 and -74.03 < lon < -73.90):
            sys.exit(f"error: zone {f['properties']['zone_id']}: centroid {lat:.4f},{lon:.4f} is not in Manhattan")
    return {"type": "FeatureCollection", "features": features}


def write_geojson(collection, path):
    # One feature per line: diff-friendly, still compact.
    lines = ['{"type": "FeatureCollection", "features": [']
    for i, f in enumerate(collection["features"]):
        sep = "," if i + 1 < len(collection["features"]) else ""
        lines.append(json.dumps(f, separators=(",", ":"), ensure_ascii=False) + sep)
    lines.append("]}")
    with open(path, "w", encoding="utf-8") as out:
        out.write("\n".join(lines) + "\n")


def derive_od(raw_csv, zone_ids, path):
    """Writes the rates; returns {(weekday, slot, pickup): {dropoff: trips}} for the summary."""
    positions = {z: i for i, z in enumerate(sorted(zone_ids))}
    cells = {}
    reader = csv.DictReader(io.StringIO(raw_csv))
    for r in reader:
        weekday, slot, pickup, dropoff, trips = (int(r[k]) for k in ("dow", "t_15min", "puzone", "dozone", "n_trips"))
        if not (0 <= weekday <= 4 and 0 <= slot <= 95):
            sys.exit(f"error: trips.csv: weekday/slot out of range: {r}")
        if pickup not in positions or dropoff not in positions:
            sys.exit(f"error: trips.csv: zone not in taxizones.geojson: {r}")
        if not (0 <= trips <= 0xFFFF):
            sys.exit(f"error: trips.csv: n_trips out of range 0..65535: {r}")
        if trips > 0:
            counts = cells.setdefault((weekday, slot, pickup), [0] * len(positions))
            counts[positions[dropoff]] += trips
    for path_ in (path, path + ".tmp"):
        if os.path.exists(path_):
            os.remove(path_)
    tmp = path + ".tmp"
    db = sqlite3.connect(tmp)
    db.executescript(f"""
        PRAGMA page_size = 4096;
        PRAGMA user_version = {SCHEMA_VERSION};
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
        CREATE TABLE zones (
            position INTEGER PRIMARY KEY,      -- 0, 1, ...: order of the counts in od_trips.dropoff_trips
            zone_id INTEGER NOT NULL UNIQUE    -- TLC taxi zone id (LocationID)
        );
        CREATE TABLE od_trips (
            weekday INTEGER NOT NULL,          -- 0 = Monday ... 4 = Friday
            slot INTEGER NOT NULL,             -- 15-minute slot of the local day, 0..95
            pickup_zone INTEGER NOT NULL,      -- TLC taxi zone id of the pickups
            dropoff_trips BLOB NOT NULL,       -- per drop-off zone (zones order): trips, uint16 little-endian
            PRIMARY KEY (weekday, slot, pickup_zone)
        ) WITHOUT ROWID;
    """)
    meta = {
        "schema_version": str(SCHEMA_VERSION),
        "source": f"PyPI {PACKAGE} (Apache-2.0), pyhailing/data/trips.csv",
        "source_sha256": WHEEL_SHA256,
        "period": "2018 business days (Mon-Fri), Manhattan pickups and drop-offs",
        "slot_seconds": "900",
    }
    db.executemany("INSERT INTO meta VALUES (?, ?)", sorted(meta.items()))
    db.executemany("INSERT INTO zones VALUES (?, ?)", sorted((i, z) for z, i in positions.items()))
    db.executemany("INSERT INTO od_trips VALUES (?, ?, ?, ?)",
                   [(*key, struct.pack(f"<{len(counts)}H", *counts)) for key, counts in sorted(cells.items())])
    db.commit()
    db.execute("VACUUM")
    db.close()
    os.replace(tmp, path)
    return cells


DRIVERS = 10_000


def point_in_ring(ring, x, y):
    inside = False
    j = len(ring) - 1
    for i in range(len(ring)):
        (xi, yi), (xj, yj) = ring[i], ring[j]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def write_drivers(zones, cells, path):
    """10,000 drivers on duty all day, placed uniformly inside zones in proportion to the
    zones' Monday pickups (a seeded generator: the same file every time)."""
    import random
    rng = random.Random(20180101)
    by_zone = {}
    for (weekday, _slot, pickup), counts in cells.items():
        if weekday == 0:
            by_zone[pickup] = by_zone.get(pickup, 0) + sum(counts)
    features = {f["properties"]["zone_id"]: f for f in zones["features"]}
    ids = sorted(by_zone)
    weights = [by_zone[z] for z in ids]
    lines = ["driver_id,lat,lon"]
    for k in range(DRIVERS):
        zone = rng.choices(ids, weights)[0]
        rings = features[zone]["geometry"]["coordinates"]
        xs = [p[0] for p in rings[0]]
        ys = [p[1] for p in rings[0]]
        while True:
            x, y = rng.uniform(min(xs), max(xs)), rng.uniform(min(ys), max(ys))
            if point_in_ring(rings[0], x, y) and not any(point_in_ring(h, x, y) for h in rings[1:]):
                break
        lines.append(f"D{k + 1:05d},{y:.6f},{x:.6f}")
    with open(path, "w") as out:
        out.write("\n".join(lines) + "\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--wheel", help="use this pyhailing-0.0.9 wheel instead of downloading it")
    parser.add_argument("--out", default=os.path.dirname(os.path.abspath(__file__)))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        wheel = args.wheel or fetch_wheel(folder)
        check_sha(wheel)
        with zipfile.ZipFile(wheel) as z:
            zones_raw = z.read("pyhailing/data/taxizones.geojson").decode("utf-8")
            trips_raw = z.read("pyhailing/data/trips.csv").decode("utf-8")
    zones = derive_zones(zones_raw)
    write_geojson(zones, os.path.join(args.out, "manhattan_zones.geojson"))
    zone_ids = {f["properties"]["zone_id"] for f in zones["features"]}
    cells = derive_od(trips_raw, zone_ids, os.path.join(args.out, "manhattan_od.sqlite"))
    write_drivers(zones, cells, os.path.join(args.out, "drivers_manhattan_weekday.csv"))
    by_day = [sum(sum(c) for k, c in cells.items() if k[0] == d) for d in range(5)]
    pairs = sum(sum(1 for n in c if n) for c in cells.values())
    print(f"{len(zones['features'])} zones; {len(cells)} rows holding {pairs} nonzero zone pairs, {sum(by_day)} trips "
          f"(Mon-Fri: {', '.join(map(str, by_day))})")


if __name__ == "__main__":
    main()
