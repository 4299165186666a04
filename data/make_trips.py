#!/usr/bin/env python3
"""Write data/trips_manhattan.csv and data/drivers_manhattan.csv: one synthetic weekday of
yellow-taxi-like trips in Midtown Manhattan, and the drivers (with shifts) that serve them.

Deterministic, standard library only. Run from the repository root:

    python3 data/make_trips.py                 # writes both files into data/
    python3 data/make_trips.py OUT_DIR         # writes them into OUT_DIR

SYNTHETIC, NOT RECORDED TRIPS. The model is shaped after published NYC TLC yellow-taxi
patterns (weekday pickups by hour, Midtown/transit-hub hotspots, short trips with a median
of about 1.6 miles): see data/README.md. No TLC record is copied.

Trip table columns (DESIGN.md): request_time (ISO-8601 with the New York offset),
origin_lat, origin_lon, dest_lat, dest_lon, request_id.
Drivers columns: driver_id, lat, lon, shift_start, shift_end (ISO-8601).
"""
import math
import os
import random
import sys

CENTER_LAT = 40.758                   # Times Square, as scenarios/manhattan-replay.yaml
CENTER_LON = -73.985
RADIUS_M = 6_000.0                    # the scenario's city.radius_km
EARTH_RADIUS_M = 6_371_008.8          # as Core's earthRadiusMeters
DAY = "2026-03-02"                    # a Monday
OFFSET = "-05:00"                     # New York, EST
TRIPS_PER_DAY = 48_000
DRIVERS = 3_000
SEED = 20260302
AXIS = math.radians(29.0)             # Manhattan's street grid runs ~29 degrees east of north

# Share of a weekday's pickups by local hour, after the TLC yellow-taxi weekday profile:
# a morning peak at 8-9, a long busy midday, the 16:00 shift-change dip, the evening peak
# at 18-20, and a quiet 3-5 am.
HOURLY = [2.9, 1.8, 1.2, 0.9, 0.8, 1.0, 2.3, 4.0, 5.0, 4.9, 4.6, 4.7,
          4.9, 4.9, 5.1, 4.9, 4.5, 5.3, 6.3, 6.3, 5.7, 5.4, 5.3, 4.3]

# (name, lat, lon, radius_m, kind): kind says when a place attracts pickups and drop-offs.
PLACES = [
    ("Penn Station", 40.7506, -73.9935, 500, "hub"),
    ("Grand Central", 40.7527, -73.9772, 500, "hub"),
    ("Port Authority", 40.7570, -73.9903, 400, "hub"),
    ("Times Square", 40.7580, -73.9855, 600, "night"),
    ("Midtown East offices", 40.7560, -73.9720, 900, "work"),
    ("Midtown West offices", 40.7610, -73.9800, 900, "work"),
    ("Union Square", 40.7359, -73.9911, 600, "night"),
    ("Chelsea / Meatpacking", 40.7420, -74.0048, 700, "night"),
    ("Columbus Circle", 40.7681, -73.9819, 500, "work"),
    ("Upper East Side", 40.7736, -73.9566, 1200, "home"),
    ("Upper West Side", 40.7870, -73.9754, 1200, "home"),
    ("Murray Hill / Kips Bay", 40.7440, -73.9780, 900, "home"),
]

# Weight of each kind by local hour as an origin; destinations use the mirror image
# (home -> work in the morning, work -> home in the evening).
def kind_weights(hour, as_origin):
    morning = 1.0 if 6 <= hour < 11 else 0.0
    evening = 1.0 if 16 <= hour < 21 else 0.0
    night = 1.0 if hour >= 21 or hour < 4 else 0.0
    home_out = 1.0 + 2.5 * morning
    work_out = 1.0 + 2.5 * evening
    if not as_origin:
        home_out, work_out = 1.0 + 2.5 * evening + 1.5 * night, 1.0 + 2.5 * morning
    return {"hub": 2.0 + 1.0 * (morning + evening), "work": work_out, "home": home_out,
            "night": 0.8 + 2.5 * night}


M_PER_DEG_LAT = EARTH_RADIUS_M * math.pi / 180
M_PER_DEG_LON = M_PER_DEG_LAT * math.cos(CENTER_LAT * math.pi / 180)


def to_plane(lat, lon):
    return (lon - CENTER_LON) * M_PER_DEG_LON, (lat - CENTER_LAT) * M_PER_DEG_LAT


def to_geo(x, y):
    return CENTER_LAT + y / M_PER_DEG_LAT, CENTER_LON + x / M_PER_DEG_LON


def inside(x, y, margin=0.0):
    return math.hypot(x, y) <= RADIUS_M - margin


