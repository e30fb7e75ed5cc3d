#!/usr/bin/env bash
# Starts a throwaway PostgreSQL (Debian's package) on 127.0.0.1:$PGPORT with
# trust auth in a temporary directory, runs the given command with
# NETRAL_TEST_DATABASE_URL pointing at it, then stops and removes it.
set -euo pipefail
# A free port unless one is given: a fixed one can be taken by anything else
# on the machine (another cluster, another run of this script).
PGPORT=${PGPORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -x "$BIN/initdb" ] || { echo "test-postgres: no PostgreSQL server binaries (apt-get install postgresql)" >&2; exit 1; }

DIR=$(mktemp -d /tmp/netral-pg.XXXXXX)
# initdb refuses to run as root; the cluster belongs to the postgres user.
if [ "$(id -u)" = 0 ]; then RUN=(runuser -u postgres --); chown postgres "$DIR"; else RUN=(); fi
cleanup() { "${RUN[@]}" "$BIN/pg_ctl" -D "$DIR/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$DIR"; }
trap cleanup EXIT

"${RUN[@]}" "$BIN/initdb" -D "$DIR/data" -U postgres --auth=trust -E UTF8 --no-locale >/dev/null
if ! "${RUN[@]}" "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/log" -w \
  -o "-p $PGPORT -k $DIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300" start >/dev/null; then
  echo "test-postgres: PostgreSQL did not start on port $PGPORT; its log:" >&2
  cat "$DIR/log" >&2 || true
  exit 1
fi
echo "test-postgres: PostgreSQL $("$BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PGPORT"

NETRAL_TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$PGPORT/postgres" "$@"
