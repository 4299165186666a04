#!/usr/bin/env python3
"""Generate ONE demand set and ONE fleet, written for both NREL HIVE and ridematch.

Usage: make_inputs.py OUT_DIR --requests N --vehicles V --hours H [--seed S] [--window S]

Same requests (time, origin, destination) and same vehicles (start positions) in both
formats; see README.md in this folder for every modelling choice. Standard library only.
"""
import argparse
import math
import os
import random

CENTER_LAT, CENTER_LON = 40.758, -73.985   # Manhattan-like centre, as the shipped scenarios
POINT_RADIUS_KM = 5.0                      # requests and vehicles lie in this disc
CITY_RADIUS_KM = 6.0                       # ridematch city.radius_km (margin over the disc)
SPEED_KMH = 40.0                           # HIVE's haversine network default_speed_kmph
PATIENCE_S = 600                           # HIVE request_cancel_time_seconds (its default)
EARTH_M_PER_DEG = 111_320.0


# HIVE's .hive.yaml for the comparisons: only the request events they read, and the
# summary; no per-step state dumps.
HIVE_LOGGING = """output_base_directory: out
log_run: true
log_states: false
log_events: true
log_kepler: false
log_instructions: false
log_stats: true
log_level: INFO
log_sim_config:
- add_request_event
- cancel_request_event
- pickup_request_event
- dropoff_request_event
log_station_capacities: false
log_time_step_stats: false
log_fleet_time_step_stats: false
verbose: false
"""


