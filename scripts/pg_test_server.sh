#!/usr/bin/env bash
# A throwaway PostgreSQL 15 server for tests, on a free loopback port, in a temporary directory.
#   pg_test_server.sh start      prints "DIR URL" (the database URL of a fresh database)
#   pg_test_server.sh stop DIR   stops the server and removes DIR
# initdb refuses to run as root, so as root the server runs as the `postgres` user. Debian's own
# cluster (port 5432) is never touched.
set -euo pipefail

bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
[ -x "$bin/initdb" ] || { echo "pg_test_server: PostgreSQL server binaries not found" >&2; exit 1; }

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "${1:-}" in
  start)
    dir="$(mktemp -d "${TMPDIR:-/tmp}/tessera-pg.XXXXXX")"
    chmod 0755 "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres: "$dir"
    port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
    as_owner "$bin/initdb" -D "$dir/data" -U tessera -A trust --no-sync >"$dir/initdb.log" 2>&1
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
    as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U tessera tessera
    echo "$dir postgresql://tessera@127.0.0.1:$port/tessera"
    ;;
  stop)
    dir="${2:?usage: pg_test_server.sh stop DIR}"
    as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
  *)
    echo "usage: pg_test_server.sh start | stop DIR" >&2
    exit 2
    ;;
esac
