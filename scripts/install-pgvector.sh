#!/usr/bin/env bash
# Installs PostgreSQL 15 and the pgvector extension on Debian 12 (bookworm), which has no pgvector package.
#
# pgvector is built from the Debian source package of the next release (trixie). The trixie source entry is given to
# apt through private options (a temporary sources file and a scratch lists folder), so the system's apt sources and
# package lists stay untouched. Idempotent: does nothing when the extension is already installed.
#
#   sudo scripts/install-pgvector.sh            # or as root
#
# Environment: PG_MAJOR (default 15), PGVECTOR_SUITE (default trixie), PGVECTOR_MIRROR (default
# http://deb.debian.org/debian), PGVECTOR_FORCE=1 to build and install again even when installed.
set -euo pipefail

PG_MAJOR="${PG_MAJOR:-15}"
SUITE="${PGVECTOR_SUITE:-trixie}"
MIRROR="${PGVECTOR_MIRROR:-http://deb.debian.org/debian}"
PG_CONFIG="/usr/lib/postgresql/${PG_MAJOR}/bin/pg_config"
CONTROL="/usr/share/postgresql/${PG_MAJOR}/extension/vector.control"

sudo=()
if [[ "$(id -u)" -ne 0 ]]; then
  sudo=(sudo)
fi

if [[ -z "${PGVECTOR_FORCE:-}" && -f "$CONTROL" && -x "/usr/lib/postgresql/${PG_MAJOR}/bin/initdb" ]]; then
  echo "pgvector: already installed ($CONTROL)"
  exit 0
fi

# 1. PostgreSQL, its server headers (PGXS) and a C tool chain, from the system's own sources
missing=()
for pkg in "postgresql-${PG_MAJOR}" "postgresql-server-dev-${PG_MAJOR}" make gcc; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
  echo "pgvector: installing ${missing[*]}"
  "${sudo[@]}" apt-get update -q
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# 2. the pgvector source package from the next Debian release, through private apt options
scratch="$(mktemp -d -t pgvector-build.XXXXXX)"
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/lists/partial" "$scratch/src"
chmod 0755 "$scratch"
if [[ "$(id -u)" -eq 0 ]] && id _apt >/dev/null 2>&1; then
  chown -R _apt "$scratch/lists" "$scratch/src"   # apt downloads as _apt (its sandbox user)
fi
echo "deb-src $MIRROR $SUITE main" > "$scratch/sources.list"
apt_private=(
  -o "Dir::Etc::sourcelist=$scratch/sources.list"
  -o "Dir::Etc::sourceparts=-"
  -o "Dir::State::Lists=$scratch/lists"
  -o "Dir::Cache::pkgcache="
  -o "Dir::Cache::srcpkgcache="
  -o "APT::Get::List-Cleanup=0"
)
echo "pgvector: fetching the source package from $MIRROR $SUITE"
apt-get "${apt_private[@]}" update -q
(cd "$scratch/src" && apt-get "${apt_private[@]}" source --download-only pgvector)
orig="$(ls "$scratch"/src/pgvector_*.orig.tar.* | head -n 1)"
tar -xf "$orig" -C "$scratch/src"
srcdir="$(find "$scratch/src" -mindepth 1 -maxdepth 1 -type d -name 'pgvector*' | head -n 1)"

# 3. build and install into the system's PostgreSQL
echo "pgvector: building $(basename "$orig") for PostgreSQL $PG_MAJOR"
# OPTFLAGS="" leaves out -march=native, so the library runs on any x86-64 machine
make -C "$srcdir" -s PG_CONFIG="$PG_CONFIG" OPTFLAGS="" -j"$(nproc)"
"${sudo[@]}" make -C "$srcdir" -s PG_CONFIG="$PG_CONFIG" OPTFLAGS="" install
test -f "$CONTROL"
echo "pgvector: installed ($CONTROL)"
