#!/usr/bin/env bash
# The peer harness's ridematch side, without running HIVE (Benchmarks/peers/README.md):
#
#   .ci/check-peers.sh BINARY
#
# 1. make_inputs.py writes a small synthetic case (300 requests, 20 vehicles, 1 h); its
#    speeds import, its scenario validates and runs, and compare.py reads the report.
# 2. make_manhattan_inputs.py writes HIVE's Manhattan scenario and the ridematch conversion
#    for 200 and 1,200 vehicles from the pinned nrel-hive 1.3.1 wheel (pip download, sha256
#    checked; the conversion must equal data/ byte for byte); HIVE's side names the right
#    vehicles file; ridematch's validates (on straight lines and on HIVE's road network), and
#    the 200-vehicle ones run their first hour and compare_manhattan.py reads the reports.
# 3. The shipped scenarios/hive-manhattan*.yaml validate.
# Exits non-zero on the first failure. About 15 s. PEERS_WHEEL_CACHE=DIR reuses a download.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:?usage: .ci/check-peers.sh BINARY}
[[ -x $bin ]] || { echo "error: $bin: no such executable" >&2; exit 2; }
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cache=${PEERS_WHEEL_CACHE:-$work/wheel}
export PYTHONDONTWRITEBYTECODE=1
start=$(date +%s)

# 1. Synthetic case.
syn=$work/syn
python3 Benchmarks/peers/make_inputs.py "$syn" --requests 300 --vehicles 20 --hours 1 --seed 42 --window 60 >/dev/null
"$bin" traffic import "$syn/ridematch/speeds.csv" --db "$syn/ridematch/traffic.sqlite" >/dev/null
"$bin" validate "$syn/ridematch/scenario.yaml" >/dev/null
"$bin" run "$syn/ridematch/scenario.yaml" --out "$syn/ridematch/report" --quiet
for f in requests.csv vehicles.csv bases.csv stations.csv scenario.yaml .hive.yaml; do
  [[ -s $syn/hive/$f ]] || { echo "error: make_inputs.py wrote no hive/$f" >&2; exit 1; }
done
python3 - "$syn" <<'PY'
import sys
sys.path.insert(0, "Benchmarks/peers")
from compare import ridematch_figures
f = ridematch_figures(sys.argv[1])
assert f["requests_in"] == 300 and f["vehicles"] == 20, f
assert f["entered"] == 300, f"ridematch accepted {f['entered']} of 300 requests"
assert 0 < f["picked_up"] <= 300, f
print(f"peers: synthetic case ok (300 requests, 20 vehicles: {f['picked_up']} picked up)")
PY

# 2. HIVE's Manhattan scenario, both fleets, both travel models.
for case in 200_straight 1200_straight 200_network 1200_network; do
  v=${case%_*} travel=${case#*_}
  case_dir=$work/manhattan_v$case
  python3 Benchmarks/peers/make_manhattan_inputs.py "$case_dir" --vehicles "$v" --travel "$travel" \
    --cache "$cache" >/dev/null
  grep -q "vehicles_file: nyc_$v.csv" "$case_dir/hive/scenario.yaml" \
    || { echo "error: HIVE scenario for $v vehicles does not name nyc_$v.csv" >&2; exit 1; }
  for f in requests/nyc_20k.csv "vehicles/nyc_$v.csv" road_network/manhattan_network.json \
           bases/nyc_bases.csv stations/nyc_stations.csv .hive.yaml; do
    [[ -s $case_dir/hive/$f ]] || { echo "error: make_manhattan_inputs.py wrote no hive/$f" >&2; exit 1; }
  done
  [[ -d $case_dir/hive/out ]] || { echo "error: no hive/out folder" >&2; exit 1; }
  "$bin" validate "$case_dir/ridematch/scenario.yaml" >/dev/null
done
for travel in straight network; do
case_dir=$work/manhattan_v200_$travel
# (Rows after the first hour are rejected as outside_horizon: a warning, kept out of the log.)
"$bin" run "$case_dir/ridematch/scenario.yaml" --set duration=1h --out "$case_dir/ridematch/report" --quiet \
  2>"$work/run.err" || { cat "$work/run.err" >&2; exit 1; }
python3 - "$case_dir" "$travel" <<'PY'
import csv, sys
sys.path.insert(0, "Benchmarks/peers")
from compare_manhattan import ridematch_figures
case = sys.argv[1]
f = ridematch_figures(case)
first_hour = sum(1 for r in csv.DictReader(open(f"{case}/hive/requests/nyc_20k.csv"))
                 if r["departure_time"] < "2014-12-21 01:00:00")
assert f["requests_in"] == 19979 and f["vehicles"] == 200, f
assert f["entered"] == first_hour, f"ridematch replayed {f['entered']} requests in the first hour, HIVE's file has {first_hour}"
assert 0 < f["picked_up"] <= first_hour and f["km"] > 0, f
print(f"peers: HIVE Manhattan conversion ok, {sys.argv[2]} (first hour: {first_hour} requests, "
      f"{f['picked_up']} picked up, {f['km']:.1f} km)")
PY
done

# 3. The shipped scenarios.
"$bin" validate scenarios/hive-manhattan.yaml scenarios/hive-manhattan-1200.yaml \
  scenarios/hive-manhattan-network.yaml >/dev/null
echo "peers: harness inputs ok in $(( $(date +%s) - start )) s"
