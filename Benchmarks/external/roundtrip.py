"""The external policy protocol's round trip, measured by the engine itself.

A fixed epoch of 50 requests x 16 candidates: 50 riders at t = 0 on a 7 x 8 grid 1 km apart
(patience 1 h), 16 idle drivers within 50 m of each (no GPS noise), max_pickup_eta 60 s so
no driver is a candidate of another cluster. A trivial policy answers every epoch with no
assignment, so every 1-second batch window sends the same 50 x 16 epoch again for the whole
10-minute horizon (600 epochs). The engine's decision latency (summary.csv
decision_latency_*) is then the round trip: the candidate search, the decide message,
the pipe, Python's json.loads, the answer, the pipe back and the checks.

    python3 Benchmarks/external/roundtrip.py .build/release/ridematch
"""
import csv
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
binary = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, ".build/release/ridematch")
center = (40.758, -73.985)
m_lat = 1 / 111_195.0
m_lon = m_lat / math.cos(math.radians(center[0]))

work = tempfile.mkdtemp(prefix="ridematch-roundtrip-")
try:
    points = [((r - 3) * 1000.0, (c - 3.5) * 1000.0) for r in range(7) for c in range(8)][:50]
    with open(os.path.join(work, "trips.csv"), "w") as f:
        f.write("request_time,origin_lat,origin_lon,dest_lat,dest_lon,patience_s\n")
        for y, x in points:
            f.write(f"0,{center[0] + y * m_lat:.7f},{center[1] + x * m_lon:.7f},{center[0]:.7f},{center[1] + 0.01:.7f},3600\n")
    with open(os.path.join(work, "drivers.csv"), "w") as f:
        f.write("driver_id,lat,lon\n")
        n = 0
        for y, x in points:
            for k in range(16):
                a = 2 * math.pi * k / 16
                f.write(f"d{n},{center[0] + (y + 40 * math.sin(a)) * m_lat:.7f},{center[1] + (x + 40 * math.cos(a)) * m_lon:.7f}\n")
                n += 1
    # The trivial policy: parse each decide, answer no assignment; it notes the epoch's shape,
    # its message size and its own parse time (perf_counter) per epoch.
    with open(os.path.join(work, "trivial.py"), "w") as f:
        f.write(f"""import json, sys, time
log = open({os.path.join(work, 'sizes.txt')!r}, 'w')
for line in sys.stdin.buffer:
    if line.startswith(b'{{"type":"decide"'):
        t = time.perf_counter()
        m = json.loads(line)
        parse = time.perf_counter() - t
        sys.stdout.buffer.write(b'{{"assign":[]}}\\n')
        sys.stdout.buffer.flush()
        log.write(f"{{len(m['requests'])}} {{len(m['candidates'])}} {{len(line)}} {{parse * 1e6:.0f}}\\n")
    elif line.startswith(b'{{"type":"end"'):
        break
log.close()
""")
    with open(os.path.join(work, "roundtrip.yaml"), "w") as f:
        f.write(f"""name: roundtrip
seed: 1
start: 2026-03-02T07:00:00-05:00
duration: 10m
city: {{center: {{lat: {center[0]}, lon: {center[1]}}}, radius_km: 6}}
traffic: {{database: {os.path.join(ROOT, 'data/traffic.sqlite')}}}
demand: {{trips: trips.csv}}
supply: {{drivers_file: drivers.csv, gps_noise_m: 0}}
matching: {{strategy: batch, batch_window: 1s, max_pickup_eta: 60s}}
""")
    out = os.path.join(work, "out")
    subprocess.run([binary, "run", os.path.join(work, "roundtrip.yaml"), "--quiet", "--out", out, "--force",
                    "--policy", f"{sys.executable} {os.path.join(work, 'trivial.py')}"], check=True)
    row = next(csv.DictReader(open(os.path.join(out, "roundtrip/external/summary.csv"))))
    rows = [line.split() for line in open(os.path.join(work, "sizes.txt")).read().splitlines()]
    full = [r for r in rows if r[:2] == ["50", "800"]]
    parse = sorted(int(r[3]) for r in full)
    print(json.dumps({
        "epochs": len(rows), "epochs of 50 x 16": len(full), "message bytes": int(full[0][2]) if full else None,
        "python json.loads p50 us": parse[len(parse) // 2] if parse else None,
        **{k: row[k] for k in row if k.startswith("decision_latency") or k == "wall_s"}}))
finally:
    shutil.rmtree(work, ignore_errors=True)
