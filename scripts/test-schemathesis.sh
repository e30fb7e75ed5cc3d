#!/usr/bin/env bash
# Fuzzes every operation of the API contract (GET /api/v1/openapi.json) with
# schemathesis (from PyPI, installed once into .tools/schemathesis) against
# the real server: target/debug/netral serve on a free port and a throwaway
# data directory. Every check schemathesis has, in every phase (examples,
# coverage, fuzzing, and the stateful one over the links it infers from the
# document): no 5xx, only documented status codes, content types and headers,
# bodies matching their schemas, every request the schema admits accepted and
# every one it refuses refused, … The few deliberate exceptions, operation by
# operation, are in scripts/schemathesis.toml with the reason for each.
#
# Without credentials every device and staff route would only ever answer
# 401, and no success body would be checked. So the server is seeded the way
# an operator and a phone would: an admin (`netral admin create`), an
# organisation and an invite (`netral admin …`), a device joined with the
# invite, the admin signed in, and a few reports synced into cases. Then two
# runs: the device's operations (and the public ones) with the device's
# bearer token; the staff operations with the admin's session cookie and the
# `Sec-Fetch-Site: same-origin` a browser sends, leaving out the two that
# would end that session (logout, password change). The device run goes
# first: the admin run may revoke the device.
#
# Extra arguments go to both `schemathesis run`s (e.g. --max-examples 200).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
VERSION=4.32.5
VENV=$ROOT/.tools/schemathesis
NETRAL=${NETRAL_BIN:-$ROOT/target/debug/netral}
# Enough to reach every documented status code in about two and a half
# minutes for both runs on a 2-core machine (about 5,900 cases); the seed
# keeps a failure reproducible.
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
BASE=http://127.0.0.1:$PORT
# The child processes get no NETRAL_* from the caller's shell: the data
# directory is this run's alone.
export NETRAL_DATA_DIR=$DIR/data
unset NETRAL_DATABASE_URL NETRAL_EVIDENCE_URL NETRAL_LOG
# Public statistics on, so their operation is fuzzed with its 200s too.
RUST_LOG=warn "$NETRAL" serve --listen "127.0.0.1:$PORT" --dist-dir "$DIR/dist" \
  --public-statistics >"$DIR/server.log" 2>&1 &
SERVER_PID=$!
cleanup() {
  kill -TERM "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  rm -rf "$DIR"
}
trap cleanup EXIT

for _ in $(seq 300); do
  python3 -c "import urllib.request, sys; urllib.request.urlopen(sys.argv[1], timeout=1)" "$BASE/readyz" 2>/dev/null && break
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$DIR/server.log" >&2; exit 1; }
  sleep 0.1
done

# Seed, as an operator would from the server's shell.
PASSWORD=$(python3 -c 'import secrets; print(secrets.token_urlsafe(18))')
echo "$PASSWORD" | RUST_LOG=warn "$NETRAL" admin create --username admin --password-stdin >/dev/null
RUST_LOG=warn "$NETRAL" admin create-organisation --name "Koalisi Uji" >/dev/null
CODE=$(RUST_LOG=warn "$NETRAL" admin invite --organisation "Koalisi Uji" --region 35)

# Then as a phone and a browser would: join, sign in, sync. Prints the
# device token and the session cookie.
read -r TOKEN COOKIE < <(python3 - "$BASE" "$CODE" "$PASSWORD" <<'EOF'
import json, sys, urllib.request, uuid

base, code, password = sys.argv[1:]

def call(method, path, body, headers={}):
    req = urllib.request.Request(base + path, method=method, data=json.dumps(body).encode(),
                                 headers={"Content-Type": "application/json", **headers})
    with urllib.request.urlopen(req, timeout=10) as res:
        return res, json.load(res)

_, joined = call("POST", "/api/v1/devices/join", {"code": code})
token = joined["token"]
# As the dashboard sends it: from its own origin.
res, _ = call("POST", "/api/v1/auth/login", {"username": "admin", "password": password},
              {"Origin": base})
cookie = next(v.split(";")[0] for k, v in res.getheaders()
              if k.lower() == "set-cookie" and v.startswith("netral_session="))

def report(name, regency, day):
    # uuid7 is Python 3.14+; a v4 id is a valid report id too.
    return {
        "id": str(uuid.uuid4()), "revision": 1,
        "terlapor": {"name": name, "position": "Camat"},
        "place": {"province": "35", "regency": regency},
        "occurred_at": f"2024-11-{day}T09:30", "known_at": f"2024-11-{day}",
        "election": {"kind": "pilkada_walikota"},
        "violations": ["medsos_foto"],
        "description": "Berfoto bersama calon sambil mengacungkan dua jari.",
        "source": {"kind": "media_sosial"},
        "reporter": {"name": "Pelapor Uji", "address": "Jl. Uji 1"},
    }

# Two reports of one incident (one case) and two others.
reports = [report("Ahmad Fauzi", "35.78", 20), report("Ahmad Fauzi", "35.78", 20),
           report("Budi Santoso", "35.73", 18), report("Dewi Lestari", "35.15", 19)]
_, answer = call("POST", "/api/v1/sync", {"reports": reports},
                 {"Authorization": f"Bearer {token}"})
outcomes = [r["outcome"] for r in answer["results"]]
assert outcomes == ["accepted"] * 4, answer
print(token, cookie)
EOF
)
[ -n "${COOKIE:-}" ] || { echo "test-schemathesis: seeding failed" >&2; tail -n 20 "$DIR/server.log" >&2; exit 1; }

