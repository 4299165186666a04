#!/usr/bin/env bash
# Golden outputs: the proof that a refactor changed no behaviour (docs/testing.md).
#
#   .ci/golden.sh record [BINARY]   run every case and write .ci/golden/checksums.sha256
#   .ci/golden.sh check  [BINARY]   run every case and compare with the committed checksums
#
# A case is one line of .ci/golden/cases.txt: a scenario, a strategy, a repositioning policy
# ("-": the scenario's own) and optional --set overrides (the long shipped scenarios run a
# shortened horizon so CI stays quick). Every case writes requests.csv, drivers.csv and
# stops.csv; their SHA-256 sums are the golden record. Two cases run at a time (2 cores).
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:?usage: .ci/golden.sh record|check [BINARY]}
bin=${2:-.build/release/ridematch}
[[ -x $bin ]] || { echo "error: $bin: no such executable (swift build -c release first)" >&2; exit 2; }
cases=${GOLDEN_CASES:-.ci/golden/cases.txt}
sums=.ci/golden/checksums.sha256
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

run_case() {  # id scenario strategy policy sets...
  local id=$1 scenario=$2 strategy=$3 policy=$4; shift 4
  local args=(run "$scenario" --strategy "$strategy" --quiet --force --out "$work/$id") t0=$SECONDS
  [[ $policy == - ]] || args+=(--set "supply.repositioning.policy=$policy")
  for s in "$@"; do args+=(--set "$s"); done
  if ! "$bin" "${args[@]}" >"$work/$id.log" 2>&1; then
    echo "error: golden case $id failed: ${args[*]}" >&2; cat "$work/$id.log" >&2; return 1
  fi
  local dir; dir=$(dirname "$(find "$work/$id" -name requests.csv | head -1)")
  for f in requests.csv drivers.csv stops.csv; do
    (cd "$dir" && sha256sum "$f") | awk -v id="$id" '{print $1 "  " id "/" $2}'
  done >"$work/$id.sum"
  rm -rf "${work:?}/$id"
  echo "$((SECONDS - t0)) $id" >"$work/$id.time"
}
export -f run_case
export work bin

start=$(date +%s)
n=0
while read -r scenario strategy policy sets; do
  [[ -z $scenario || $scenario == \#* ]] && continue
  id="$(basename "$scenario" .yaml)__${strategy}__${policy}"
  printf '%s\0' "$id" "$scenario" "$strategy" "$policy" $sets >>"$work/args.$n"
  n=$((n + 1))
done <"$cases"
ls "$work"/args.* | xargs -P 2 -I{} bash -c 'xargs -0 -a "$1" bash -c '"'"'run_case "$@"'"'"' _' _ {}
cat "$work"/*.sum | LC_ALL=C sort -k2 >"$work/all.sum"
echo "golden: $n cases in $(( $(date +%s) - start )) s; slowest: $(cat "$work"/*.time | sort -rn | head -5 | awk '{printf "%s %s s; ", $2, $1}')"
case $mode in
  record)
    if [[ -n ${GOLDEN_CASES:-} ]]; then  # a subset: replace only the checksums of the cases it ran
      cut -d' ' -f3 "$work/all.sum" | cut -d/ -f1 | sort -u >"$work/ran"
      awk 'NR == FNR { ran[$1] = 1; next } { split($2, p, "/"); if (!(p[1] in ran)) print }' "$work/ran" "$sums" \
        | cat - "$work/all.sum" | LC_ALL=C sort -k2 >"$work/merged.sum"
      cp "$work/merged.sum" "$sums"
    else
      cp "$work/all.sum" "$sums"
    fi
    echo "golden: recorded $(wc -l <"$sums") checksums in $sums" ;;
  check)
    expected=$sums
    if [[ -n ${GOLDEN_CASES:-} ]]; then  # a subset: compare only the cases it ran
      expected=$work/expected.sum
      join -1 2 -2 2 -o 1.1,1.2 <(LC_ALL=C sort -k2 "$sums") <(LC_ALL=C sort -k2 "$work/all.sum") | awk '{print $1 "  " $2}' >"$expected"
      [[ $(wc -l <"$expected") == $(wc -l <"$work/all.sum") ]] || { echo "error: some subset cases have no recorded checksum" >&2; exit 1; }
    fi
    if ! diff -u "$expected" "$work/all.sum" >"$work/diff"; then
      echo "error: golden outputs differ from $sums:" >&2; grep '^[-+][0-9a-f]' "$work/diff" >&2; exit 1
    fi
    echo "golden: all $(wc -l <"$work/all.sum") checksums match $sums" ;;
  *) echo "usage: .ci/golden.sh record|check [BINARY]" >&2; exit 2 ;;
esac