def in_disc(rng, cx, cy, radius):
    while True:
        r = radius * math.sqrt(rng.random())
        t = 2 * math.pi * rng.random()
        x, y = cx + r * math.cos(t), cy + r * math.sin(t)
        if inside(x, y, 20):
            return x, y


def background(rng):
    """Anywhere in the disc, denser towards Midtown (a Gaussian along the street grid)."""
    while True:
        a, c = rng.gauss(0, 2_600), rng.gauss(0, 1_100)          # along, across the grid
        x = a * math.sin(AXIS) + c * math.cos(AXIS)
        y = a * math.cos(AXIS) - c * math.sin(AXIS)
        if inside(x, y, 20):
            return x, y


def place_point(rng, hour, as_origin):
    weights = kind_weights(hour, as_origin)
    choices = [(p, weights[p[4]]) for p in PLACES]
    total = sum(w for _, w in choices) + 6.0                      # background weight 6
    pick = rng.random() * total
    for p, w in choices:
        if pick < w:
            cx, cy = to_plane(p[1], p[2])
            return in_disc(rng, cx, cy, p[3])
        pick -= w
    return background(rng)


def destination(rng, hour, ox, oy):
    """Half the trips go to a place; the rest go a lognormal distance (median 2.6 km road,
    about 2 km straight) in a direction favouring the street grid's axis."""
    for _ in range(50):
        if rng.random() < 0.5:
            x, y = place_point(rng, hour, as_origin=False)
        else:
            d = 2_000 * math.exp(0.6 * rng.gauss(0, 1))
            along = rng.random() < 0.65
            base = AXIS if along else AXIS + math.pi / 2
            t = base + (math.pi if rng.random() < 0.5 else 0) + rng.gauss(0, 0.25)
            x, y = ox + d * math.sin(t), oy + d * math.cos(t)
        if inside(x, y, 20) and math.hypot(x - ox, y - oy) >= 400:
            return x, y
    return background(rng)


def stamp(seconds):
    s = int(seconds)
    return f"{DAY}T{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}{OFFSET}"


def trips(rng):
    total = sum(HOURLY)
    rows = []
    for hour, share in enumerate(HOURLY):
        n = round(TRIPS_PER_DAY * share / total)
        times = sorted(hour * 3600 + rng.random() * 3600 for _ in range(n))
        for t in times:
            ox, oy = place_point(rng, hour, as_origin=True)
            dx, dy = destination(rng, hour, ox, oy)
            rows.append((t, to_geo(ox, oy), to_geo(dx, dy)))
    rows.sort(key=lambda r: int(r[0]))
    return rows


def drivers(rng):
    """Shifts after the yellow-cab pattern: day (5-17) and night (16-24; the small hours are
    covered by a separate 0-6 group, as one file row holds one shift) shifts changing over in
    the afternoon, plus part-timers around the peaks; each start and end +-30 min. Start
    positions near Midtown."""
    kinds = [("day", 0.34, 5, 17), ("night", 0.32, 16, 24), ("late", 0.16, 0, 6),
             ("am", 0.06, 6, 11), ("pm", 0.12, 16, 23)]
    out = []
    for i in range(DRIVERS):
        pick, chosen = rng.random(), kinds[-1]
        for kind in kinds:
            if pick < kind[1]:
                chosen = kind
                break
            pick -= kind[1]
        _, _, start_h, end_h = chosen
        start = max(0, start_h * 3600 + rng.uniform(-1800, 1800))
        end = min(86_399, end_h * 3600 + rng.uniform(-1800, 1800))
        x, y = background(rng)
        out.append((f"D{i + 1:04d}", to_geo(x, y), start, end))
    return out


def main():
    out_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    rng = random.Random(SEED)
    with open(os.path.join(out_dir, "trips_manhattan.csv"), "w", newline="\n") as f:
        f.write("request_time,origin_lat,origin_lon,dest_lat,dest_lon,request_id\n")
        for i, (t, (olat, olon), (dlat, dlon)) in enumerate(trips(rng)):
            f.write(f"{stamp(t)},{olat:.6f},{olon:.6f},{dlat:.6f},{dlon:.6f},T{i + 1:06d}\n")
    with open(os.path.join(out_dir, "drivers_manhattan.csv"), "w", newline="\n") as f:
        f.write("driver_id,lat,lon,shift_start,shift_end\n")
        for driver_id, (lat, lon), start, end in drivers(rng):
            f.write(f"{driver_id},{lat:.6f},{lon:.6f},{stamp(start)},{stamp(end)}\n")


if __name__ == "__main__":
    main()
