#!/usr/bin/env python3
"""Writes data/monaco_traffic_speeds.csv: three traffic zones of Monaco (Monte-Carlo, the
port and Monaco-Ville, Fontvieille) with a weekday rush-hour speed profile. On a road network
the zones serve surge pricing and the zone columns of the reports; driving times come from
the network's road-class speeds. Import: ridematch traffic import data/monaco_traffic_speeds.csv
--db data/monaco_traffic.sqlite"""
import csv, os

ZONES = [(1, 43.7430, 7.4280), (2, 43.7340, 7.4210), (3, 43.7280, 7.4150)]
here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, "monaco_traffic_speeds.csv"), "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["zone_id", "lat", "lon", "hour_of_week", "speed_kmh"])
    for zone, lat, lon in ZONES:
        for h in range(168):
            day, hour = divmod(h, 24)
            rush = day < 5 and (hour in (7, 8, 9) or hour in (16, 17, 18))
            speed = 18.0 if rush else 30.0 if hour < 6 else 24.0
            w.writerow([zone, f"{lat:.4f}", f"{lon:.4f}", h, f"{speed:.1f}"])
