#!/usr/bin/env bash
# Peer comparison: NREL HIVE vs ridematch on the same requests and vehicles.
#
#   Benchmarks/peers/run_hive.sh [REQUESTS VEHICLES HOURS] ...
#   Benchmarks/peers/run_hive.sh manhattan [200|1200] [straight|network]
#
# Synthetic cases: each triple is one case (default: "3000 100 4"). For each case it generates
# one demand set and one fleet in both tools' formats (make_inputs.py), runs HIVE (Hungarian
# dispatch every 60 s) and ridematch (`batch`, optimal assignment every 60 s), and prints
# wall and CPU time and service rate of each and the ratio (compare.py).
#
# manhattan: HIVE 1.3.1 runs its own built-in Manhattan scenario (19,979 NYC taxi requests of
# Sunday 2014-12-21 on its OSM road network, 200 vehicles or its 1,200-vehicle file), and
# ridematch runs scenarios/hive-manhattan[-1200].yaml (straight lines, the default) or
# scenarios/hive-manhattan-network.yaml (`network`: HIVE's own road network) on the same
# requests and vehicles converted from the same wheel (make_manhattan_inputs.py);
# compare_manhattan.py prints wall and CPU time, served share and km driven of each and the
# ratios.
#
# Needs python3 (with venv) and a Swift toolchain; on a bare Debian: apt-get install -y
# python3 python3-venv. Everything it writes goes to Benchmarks/peers/.venv and
# Benchmarks/peers/work (git-ignored); the tables are also appended to
# Benchmarks/peers/work/results.md.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
venv="$here/.venv"
work="$here/work"
seed="${SEED:-42}"
window="${WINDOW:-60}"

usage() {
  echo "usage: $0 [REQUESTS VEHICLES HOURS] ...   or   $0 manhattan [200|1200] [straight|network]" >&2; exit 2
}
mode=synthetic
if [ "${1:-}" = manhattan ]; then
  mode=manhattan
  fleet="${2:-200}"
  travel="${3:-straight}"
  case "$fleet" in 200|1200) ;; *) usage ;; esac
  case "$travel" in straight|network) ;; *) usage ;; esac
  [ $# -le 3 ] || usage
else
  if [ $# -eq 0 ]; then set -- 3000 100 4; fi
  if [ $(( $# % 3 )) -ne 0 ]; then usage; fi
fi

# 1. HIVE in its own virtual environment (nrel.hive 1.3.1 needs networkx 3.2.1 pinned).
if [ ! -x "$venv/bin/hive" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet "nrel.hive==1.3.1" "networkx==3.2.1"
fi
# HIVE finds its resources with pkg_resources, which venvs of Python >= 3.12 lack.
if ! "$venv/bin/python" -c "import pkg_resources" >/dev/null 2>&1; then
  "$venv/bin/pip" install --quiet "setuptools<81"
fi

# 2. ridematch, release build, used as any user would: YAML + CSV files.
#    RIDEMATCH=/path/to/ridematch skips the build and uses that binary.
if [ -n "${RIDEMATCH:-}" ]; then
  rm_bin="$(cd "$(dirname "$RIDEMATCH")" && pwd)/$(basename "$RIDEMATCH")"
else
  (cd "$root" && swift build -c release >/dev/null)
  rm_bin="$root/.build/release/ridematch"
fi

mkdir -p "$work"
{
  echo "## run of $(date -u +%Y-%m-%dT%H:%M:%SZ) on $(uname -n)"
  echo
  echo "- CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores"
  echo "- HIVE: $("$venv/bin/pip" show nrel.hive | grep ^Version), python $("$venv/bin/python" -c 'import sys; print(sys.version.split()[0])')"
  echo "- ridematch: $(cd "$root" && git rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo
} >> "$work/results.md"

if [ "$mode" = manhattan ]; then
  case_dir="$work/manhattan_v${fleet}_${travel}"
  rm -rf "$case_dir"
  # HIVE's own scenario folder and ridematch's converted inputs, from the one pinned wheel.
  python3 "$here/make_manhattan_inputs.py" "$case_dir" --vehicles "$fleet" --travel "$travel" \
    --cache "$work/wheel"
  "$rm_bin" validate "$case_dir/ridematch/scenario.yaml" >/dev/null

  load_hive="$(cut -d" " -f1-3 /proc/loadavg)"
  (cd "$case_dir/hive" && python3 "$here/timed.py" "$case_dir/hive.time" \
     "$venv/bin/hive" "$case_dir/hive/scenario.yaml" > hive.stdout 2>&1)

  load_rm="$(cut -d" " -f1-3 /proc/loadavg)"
  python3 "$here/timed.py" "$case_dir/ridematch.time" \
    "$rm_bin" run "$case_dir/ridematch/scenario.yaml" --out "$case_dir/ridematch/report" --quiet

  python3 "$here/compare_manhattan.py" "$case_dir" \
    --label "HIVE's Manhattan scenario, $fleet vehicles, ridematch $travel (load before HIVE: $load_hive, before ridematch: $load_rm)" \
    --append "$work/results.md"
  echo "tables appended to $work/results.md"
  exit 0
fi

while [ $# -gt 0 ]; do
  n="$1"; v="$2"; h="$3"; shift 3
  case_dir="$work/r${n}_v${v}_h${h}_w${window}_s${seed}"
  rm -rf "$case_dir"
  python3 "$here/make_inputs.py" "$case_dir" --requests "$n" --vehicles "$v" --hours "$h" \
    --seed "$seed" --window "$window"
  "$rm_bin" traffic import "$case_dir/ridematch/speeds.csv" --db "$case_dir/ridematch/traffic.sqlite" >/dev/null
  "$rm_bin" validate "$case_dir/ridematch/scenario.yaml" >/dev/null

  # HIVE: its scenario file must be given by absolute path, its .hive.yaml is found from cwd.
  mkdir -p "$case_dir/hive/out"
  load_hive="$(cut -d" " -f1-3 /proc/loadavg)"
  (cd "$case_dir/hive" && python3 "$here/timed.py" "$case_dir/hive.time" \
     "$venv/bin/hive" "$case_dir/hive/scenario.yaml" > hive.stdout 2>&1)

  load_rm="$(cut -d" " -f1-3 /proc/loadavg)"
  python3 "$here/timed.py" "$case_dir/ridematch.time" \
    "$rm_bin" run "$case_dir/ridematch/scenario.yaml" --out "$case_dir/ridematch/report" --quiet

  python3 "$here/compare.py" "$case_dir" \
    --label "$n requests, $v vehicles, $h h (seed $seed, window ${window} s; load before HIVE: $load_hive, before ridematch: $load_rm)" \
    --append "$work/results.md"
done
echo "tables appended to $work/results.md"
