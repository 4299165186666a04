#!/usr/bin/env python3
"""Write data/traffic_speeds.csv: a modelled weekly speed table for an NYC-Manhattan-like city.

Deterministic, standard library only. Run from the repository root:

    python3 data/make_traffic.py            # writes data/traffic_speeds.csv
    python3 data/make_traffic.py OUT.csv    # writes OUT.csv

Zones: centres on a 1 km grid (plane metres east/north of 40.758, -73.985, converted with the
same equirectangular projection ridematch uses) keeping those within 8 km of the centre, so a
6 km city disc is covered with a margin. Columns: zone_id, lat, lon, hour_of_week, speed_kmh,
with hour_of_week 0 = Monday 00:00 UTC.

The speeds are a MODEL, not measurements. The anchor is NYC DOT's New York City Mobility
Report (August 2019, "Manhattan CBD & Midtown Travel Speeds", from taxi GPS), which put the
average weekday travel speed in the Midtown core in 2018 at about 4.7 mph (7.6 km/h); the
core's weekday peak here is 7-9 km/h. Local time is New York with a fixed
EST offset (UTC-5) all year: daylight saving time is ignored.
"""
import csv
import math
import os
import random
import sys

CENTER_LAT = 40.758
CENTER_LON = -73.985
EARTH_RADIUS_M = 6_371_008.8          # as Core's earthRadiusMeters
GRID_M = 1_000.0
DISC_RADIUS_M = 8_000.0
UTC_OFFSET_H = -5                     # fixed EST (no daylight saving)
MANHATTAN_AXIS_DEG = 29.0             # the street grid runs ~29 degrees east of true north
SEED = 20260302

# Congestion by local hour of day, 0 = free flow (3-5 am), 1 = the weekday peak.
# Midtown's midday is nearly as slow as its peaks (deliveries, taxis, pedestrians).
WEEKDAY = [0.18, 0.10, 0.05, 0.00, 0.00, 0.08, 0.40, 0.85, 1.00, 0.97, 0.88, 0.87,
           0.89, 0.89, 0.90, 0.92, 0.97, 1.00, 0.96, 0.78, 0.58, 0.47, 0.37, 0.26]
# Weekends: late, flat midday plateau, no commuter peaks, busier late evenings.
WEEKEND = [0.35, 0.28, 0.20, 0.08, 0.00, 0.00, 0.05, 0.12, 0.22, 0.35, 0.50, 0.60,
           0.67, 0.72, 0.74, 0.73, 0.70, 0.66, 0.62, 0.58, 0.52, 0.48, 0.43, 0.38]


def plane_to_geo(x, y):
    """Inverse of Core's LocalProjection around the city centre."""
    m_per_deg_lat = EARTH_RADIUS_M * math.pi / 180
    m_per_deg_lon = m_per_deg_lat * math.cos(CENTER_LAT * math.pi / 180)
    return CENTER_LAT + y / m_per_deg_lat, CENTER_LON + x / m_per_deg_lon


def coreness(x, y):
    """1 in Midtown, falling off along and (faster) across Manhattan's axis."""
    a = math.radians(MANHATTAN_AXIS_DEG)
    along = x * math.sin(a) + y * math.cos(a)
    across = x * math.cos(a) - y * math.sin(a)
    return math.exp(-(along / 4_000.0) ** 2 - (across / 2_000.0) ** 2)


def congestion(local_day, local_hour):
    """Congestion level for a local day (0 = Monday) and hour."""
    if local_day < 5:
        level = WEEKDAY[local_hour]
        if local_day == 4 and local_hour >= 19:          # Friday evening stays busy
            level = min(1.0, level + 0.12)
        if local_day == 0 and local_hour < 5:            # Sunday night into Monday: quiet
            level *= 0.7
        return level
    level = WEEKEND[local_hour]
    if local_day == 6:
        level *= 0.9                                     # Sunday a little lighter than Saturday
        if local_hour >= 19:
            level *= 0.85
    if local_day == 5 and local_hour < 3:
        level = max(level, 0.40)                         # Friday night out
    return level


def zones():
    """(zone_id, x, y, lat, lon) for grid points within the disc, row by row from the south-west."""
    steps = int(DISC_RADIUS_M // GRID_M)
    result = []
    for j in range(-steps, steps + 1):
        for i in range(-steps, steps + 1):
            x, y = i * GRID_M, j * GRID_M
            if math.hypot(x, y) <= DISC_RADIUS_M:
                lat, lon = plane_to_geo(x, y)
                result.append((len(result) + 1, x, y, round(lat, 6), round(lon, 6)))
    return result


def speeds_for_zone(zone_id, x, y):
    """168 speeds in km/h, index = hour of week in UTC."""
    core = coreness(x, y)
    rng = random.Random(SEED * 1000 + zone_id)
    scale = rng.uniform(0.95, 1.05)           # the zone's street pattern, signals, avenues
    peak_sensitivity = rng.uniform(0.95, 1.05)
    free_flow = 38.0 - 13.0 * core             # 3-5 am: ~25 km/h in Midtown, ~38 outside
    peak = 18.5 - 11.5 * core                  # weekday peak: ~7 km/h in Midtown, ~18.5 outside
    result = []
    for hour_utc in range(168):
        local = (hour_utc + UTC_OFFSET_H) % 168
        level = min(1.0, congestion(local // 24, local % 24) * peak_sensitivity)
        result.append(round(scale * (free_flow - level * (free_flow - peak)), 2))
    return result


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "traffic_speeds.csv")
    table = zones()
    with open(out, "w", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["zone_id", "lat", "lon", "hour_of_week", "speed_kmh"])
        for zone_id, x, y, lat, lon in table:
            for hour, speed in enumerate(speeds_for_zone(zone_id, x, y)):
                writer.writerow([zone_id, f"{lat:.6f}", f"{lon:.6f}", hour, f"{speed:.2f}"])
    print(f"wrote {len(table)} zones, {len(table) * 168} rows to {out}")


if __name__ == "__main__":
    main()