DEVICE_OPS='^(sync|put_report|statuses|get_report|device_me|put_evidence|head_evidence|join|login|healthz|readyz|metrics|openapi_json|public_statistics)$'
# Staff operations: everything else but what would end the run's session.
STAFF_EXCLUDED='^(sync|put_report|statuses|device_me|put_evidence|head_evidence|join|login|healthz|readyz|metrics|openapi_json|public_statistics|logout|change_password)$'

START=$(date +%s)
run() {
  local name=$1
  shift
  echo "test-schemathesis: $name"
  # Run from the temporary directory: schemathesis writes a cache there. The
  # checks are chosen in the config file, not with `--checks`, which would
  # override its per-operation exceptions.
  # One worker: with two threads, Python 3.11's `ast` (used by hypothesis)
  # now and then fails with a spurious "AST constructor recursion depth
  # mismatch" (CPython gh-106905), and under the GIL a second thread barely
  # speeds the run up.
  (cd "$DIR" && "$VENV/bin/schemathesis" --config-file "$ROOT/scripts/schemathesis.toml" \
    run "$BASE/api/v1/openapi.json" \
    --phases examples,coverage,fuzzing,stateful \
    --max-examples "$MAX_EXAMPLES" --seed "$SEED" --workers 1 \
    --generation-with-security-parameters false \
    --request-timeout 30 --warnings off --no-color "$@")
}
status=0
run "device and public operations, as the joined device" \
  --include-operation-id-regex "$DEVICE_OPS" \
  -H "Authorization: Bearer $TOKEN" "$@" || status=$?
run "staff operations, as the signed-in admin" \
  --exclude-operation-id-regex "$STAFF_EXCLUDED" \
  -H "Cookie: $COOKIE" -H "Sec-Fetch-Site: same-origin" "$@" || status=$?
echo "test-schemathesis: $(( $(date +%s) - START )) s"
# What the runs reached, from the server's own counters (printed, 2xx of
# all). A run whose credentials stopped working would pass on 401s alone, so
# the operations that the seeded data lets any request succeed on must have
# answered 2xx at least once. (A fuzzed report, evidence file or new account
# is rarely valid, so those may answer only 4xx.)
python3 - "$BASE" <<'EOF' || status=1
import json, re, sys, urllib.request
base = sys.argv[1]
must_succeed = [
    "GET /api/v1/devices/me", "POST /api/v1/sync", "POST /api/v1/reports/status",
    "GET /api/v1/auth/me", "GET /api/v1/overview", "GET /api/v1/cases",
    "GET /api/v1/cases/{id}", "GET /api/v1/cases/export", "GET /api/v1/devices",
    "GET /api/v1/invites", "GET /api/v1/organisations", "GET /api/v1/users",
    "GET /api/v1/audit", "GET /api/v1/public/statistics",
]
counts = {}
for line in urllib.request.urlopen(base + "/metrics").read().decode().splitlines():
    m = re.match(r'netral_http_requests_total\{method="(\w+)",route="([^"]+)",status="(\d+)"\} (\S+)', line)
    if m:
        method, route, status, n = m.groups()
        counts.setdefault(f"{method} {route}", {})[status] = int(float(n))
spec = json.load(urllib.request.urlopen(base + "/api/v1/openapi.json"))
documented = [f"{m.upper()} {p}" for p, ops in spec["paths"].items() for m in ops]
for op in documented:
    seen = counts.get(op, {})
    ok = sum(n for s, n in seen.items() if s.startswith("2"))
    print(f"  {op:45} {ok:4} 2xx of {sum(seen.values()):4}")
missing = [op for op in must_succeed
           if not any(s.startswith("2") for s in counts.get(op, {}))]
if missing:
    print("test-schemathesis: never answered 2xx: " + ", ".join(missing), file=sys.stderr)
    sys.exit(1)
EOF
if [ "$status" != 0 ]; then
  echo "--- server log" >&2
  tail -n 50 "$DIR/server.log" >&2
fi
exit "$status"
