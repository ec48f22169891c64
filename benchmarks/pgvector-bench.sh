#!/usr/bin/env bash
# Runs PgVectorBenchmark against a throwaway PostgreSQL 15 + pgvector cluster (free port, trust auth, under
# benchmarks/target/pgbench), stopped and deleted afterwards. Needs scripts/install-pgvector.sh to have run.
#   benchmarks/pgvector-bench.sh [sizes, default 10000] [queries, default 200]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
BIN=/usr/lib/postgresql/15/bin
if [[ ! -x $BIN/initdb || ! -f /usr/share/postgresql/15/extension/vector.control ]]; then
  echo "PostgreSQL 15 with pgvector is not installed: run scripts/install-pgvector.sh" >&2
  exit 1
fi
mvn -B -q -o package -DskipTests -pl benchmarks -am
dir="$PWD/benchmarks/target/pgbench"
rm -rf "$dir" && mkdir -p "$dir"
as=()
if [[ "$(id -u)" -eq 0 ]]; then
  chown postgres: "$dir"
  as=(runuser -u postgres --)
fi
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
"${as[@]}" "$BIN/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --no-locale --no-sync >/dev/null
"${as[@]}" "$BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c shared_buffers=256MB -c maintenance_work_mem=256MB" start >/dev/null
trap '"${as[@]}" "$BIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null; rm -rf "$dir"' EXIT
java -cp "benchmarks/target/classes:benchmarks/target/lib/*" dev.modelcompose.benchmarks.PgVectorBenchmark \
  "postgresql://postgres@127.0.0.1:$port/postgres" "${1:-10000}" "${2:-200}"
