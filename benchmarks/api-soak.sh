#!/usr/bin/env bash
# Soak: one fresh `compose up` of the one-filter-job workflow under wrk at 32 connections for DURATION (bounded by
# wrk's -d), its RSS written every 10 s to a file (seconds since wrk started, MiB), then wrk's errors and totals.
# Usage: benchmarks/api-soak.sh [duration, default 600s] [rss file, default benchmarks/results/soak-rss.txt]
#        COMPOSE_JAVA_OPTS="..." adds JVM flags for `up`.     Needs wrk. Loopback only.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
duration="${1:-600s}"
out="${2:-$root/benchmarks/results/soak-rss.txt}"
mkdir -p "$(dirname "$out")"
"$root/compose" --version >/dev/null
rss() { local kib; kib=$(awk '/VmRSS/{print $2}' "/proc/$1/status" 2>/dev/null || true); echo $(( ${kib:-0} / 1024 )); }
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$root/compose" -f "$root/benchmarks/workloads/one-job.yml" up --port "$port" >/dev/null 2>&1 &   # $! is the JVM
pid=$!
for ((i = 0; i < 3000; i++)); do curl -sf "http://127.0.0.1:$port/api/health" >/dev/null 2>&1 && break; sleep 0.01; done
kill -0 "$pid" 2>/dev/null || { echo "compose up exited early" >&2; exit 1; }
sleep 1
echo "# $(date -u '+%Y-%m-%d %H:%M:%S UTC'), load average $(cut -d' ' -f1-3 /proc/loadavg), COMPOSE_JAVA_OPTS='${COMPOSE_JAVA_OPTS:-}'" >"$out"
echo "# seconds RSS_MiB (0 = idle, just before wrk)" >>"$out"
echo "0 $(rss "$pid")" >>"$out"
wrk -t2 -c32 -d"$duration" --latency -s "$root/benchmarks/workloads/api-run.lua" \
  "http://127.0.0.1:$port/api/workflows/runs" >"$out.wrk" &
wrk_pid=$!
start=$(date +%s)
while kill -0 "$wrk_pid" 2>/dev/null; do
  sleep 10
  kill -0 "$wrk_pid" 2>/dev/null && echo "$(( $(date +%s) - start )) $(rss "$pid")" >>"$out"
done
wait "$wrk_pid"
sleep 2
echo "after $(rss "$pid")" >>"$out"
kill -TERM "$pid"; wait "$pid" 2>/dev/null || true
cat "$out.wrk"
echo "RSS samples in $out:"; paste -sd' ' <(grep -v '^#' "$out" | awk '{print $2}')
