#!/usr/bin/env bash
# Regenerates ../Generated/*.pb.swift from the .proto files here.
# Needs protoc (Debian: protobuf-compiler) and protoc-gen-swift 1.39.x, built from
# https://github.com/apple/swift-protobuf (swift build -c release --product protoc-gen-swift).
# Usage: generate.sh [PATH/TO/protoc-gen-swift]
set -euo pipefail
cd "$(dirname "$0")"
plugin=${1:-$(command -v protoc-gen-swift || echo /work/tools/swift-protobuf/.build/release/protoc-gen-swift)}
protoc --plugin=protoc-gen-swift="$plugin" --swift_opt=Visibility=Internal \
  --swift_out=../Generated fileformat.proto osmformat.proto