def point(rng):
    """A uniform point in the disc, in the equirectangular plane around the centre."""
    r = POINT_RADIUS_KM * 1000.0 * math.sqrt(rng.random())
    a = 2.0 * math.pi * rng.random()
    lat = CENTER_LAT + (r * math.sin(a)) / EARTH_M_PER_DEG
    lon = CENTER_LON + (r * math.cos(a)) / (EARTH_M_PER_DEG * math.cos(math.radians(CENTER_LAT)))
    return round(lat, 6), round(lon, 6)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("out")
    p.add_argument("--requests", type=int, required=True)
    p.add_argument("--vehicles", type=int, required=True)
    p.add_argument("--hours", type=int, required=True)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--window", type=int, default=60,
                   help="HIVE timestep and dispatch interval = ridematch batch_window, s")
    a = p.parse_args()
    horizon = a.hours * 3600
    rng = random.Random(a.seed)

    # Demand: Poisson arrivals at a constant rate, whole seconds (HIVE times are integer
    # seconds), sorted; origins and destinations uniform in the disc, distinct points.
    times = sorted(rng.randrange(0, horizon) for _ in range(a.requests))
    trips = []
    for i, t in enumerate(times):
        o = point(rng)
        d = point(rng)
        trips.append((i, t, o, d))
    vehicles = [(j, point(rng)) for j in range(a.vehicles)]

    hive = os.path.join(a.out, "hive")
    rm = os.path.join(a.out, "ridematch")
    os.makedirs(hive, exist_ok=True)
    os.makedirs(rm, exist_ok=True)

    # ---- HIVE ----
    with open(os.path.join(hive, "requests.csv"), "w") as f:
        f.write("request_id,o_lat,o_lon,d_lat,d_lon,departure_time,passengers\n")
        for i, t, o, d in trips:
            f.write(f"r{i},{o[0]},{o[1]},{d[0]},{d[1]},{t},1\n")
    with open(os.path.join(hive, "vehicles.csv"), "w") as f:
        # ICE car: 10 gal x 30 mpg = 483 km of range at a full tank, more than a vehicle
        # can drive in the horizon at 40 km/h, so no refuelling ever triggers.
        f.write("vehicle_id,lat,lon,mechatronics_id,initial_soc\n")
        for j, (lat, lon) in vehicles:
            f.write(f"v{j},{lat},{lon},toyota_corolla,1.0\n")
    with open(os.path.join(hive, "bases.csv"), "w") as f:
        f.write("base_id,lat,lon,station_id,stall_count\n")
        f.write(f"b1,{CENTER_LAT},{CENTER_LON},,{a.vehicles}\n")
    with open(os.path.join(hive, "stations.csv"), "w") as f:
        f.write("station_id,lat,lon,charger_id,charger_count,on_shift_access\n")
        f.write(f"s1,{CENTER_LAT},{CENTER_LON},GAS_PUMP,10,true\n")
    end_h = a.hours
    with open(os.path.join(hive, "scenario.yaml"), "w") as f:
        f.write(f"""sim:
  sim_name: peer
  start_time: 0
  end_time: {horizon}
  timestep_duration_seconds: {a.window}
  request_cancel_time_seconds: {PATIENCE_S}
  seed: {a.seed}
network:
  network_type: euclidean
  default_speed_kmph: {SPEED_KMH}
input:
  vehicles_file: vehicles.csv
  requests_file: requests.csv
  bases_file: bases.csv
  stations_file: stations.csv
dispatcher:
  default_update_interval_seconds: {a.window}
  idle_time_out_seconds: {horizon * 10}
""")
    with open(os.path.join(hive, ".hive.yaml"), "w") as f:
        # Only the events the comparison reads are logged; no per-step state dumps.
        f.write(HIVE_LOGGING)

    # ---- ridematch ----
    with open(os.path.join(rm, "trips.csv"), "w") as f:
        f.write("request_time,origin_lat,origin_lon,dest_lat,dest_lon,request_id,patience_s\n")
        for i, t, o, d in trips:
            f.write(f"{t},{o[0]},{o[1]},{d[0]},{d[1]},r{i},{PATIENCE_S}\n")
    with open(os.path.join(rm, "drivers.csv"), "w") as f:
        f.write("driver_id,lat,lon\n")
        for j, (lat, lon) in vehicles:
            f.write(f"v{j},{lat},{lon}\n")
    with open(os.path.join(rm, "speeds.csv"), "w") as f:
        # One zone, 40 km/h in every hour of the week: HIVE's haversine network speed.
        f.write("zone_id,lat,lon,hour_of_week,speed_kmh\n")
        for h in range(168):
            f.write(f"0,{CENTER_LAT},{CENTER_LON},{h},{SPEED_KMH:.2f}\n")
    with open(os.path.join(rm, "scenario.yaml"), "w") as f:
        f.write(f"""# Generated by Benchmarks/peers/make_inputs.py: the HIVE peer comparison.
name: peer
seed: {a.seed}
start: 2026-03-02T00:00:00Z
duration: {end_h}h
city:
  center: {{lat: {CENTER_LAT}, lon: {CENTER_LON}}}
  radius_km: {CITY_RADIUS_KM}
  cell_size_m: 400
  detour_factor: 1.0          # HIVE's haversine network: straight-line distance
traffic:
  database: traffic.sqlite     # one zone at {SPEED_KMH} km/h every hour
  noise: 0                     # HIVE drives exactly at the network speed
demand:
  trips: trips.csv             # patience_s = {PATIENCE_S} s = HIVE request_cancel_time_seconds
supply:
  drivers_file: drivers.csv
  ping_interval: 4s
  gps_noise_m: 0
  delivery_delay: {{mean: 0s, max: 0s}}
fare: {{base: 2.5, per_km: 1.1, per_minute: 0.35, minimum: 7, surge: {{max: 1}}}}
matching:
  strategy: batch
  batch_window: {a.window}s
  max_pickup_eta: 2h           # the settings limit; HIVE has no pickup bound, and no pickup
                               # in the 5 km disc at 40 km/h takes over 15 min: every idle
                               # vehicle is a candidate
streams: {{out_of_orderness: 2s, allowed_lateness: 10s, staleness: 30s}}
report: {{interval: 1h}}
""")
    print(f"wrote {a.requests} requests, {a.vehicles} vehicles, {a.hours} h to {a.out}")


if __name__ == "__main__":
    main()
