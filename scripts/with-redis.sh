#!/usr/bin/env bash
# Run a command beside a throwaway Redis server:
#   scripts/with-redis.sh pytest ...
# Starts Debian's redis-server on 127.0.0.1 on its own port (REDISTEST_PORT,
# 56379 by default), in a private directory, keeping nothing on disk; exports
# TEST_REDIS_URL (the shared-cache tests, tests/test_shared_cache.py, run
# against it); runs the command; then stops the server and deletes its
# directory, whatever the command's outcome. The command's exit status is kept.
set -euo pipefail

port="${REDISTEST_PORT:-56379}"
server="$(command -v redis-server || true)"
client="$(command -v redis-cli || true)"
if [ -z "$server" ] || [ -z "$client" ]; then
  echo "redis-server not found: install Debian's 'redis-server' package." >&2
  exit 1
fi

workdir="$(mktemp -d /tmp/practices-redis.XXXXXX)"
pid=""
stop_server() {
  if [ -n "$pid" ]; then
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
  rm -rf "$workdir"
}
trap stop_server EXIT

"$server" --bind 127.0.0.1 --port "$port" --dir "$workdir" --save "" --appendonly no \
  --daemonize no --logfile "$workdir/server.log" &
pid=$!

for _ in $(seq 100); do
  if [ "$("$client" -h 127.0.0.1 -p "$port" ping 2>/dev/null)" = "PONG" ]; then
    break
  fi
  if ! kill -0 "$pid" 2>/dev/null; then
    pid=""
    cat "$workdir/server.log" >&2
    exit 1
  fi
  sleep 0.1
done
if [ "$("$client" -h 127.0.0.1 -p "$port" ping 2>/dev/null)" != "PONG" ]; then
  echo "redis-server did not answer on 127.0.0.1:$port within 10 s." >&2
  cat "$workdir/server.log" >&2
  exit 1
fi

export TEST_REDIS_URL="redis://127.0.0.1:$port/0"
echo "Redis $("$server" --version | awk '{print $3}' | cut -d= -f2) running on 127.0.0.1:$port for: $*"
"$@"
