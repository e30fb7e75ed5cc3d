#!/usr/bin/env bash
# Fuzzes every operation of the API contract (GET /api/v1/openapi.json) with
# schemathesis (from PyPI, installed once into .tools/schemathesis) against
# the real server: target/debug/netral serve on a free port and a throwaway
# data directory. Fails on a 5xx, a status code the contract does not list,
# or a body that does not match its schema. Extra arguments go to
# `schemathesis run` (e.g. --max-examples 200).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
VERSION=4.32.5
VENV=$ROOT/.tools/schemathesis
NETRAL=${NETRAL_BIN:-$ROOT/target/debug/netral}
# Enough to reach every documented status code in well under three minutes
# on a 2-core machine; the seed keeps a failure reproducible.
MAX_EXAMPLES=${SCHEMATHESIS_MAX_EXAMPLES:-100}
SEED=${SCHEMATHESIS_SEED:-20241127}

[ -x "$NETRAL" ] || { echo "test-schemathesis: $NETRAL is missing (cargo build -p netral-server)" >&2; exit 1; }
installed=$("$VENV/bin/schemathesis" --version 2>/dev/null | awk '{print $NF}' || true)
if [ "$installed" != "$VERSION" ]; then
  echo "test-schemathesis: installing schemathesis $VERSION into .tools/schemathesis (about a minute, once)"
  rm -rf "$VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q --disable-pip-version-check "schemathesis==$VERSION"
fi

DIR=$(mktemp -d /tmp/netral-schemathesis.XXXXXX)
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
RUST_LOG=warn "$NETRAL" serve --listen "127.0.0.1:$PORT" --data-dir "$DIR/data" --dist-dir "$DIR/dist" \
  >"$DIR/server.log" 2>&1 &
SERVER_PID=$!
cleanup() {
  kill -TERM "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  rm -rf "$DIR"
}
trap cleanup EXIT

for _ in $(seq 300); do
  python3 -c "import urllib.request, sys; urllib.request.urlopen(sys.argv[1], timeout=1)" "http://127.0.0.1:$PORT/readyz" 2>/dev/null && break
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$DIR/server.log" >&2; exit 1; }
  sleep 0.1
done

START=$(date +%s)
status=0
# Run from the temporary directory: schemathesis writes a cache there.
(cd "$DIR" && "$VENV/bin/schemathesis" run "http://127.0.0.1:$PORT/api/v1/openapi.json" \
  --checks not_a_server_error,status_code_conformance,response_schema_conformance \
  --max-examples "$MAX_EXAMPLES" --seed "$SEED" --workers 2 \
  --request-timeout 30 --warnings off --no-color "$@") || status=$?
echo "test-schemathesis: $(( $(date +%s) - START )) s"
if [ "$status" != 0 ]; then
  echo "--- server log" >&2
  tail -n 50 "$DIR/server.log" >&2
fi
exit "$status"
