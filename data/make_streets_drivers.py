#!/usr/bin/env python3
"""Write data/drivers_manhattan_streets.csv: the drivers of data/drivers_manhattan.csv whose
start lies on Manhattan's streets (within 900 m of a node of data/manhattan.sqlite).

data/drivers_manhattan.csv places 3,000 synthetic drivers in a 6 km disc around Times
Square, which reaches New Jersey, Brooklyn and Queens; on the Manhattan road network a start
farther than 1,000 m from every node is an error (docs/networks.md, Snapping), so the network
variant of manhattan-replay starts the 2,878 drivers on Manhattan's side (900 m leaves a
margin for the network's plane distance). Standard library only; the same bytes every run.

Usage: python3 data/make_streets_drivers.py
"""
import math
import os
import sqlite3

HERE = os.path.dirname(os.path.abspath(__file__))
LIMIT_M = 900.0


def haversine(lat1, lon1, lat2, lon2):
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371008.8 * math.asin(math.sqrt(h))


def main():
    con = sqlite3.connect(f"file:{os.path.join(HERE, 'manhattan.sqlite')}?mode=ro", uri=True)
    nodes = con.execute("SELECT lat, lon FROM nodes ORDER BY id").fetchall()
    kept = dropped = 0
    with open(os.path.join(HERE, "drivers_manhattan.csv")) as source, \
            open(os.path.join(HERE, "drivers_manhattan_streets.csv"), "w", newline="\n") as out:
        header = source.readline()
        out.write(header)
        columns = header.strip().split(",")
        lat_at, lon_at = columns.index("lat"), columns.index("lon")
        for line in source:
            fields = line.strip().split(",")
            lat, lon = float(fields[lat_at]), float(fields[lon_at])
            near = min(haversine(lat, lon, a, b) for a, b in nodes if abs(a - lat) < 0.05)
            if near <= LIMIT_M:
                out.write(line)
                kept += 1
            else:
                dropped += 1
    print(f"data/drivers_manhattan_streets.csv: {kept} drivers kept, {dropped} farther than {LIMIT_M:.0f} m from the streets")


if __name__ == "__main__":
    main()
