#!/usr/bin/env bash
# A throwaway Kafka-protocol broker on loopback for tests and local trials:
#   .ci/kafka-local.sh start   installs noida-db (PyPI) if missing, starts it on a free
#                              127.0.0.1 port with a temporary data dir; prints HOST:PORT
#                              and writes the PID to $KAFKA_LOCAL_DIR/pid
#   .ci/kafka-local.sh stop    stops it by that PID and removes the data dir
#   .ci/kafka-local.sh binary  installs noida-db if missing and prints the broker binary's path
#                              (the Swift tests start and stop the broker themselves)
# State lives in KAFKA_LOCAL_DIR (default /tmp/ridematch-kafka-local).
set -euo pipefail
dir=${KAFKA_LOCAL_DIR:-/tmp/ridematch-kafka-local}

binary() {
  python3 -c 'import importlib.resources as r; print(r.files("noida_db").joinpath("noida-db"))' 2>/dev/null
}

install() {
  if ! python3 -c 'import noida_db' 2>/dev/null; then
    pip install -q noida-db==0.2.3 >/dev/null 2>&1 || pip install -q --break-system-packages noida-db==0.2.3 >/dev/null
  fi
  chmod +x "$(binary)"
}

case "${1:-}" in
  binary)
    install
    binary
    ;;
  start)
    install
    bin=$(binary)
    mkdir -p "$dir"
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    "$bin" start --data-dir "$dir/data" --host 127.0.0.1 --only kafka --kafka-port "$port" >"$dir/log" 2>&1 &
    echo $! >"$dir/pid"
    for _ in $(seq 1 100); do
      if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "127.0.0.1:$port" >"$dir/address"; cat "$dir/address"; exit 0; fi
      sleep 0.05
    done
    echo "kafka-local: broker did not start (see $dir/log)" >&2
    exit 1
    ;;
  stop)
    if [ -f "$dir/pid" ]; then kill -KILL "$(cat "$dir/pid")" 2>/dev/null || true; fi  # throwaway data
    rm -rf "$dir"
    ;;
  *)
    echo "usage: $0 start|stop|binary" >&2
    exit 2
    ;;
esac
