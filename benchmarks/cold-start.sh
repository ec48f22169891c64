#!/usr/bin/env bash
# Cold start of `compose run` on a one-job file: median wall time of N fresh JVMs (default 11).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
n=${1:-11}
"$root/compose" --version >/dev/null   # builds the distribution if needed, and warms the class-data archive
times=()
for _ in $(seq "$n"); do
  start=$(date +%s%N)
  "$root/compose" run -f "$root/benchmarks/workloads/one-job.yml" >/dev/null
  end=$(date +%s%N)
  times+=($(( (end - start) / 1000000 )))
done
sorted=$(printf '%s\n' "${times[@]}" | sort -n)
median=$(printf '%s\n' "$sorted" | sed -n "$(( (n + 1) / 2 ))p")
echo "compose run (one filter job), $n cold starts: median ${median} ms; all: $(echo $sorted | tr '\n' ' ')"
