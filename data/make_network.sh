#!/usr/bin/env bash
# Rebuilds data/monaco.osm.pbf and data/monaco.sqlite (the shipped road network).
#
# The extract is test/data/monaco.osm.pbf from the sdist of PyPI osrm-bindings 26.10.0
# (BSD-2-Clause package; the map data is © OpenStreetMap contributors, ODbL 1.0 — see
# data/README.md). The import is deterministic: the same file gives a byte-identical database.
#
# Usage (from anywhere): data/make_network.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The sdist (38 MB) holds the test data; pip prepares its metadata, which needs network access to PyPI.
pip download --quiet --no-deps osrm-bindings==26.10.0 -d "$work"
sdist="$work/osrm_bindings-26.10.0.tar.gz"
[ -f "$sdist" ] || { echo "error: pip did not download the osrm-bindings 26.10.0 sdist" >&2; exit 1; }
tar -xzf "$sdist" -C "$work" osrm_bindings-26.10.0/test/data/monaco.osm.pbf
cp "$work/osrm_bindings-26.10.0/test/data/monaco.osm.pbf" "$root/data/monaco.osm.pbf"
echo "sha256 $(sha256sum "$root/data/monaco.osm.pbf" | cut -d' ' -f1)  data/monaco.osm.pbf"

cd "$root"
swift build -c release --product ridematch
.build/release/ridematch network import data/monaco.osm.pbf --db data/monaco.sqlite
.build/release/ridematch network show --db data/monaco.sqlite
