#!/usr/bin/env bash
# The dispatch benchmark's baselines table (scenarios/bench/baselines.csv), reproduced by
# `ridematch compare` on each case of scenarios/bench/.
#   .ci/check-bench.sh record BINARY        reruns every case with its compare section and rewrites the table
#   .ci/check-bench.sh check BINARY [--quick]  reruns and compares every deterministic number;
#                                           --quick: the first seed of each case only (CI)
# Solo cases run each strategy with the repositioning policies stay and rebalance; pooled
# cases (supply.seats > 1) their strategies as they are.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:?usage: .ci/check-bench.sh record|check BINARY [--quick]}
bin=${2:?usage: .ci/check-bench.sh record|check BINARY [--quick]}
quick=${3:-}
[[ $mode == record || $mode == check ]] || { echo "error: mode must be record or check, got '$mode'" >&2; exit 2; }
[[ -x $bin ]] || { echo "error: $bin: no such executable" >&2; exit 2; }
[[ -z $quick || $quick == --quick ]] || { echo "error: unknown option '$quick'" >&2; exit 2; }
table=scenarios/bench/baselines.csv
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
start=$(date +%s)
for case in scenarios/bench/*.yaml; do
  name=$(basename "$case" .yaml)
  args=(compare "$case" --out "$work/$name" --quiet)
  grep -Eq '^  seats: *([2-9]|[1-9][0-9])' "$case" || args+=(--policies stay,rebalance)
  [[ -z $quick ]] || args+=(--replications 1)
  "$bin" "${args[@]}"
  cp "$work/$name"/*/compare_runs.csv "$work/$name.csv"
done
python3 - "$mode" "$table" "$work" <<'PY'
import csv, glob, os, sys
mode, table, work = sys.argv[1:]
# Every figure of compare_runs.csv that the seed fixes (not wall time nor decision latency).
COLUMNS = ["match_rate", "completed", "cancelled", "time_to_match_mean_s", "wait_mean_s", "wait_p90_s",
           "pickup_eta_mae_s", "deadhead_km", "reposition_km", "utilization", "revenue", "vehicle_km_per_trip",
           "occupancy_mean", "pooled_share"]
rows = []
for path in sorted(glob.glob(os.path.join(work, "*.csv"))):
    case = os.path.basename(path)[:-4]
    for r in csv.DictReader(open(path)):
        rows.append({"case": case, "arm": r["strategy"], "seed": r["seed"], **{c: r[c] for c in COLUMNS}})
header = ["case", "arm", "seed"] + COLUMNS
if mode == "record":
    with open(table, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=header, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    print(f"bench: wrote {table} ({len(rows)} runs)")
    sys.exit(0)
want = {(r["case"], r["arm"], r["seed"]): r for r in csv.DictReader(open(table))}
bad = 0
for r in rows:
    key = (r["case"], r["arm"], r["seed"])
    if key not in want:
        print(f"error: {table}: no row for case {key[0]}, arm {key[1]}, seed {key[2]}", file=sys.stderr); bad += 1
        continue
    for c in COLUMNS:
        if want[key][c] != r[c]:
            print(f"error: {table}: {key[0]} {key[1]} seed {key[2]}: {c} is {r[c]}, the table says {want[key][c]}",
                  file=sys.stderr); bad += 1
if bad:
    sys.exit(1)
print(f"bench: {len(rows)} runs match {table}")
PY
echo "bench: $mode in $(( $(date +%s) - start )) s"
