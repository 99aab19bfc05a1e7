#!/usr/bin/env bash
# Starts `TESSERA serve --config CONFIG` with the configuration as it stands but for the listen
# address (a free loopback port) and the data directory (a temporary one), overridden through
# the environment; it must answer /healthz within 20 s and exit 0 on SIGTERM. An installed
# binary finds its libraries through LD_LIBRARY_PATH, which the caller sets.
# usage: tests/install/serve_test.sh TESSERA CONFIG
set -euo pipefail
tessera=$1
config=$2
work=$(mktemp -d)
server_pid=
cleanup() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
fail() {
  cat "$work/serve.log" >&2
  echo "serve: $*" >&2
  exit 1
}

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
TESSERA_LISTEN="127.0.0.1:$port" TESSERA_DATA_DIR="$work/data" \
  "$tessera" serve --config "$config" 2>"$work/serve.log" &
server_pid=$!
for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  kill -0 "$server_pid" 2>/dev/null || break
  sleep 0.2
done
curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 ||
  fail "tessera serve --config $config did not answer /healthz within 20 s"
kill -TERM "$server_pid"
status=0
wait "$server_pid" || status=$?
server_pid=
[ "$status" -eq 0 ] || fail "tessera serve exited $status on SIGTERM"
echo "serve: tessera serve --config $config answered /healthz and exited 0 on SIGTERM"
