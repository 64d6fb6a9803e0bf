#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL cluster:
#   scripts/with-postgres.sh pytest ...
# Starts Debian's PostgreSQL in a private data directory on its own port
# (PGTEST_PORT, 55432 by default), exports DATABASE_URL, runs the command,
# then stops the cluster and deletes it, whatever the command's outcome.
# initdb refuses to run as root, so as root the cluster belongs to the
# 'postgres' system user that Debian's package creates.
set -euo pipefail

port="${PGTEST_PORT:-55432}"
bindir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
if [ -z "$bindir" ]; then
  echo "PostgreSQL server binaries not found: install Debian's 'postgresql' package." >&2
  exit 1
fi

workdir="$(mktemp -d /tmp/practices-pg.XXXXXX)"
chmod 755 "$workdir"
as_owner=()
if [ "$(id -u)" -eq 0 ]; then
  chown postgres: "$workdir"
  as_owner=(runuser -u postgres --)
fi

stop_cluster() {
  "${as_owner[@]}" "$bindir/pg_ctl" -D "$workdir/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$workdir"
}
trap stop_cluster EXIT

"${as_owner[@]}" "$bindir/initdb" -D "$workdir/data" -U postgres -A trust -E UTF8 \
  --locale=C.UTF-8 --no-sync >"$workdir/initdb.log" 2>&1 \
  || { cat "$workdir/initdb.log" >&2; exit 1; }
"${as_owner[@]}" "$bindir/pg_ctl" -D "$workdir/data" -l "$workdir/server.log" -w \
  -o "-p $port -k $workdir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
  start >/dev/null || { cat "$workdir/server.log" >&2; exit 1; }

export DATABASE_URL="postgres://postgres@127.0.0.1:$port/practices"
echo "PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') running on 127.0.0.1:$port for: $*"
"$@"
