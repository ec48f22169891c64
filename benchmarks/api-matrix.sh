#!/usr/bin/env bash
# The issue-3 API figures side by side: POST /api/workflows/runs (wait_for_completion, output_only) on the
# one-filter-job workflow and on the one-http-client-job workflow (to benchmarks/servers/Echo.java on :18090), wrk at
# 1 and 32 connections, a fresh `compose up` per run; then wrk straight at the echo server. For each compose run:
# req/s, p50, p99, errors, the server's RSS idle (before wrk), peak during wrk (sampled every second) and after.
# Usage: benchmarks/api-matrix.sh [duration, default 30s] [workloads, default "filter http-client echo"]
#        COMPOSE_JAVA_OPTS="..." benchmarks/api-matrix.sh 10s filter     (extra JVM flags for `up`)
# Needs wrk (Debian: apt-get install wrk). Loopback only; every loop is bounded by wrk's duration.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
duration="${1:-30s}"
workloads="${2:-filter http-client echo}"
lua="$root/benchmarks/workloads/api-run.lua"
"$root/compose" --version >/dev/null   # builds the distribution (and its class-data archive) if needed
rss() { local kib; kib=$(awk '/VmRSS/{print $2}' "/proc/$1/status" 2>/dev/null || true); echo $(( ${kib:-0} / 1024 )); }
summary() { grep -E 'Requests/sec|^ +50%|^ +99%|Non-2xx|Socket errors' | tr -s ' ' | paste -sd' '; }

echo_pid=""
stop_echo() { [[ -n "$echo_pid" ]] && kill -TERM "$echo_pid" 2>/dev/null && wait "$echo_pid" 2>/dev/null; echo_pid=""; }
trap stop_echo EXIT
if [[ "$workloads" == *http-client* || "$workloads" == *echo* ]]; then
  java "$root/benchmarks/servers/Echo.java" 18090 >/dev/null 2>&1 &
  echo_pid=$!
  for ((i = 0; i < 600; i++)); do curl -sf -d '{}' http://127.0.0.1:18090/echo >/dev/null 2>&1 && break; sleep 0.05; done
fi

echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), load average $(cut -d' ' -f1-3 /proc/loadavg), COMPOSE_JAVA_OPTS='${COMPOSE_JAVA_OPTS:-}'"
for workload in $workloads; do
  for connections in 1 32; do
    threads=$(( connections < 2 ? 1 : 2 ))
    if [[ "$workload" == echo ]]; then
      printf '%-12s c=%-2s %s\n' echo "$connections" "$(wrk -t"$threads" -c"$connections" -d"$duration" --latency -s "$lua" http://127.0.0.1:18090/echo | summary)"
      continue
    fi
    case "$workload" in
      filter) file="$root/benchmarks/workloads/one-job.yml" ;;
      http-client) file="$root/benchmarks/workloads/http-client-job.yml" ;;
      *) echo "unknown workload $workload" >&2; exit 2 ;;
    esac
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    "$root/compose" -f "$file" up --port "$port" >/dev/null 2>&1 &   # the launcher execs java: $! is the JVM
    pid=$!
    for ((i = 0; i < 3000; i++)); do curl -sf "http://127.0.0.1:$port/api/health" >/dev/null 2>&1 && break; sleep 0.01; done
    kill -0 "$pid" 2>/dev/null || { echo "compose up exited early" >&2; exit 1; }
    sleep 1
    idle=$(rss "$pid")
    peakfile=$(mktemp)
    ( peak=0; while kill -0 "$pid" 2>/dev/null; do r=$(rss "$pid"); (( r > peak )) && peak=$r && echo "$peak" >"$peakfile"; sleep 1; done ) &
    sampler=$!
    result=$(wrk -t"$threads" -c"$connections" -d"$duration" --latency -s "$lua" "http://127.0.0.1:$port/api/workflows/runs" | summary)
    sleep 2
    after=$(rss "$pid")
    kill -TERM "$pid"; wait "$pid" 2>/dev/null || true
    wait "$sampler" 2>/dev/null || true
    printf '%-12s c=%-2s %s | RSS idle %s MiB, peak %s MiB, after %s MiB\n' "$workload" "$connections" "$result" "$idle" "$(cat "$peakfile")" "$after"
    rm -f "$peakfile"
  done
done
