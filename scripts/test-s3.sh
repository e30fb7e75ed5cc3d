#!/usr/bin/env bash
# Starts a throwaway S3-compatible server (moto's, from PyPI, installed once
# into .tools/moto) on a free port of 127.0.0.1, makes the bucket
# `netral-test` in it, runs the given command with NETRAL_TEST_S3_URL and the
# standard AWS_* variables pointing at it, then stops it. For example:
#   scripts/test-s3.sh cargo test -p netral-server --test evidence_s3
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
MOTO_VERSION=5.2.5
VENV=$ROOT/.tools/moto

installed=$("$VENV/bin/python" -c 'import moto; print(moto.__version__)' 2>/dev/null || true)
if [ "$installed" != "$MOTO_VERSION" ]; then
  echo "test-s3: installing moto[server] $MOTO_VERSION into .tools/moto (about a minute, once)"
  rm -rf "$VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q --disable-pip-version-check "moto[server]==$MOTO_VERSION"
fi
PY=$VENV/bin/python

PORT=$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
DIR=$(mktemp -d /tmp/netral-s3.XXXXXX)
"$VENV/bin/moto_server" -H 127.0.0.1 -p "$PORT" >"$DIR/log" 2>&1 &
MOTO_PID=$!
cleanup() { kill "$MOTO_PID" 2>/dev/null || true; wait "$MOTO_PID" 2>/dev/null || true; rm -rf "$DIR"; }
trap cleanup EXIT

# Up within 30 s, then the bucket (moto checks no signature; PUT /bucket makes it).
if ! "$PY" - "$PORT" <<'PY'
import sys, time, urllib.request
base = f"http://127.0.0.1:{sys.argv[1]}"
for _ in range(300):
    try:
        urllib.request.urlopen(base + "/", timeout=1).close()
        break
    except OSError:
        time.sleep(0.1)
else:
    sys.exit("moto did not start")
urllib.request.urlopen(urllib.request.Request(base + "/netral-test", method="PUT"), timeout=10).close()
PY
then
  echo "test-s3: moto_server failed; its log:" >&2
  cat "$DIR/log" >&2
  exit 1
fi
echo "test-s3: moto $MOTO_VERSION on 127.0.0.1:$PORT, bucket netral-test"

# Only these AWS_* settings reach the command (object_store reads every AWS_*).
while read -r var; do unset "$var"; done < <(compgen -e | grep '^AWS_' || true)
export NETRAL_TEST_S3_URL=s3://netral-test
export AWS_ENDPOINT_URL=http://127.0.0.1:$PORT
export AWS_ACCESS_KEY_ID=netral-test
export AWS_SECRET_ACCESS_KEY=netral-test
export AWS_REGION=us-east-1
export AWS_ALLOW_HTTP=true
"$@"
