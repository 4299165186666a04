#!/usr/bin/env python3
"""Routes on an imported OSMnx GraphML equal networkx's Dijkstra, time and distance.

Builds an OSMnx-style MultiDiGraph from a ridematch network database (default
data/manhattan.sqlite: nodes with x/y, edges with length, travel_time, highway, osmid),
writes it with networkx.write_graphml, imports it with `ridematch network import`, routes
N random node pairs with `ridematch network route --pairs` and compares with
networkx.dijkstra_path_length on `travel_time` and on `length`:

1. own edge times (--speeds edges), minimising time and distance;
2. the same after `ridematch network speeds import` of random hourly times on a third of the
   edges, at two hours of the week.

Costs agree within the rounding ridematch's integer weights allow (0.5 ms or 0.5 mm per
edge). Also prints the circuity of the network (shortest road distance ÷ straight line).

Usage: python3 .ci/check_networkx_routes.py RIDEMATCH [--db data/manhattan.sqlite] [--pairs 1000]
"""
import argparse
import csv
import math
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile

import networkx as nx


def haversine(a, b):
    (lat1, lon1), (lat2, lon2) = a, b
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371008.8 * math.asin(math.sqrt(h))


def load(db):
    con = sqlite3.connect(db)
    g = nx.MultiDiGraph(crs="epsg:4326")
    ids = {}
    for nid, osm, lat, lon in con.execute("SELECT id, osm_id, lat, lon FROM nodes ORDER BY id"):
        ids[nid] = osm
        g.add_node(osm, y=lat, x=lon)
    times = dict(con.execute("SELECT edge_id, seconds FROM edge_times")) if con.execute(
        "SELECT name FROM sqlite_master WHERE name='edge_times'").fetchone() else {}
    for eid, s, t, length, road_class, way in con.execute(
            "SELECT id, source, target, length_m, road_class, osm_way_id FROM edges ORDER BY id"):
        attrs = dict(length=length, highway=road_class, osmid=way)
        if eid in times:
            attrs["travel_time"] = times[eid]
        g.add_edge(ids[s], ids[t], key=0, **attrs)
    return g


def route(ridematch, db, pairs_csv, metric, hour):
    out = subprocess.run([ridematch, "network", "route", "--db", db, "--pairs", pairs_csv, "--metric", metric,
                          "--speeds", "edges", "--hour-of-week", str(hour)], check=True, capture_output=True, text=True).stdout
    return {(int(r["from"]), int(r["to"])): (float(r["seconds"]), float(r["meters"])) for r in csv.DictReader(out.splitlines())}


def compare(g, pairs, got, weight, index, label):
    worst, hops_max = 0.0, 0
    for a, b in pairs:
        expected, path = nx.single_source_dijkstra(g, a, b, weight=weight)
        hops = len(path) - 1
        tolerance = 0.0005 * hops + 0.0011  # integer ms/mm per edge, printed to 3 decimals
        value = got[(a, b)][index]
        if abs(value - expected) > tolerance:
            sys.exit(f"error: {label}: {a}->{b}: ridematch {value}, networkx {expected:.4f} ({hops} edges)")
        worst = max(worst, abs(value - expected))
        hops_max = max(hops_max, hops)
    print(f"{label}: {len(pairs)} pairs equal networkx's Dijkstra (largest difference {worst:.4f}, longest route {hops_max} edges)")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("ridematch")
    parser.add_argument("--db", default="data/manhattan.sqlite")
    parser.add_argument("--pairs", type=int, default=1000)
    args = parser.parse_args()
    rng = random.Random(27)
    g = load(args.db)
    nodes = sorted(g.nodes)
    pairs = [(rng.choice(nodes), rng.choice(nodes)) for _ in range(args.pairs)]
    with tempfile.TemporaryDirectory() as work:
        graphml, db = os.path.join(work, "net.graphml"), os.path.join(work, "net.sqlite")
        nx.write_graphml(g, graphml)
        subprocess.run([args.ridematch, "network", "import", graphml, "--db", db], check=True, stdout=subprocess.DEVNULL)
        pairs_csv = os.path.join(work, "pairs.csv")
        with open(pairs_csv, "w") as f:
            f.write("from,to\n" + "".join(f"{a},{b}\n" for a, b in pairs))
        simple = nx.DiGraph(g)  # one edge per pair of nodes, as imported
        by_time = route(args.ridematch, db, pairs_csv, "time", 0)
        by_distance = route(args.ridematch, db, pairs_csv, "distance", 0)
        compare(simple, pairs, by_time, "travel_time", 0, "own times, fastest")
        compare(simple, pairs, by_distance, "length", 1, "own times, shortest")
        # Hourly times on a third of the edges.
        edges = sorted(simple.edges(data=True))
        chosen = [e for e in edges if rng.random() < 1 / 3]
        hourly = {}
        with open(os.path.join(work, "hourly.csv"), "w") as f:
            f.write("u,v,hour_of_week,seconds\n")
            for u, v, a in chosen:
                base = a["travel_time"]
                hourly[(u, v)] = [round(base * rng.uniform(0.7, 2.5), 3) for _ in range(168)]
                f.write("".join(f"{u},{v},{h},{s}\n" for h, s in enumerate(hourly[(u, v)])))
        subprocess.run([args.ridematch, "network", "speeds", "import", os.path.join(work, "hourly.csv"), "--db", db],
                       check=True, stdout=subprocess.DEVNULL)
        for hour in (8, 100):
            timed = simple.copy()
            for (u, v), seconds in hourly.items():
                timed[u][v]["travel_time"] = seconds[hour]
            got = route(args.ridematch, db, pairs_csv, "time", hour)
            compare(timed, pairs, got, "travel_time", 0, f"hourly times on {len(chosen)} edges, hour {hour}, fastest")
        # Circuity: shortest road distance over the straight line, pairs at least 500 m apart.
        point = {n: (d["y"], d["x"]) for n, d in g.nodes(data=True)}
        ratios = [by_distance[(a, b)][1] / haversine(point[a], point[b]) for a, b in pairs
                  if haversine(point[a], point[b]) >= 500]
        fastest = [by_time[(a, b)][1] / haversine(point[a], point[b]) for a, b in pairs
                   if haversine(point[a], point[b]) >= 500]
        print(f"circuity over {len(ratios)} pairs >= 500 m apart: shortest route mean {statistics.mean(ratios):.3f}, "
              f"median {statistics.median(ratios):.3f}; fastest route mean {statistics.mean(fastest):.3f}, "
              f"median {statistics.median(fastest):.3f}")


if __name__ == "__main__":
    main()
