#!/usr/bin/env bash
# Throughput of POST /api/workflows/runs (wait_for_completion, output_only) on the one-filter-job workflow:
# a fresh `compose up` per connection count, wrk for DURATION at 1 and 32 connections; then the server's RSS.
# Usage: benchmarks/api-throughput.sh [duration, default 30s]       (needs wrk)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
duration="${1:-30s}"
file="$root/benchmarks/workloads/one-job.yml"
"$root/compose" validate -f "$file" >/dev/null
for connections in 1 32; do
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  COMPOSE_JAVA_OPTS="${COMPOSE_JAVA_OPTS:--XX:TieredStopAtLevel=4}" "$root/compose" -f "$file" up --port "$port" >/dev/null 2>&1 &
  pid=$!
  until curl -sf "http://127.0.0.1:$port/api/health" >/dev/null 2>&1; do sleep 0.01; done
  echo "== $connections connection(s), $duration"
  wrk -t"$(( connections < 2 ? 1 : 2 ))" -c"$connections" -d"$duration" --latency \
    -s "$root/benchmarks/workloads/api-run.lua" "http://127.0.0.1:$port/api/workflows/runs" | grep -E 'Requests/sec|50%|99%|Non-2xx|Socket errors'
  jpid=$(pgrep -P "$pid" java || echo "$pid")
  echo "RSS after: $(( $(awk '/VmRSS/{print $2}' /proc/$jpid/status 2>/dev/null || echo 0) / 1024 )) MiB"
  kill -TERM "$pid"; wait "$pid" || true
done
