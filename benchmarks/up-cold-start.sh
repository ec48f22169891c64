#!/usr/bin/env bash
# Cold start of `compose up`: from launching ./compose to the first 200 from /health, in milliseconds.
# Usage: benchmarks/up-cold-start.sh [compose-file] [runs]     (default: examples/hello/compose.yml, 5 runs)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
file="${1:-$root/examples/hello/compose.yml}"
runs="${2:-5}"
"$root/compose" validate -f "$file" >/dev/null   # builds the distribution (and its class-data archive) if needed
for ((i = 1; i <= runs; i++)); do
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  start=$(date +%s%N)
  "$root/compose" -f "$file" up --port "$port" >/dev/null 2>&1 &
  pid=$!
  until curl -sf "http://127.0.0.1:$port/api/health" >/dev/null 2>&1; do
    if ! kill -0 "$pid" 2>/dev/null; then echo "compose up exited early" >&2; exit 1; fi
    sleep 0.005
  done
  end=$(date +%s%N)
  echo "run $i: $(( (end - start) / 1000000 )) ms to /health 200"
  kill -TERM "$pid"; wait "$pid" || true
done
