#!/usr/bin/env bash
# Instruction counts (callgrind) and best-of-N wall times of AssignmentSolver.solve on the
# instances of docs/performance.md. Usage: Benchmarks/callgrind/solver.sh [kind:NxM ...]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$here/../.."
out="$(mktemp -d)"
swiftc -O -g -module-name solver -o "$out/solver" "$here/main.swift" "$root"/Sources/Matching/Assignment/*.swift
"$out/solver" 5
cases=("$@")
[ ${#cases[@]} -gt 0 ] || cases=(0:1000x1000 1:1000x1000 2:1000x1000)
for case in "${cases[@]}"; do
  valgrind --tool=callgrind --callgrind-out-file="$out/cg.$case" "$out/solver" 1 "$case" >/dev/null 2>&1
  printf '%s: ' "$case"
  callgrind_annotate --inclusive=yes "$out/cg.$case" | grep -m1 'AssignmentSolverV5solve' | awk '{print $1, "instructions in solve"}'
done
