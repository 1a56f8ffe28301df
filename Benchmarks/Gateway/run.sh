#!/usr/bin/env bash
# Gateway latency benchmark (issue 5, "Performance"): wrk against a fast nginx mock upstream directly,
# then through `workjet serve` (auth + DLP + durable audit on), with 4 KB chat prompts.
#
# Usage: Benchmarks/Gateway/run.sh [path/to/workjet]       (default .build/release/workjet; `make bench-gateway`)
# Environment: DURATION (seconds per run, default 20), AUDIT_SYNC (the audit_synchronous modes to run, default "normal full"),
#              CONNECTIONS (the throughput run, default 8), FLOOR (the workjet-proxy-floor binary; default
#              .build-bench/release/workjet-proxy-floor when it exists), NIO_FLOOR (the workjet-nio-floor
#              binary; default .build-bench/release/workjet-nio-floor when it exists; `make bench-gateway`
#              builds both), DB_DIR (where the gateway's audit database is created, default the run's temporary
#              directory: DB_DIR=/dev/shm puts it on tmpfs, which shows what the disk adds; a real deployment
#              keeps it on disk).
# The floor is Hummingbird + AsyncHTTPClient forwarding the same requests with nothing else: its rows show
# what the gateway cannot go below on these libraries, and what the gateway adds on top is ours. The NIO
# floor forwards them on SwiftNIO's channel pipeline alone, on one event loop per request: what any proxy
# on SwiftNIO pays on this machine.
# Prints a table: latency at 1 connection (direct, through each proxy, added = proxy − direct), the
# sustained rate at $CONNECTIONS connections, and for every run the CPU time (user + system, all threads)
# and context switches per request of the server under test (nginx for the direct runs). Starts nginx,
# the floors and the gateway on free loopback ports in a temporary directory as the calling user, and
# stops only those processes.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
WORKJET="${1:-$ROOT/.build/release/workjet}"
FLOOR="${FLOOR:-$ROOT/.build-bench/release/workjet-proxy-floor}"
NIO_FLOOR="${NIO_FLOOR:-$ROOT/.build-bench/release/workjet-nio-floor}"
DURATION="${DURATION:-20}"
AUDIT_SYNC="${AUDIT_SYNC:-normal full}"
CONNECTIONS="${CONNECTIONS:-8}"

if [ ! -x "$WORKJET" ]; then
  echo "no workjet binary at $WORKJET; build it with: swift build -c release --product workjet" >&2
  exit 2
fi

# nginx and wrk from Debian, only when missing (as scripts/install-deps.sh does).
missing=()
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx-light)
command -v wrk >/dev/null 2>&1 || missing+=(wrk)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
NGINX="$(command -v nginx || echo /usr/sbin/nginx)"

WORK="$(mktemp -d)"
DB_WORK="$WORK"
if [ -n "${DB_DIR:-}" ]; then DB_WORK="$(mktemp -d "$DB_DIR/workjet-bench.XXXXXX")"; fi
NGINX_PID=""
GW_PID=""
FLOOR_PID=""
cleanup() {
  [ -n "$GW_PID" ] && kill "$GW_PID" 2>/dev/null && wait "$GW_PID" 2>/dev/null
  [ -n "$FLOOR_PID" ] && kill "$FLOOR_PID" 2>/dev/null && wait "$FLOOR_PID" 2>/dev/null
  [ -n "$NGINX_PID" ] && kill "$NGINX_PID" 2>/dev/null && wait "$NGINX_PID" 2>/dev/null
  rm -rf "$WORK"
  if [ "$DB_WORK" != "$WORK" ]; then rm -rf "$DB_WORK"; fi
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_for() { for _ in $(seq 200); do curl -fsS -o /dev/null "$@" 2>/dev/null && return 0; sleep 0.05; done; return 1; }

# The mock upstream.
NGINX_PORT=$(free_port)
mkdir -p "$WORK/nginx"
sed -e "s|@PORT@|$NGINX_PORT|g" -e "s|@DIR@|$WORK/nginx|g" "$HERE/nginx.conf.template" > "$WORK/nginx/nginx.conf"
"$NGINX" -p "$WORK/nginx" -e "$WORK/nginx/nginx-error.log" -c "$WORK/nginx/nginx.conf" & NGINX_PID=$!
wait_for -X POST -d '{}' "http://127.0.0.1:$NGINX_PORT/v1/chat/completions" || { echo "nginx did not start" >&2; cat "$WORK/nginx/nginx-error.log" >&2; exit 1; }

# The request: a 4 KB prompt of meeting notes with an email address, a phone number and a card number.
export WJ_BODY="$WORK/body.json"
python3 - "$HERE/prompt.txt" "$WJ_BODY" <<'PY'
import json, sys
prompt = open(sys.argv[1], encoding="utf-8").read()
body = {"model": "gpt-4o-mini", "max_tokens": 400,
        "messages": [{"role": "system", "content": "You are a concise assistant for an account team."},
                     {"role": "user", "content": prompt}]}
open(sys.argv[2], "w", encoding="utf-8").write(json.dumps(body))
PY

DIRECT="http://127.0.0.1:$NGINX_PORT/v1/chat/completions"

# CPU time in µs (user + system, every thread, from /proc/PID/stat) and context switches (voluntary and
# not, summed over the live threads in /proc/PID/task) of a process so far: "cpu_us cs".
proc_cost() {
  python3 - "$1" <<'PY'
import os, sys
pid = sys.argv[1]
fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
cpu_us = (int(fields[11]) + int(fields[12])) * 1e6 / os.sysconf("SC_CLK_TCK")  # utime, stime
switches = 0
for task in os.listdir(f"/proc/{pid}/task"):
    try:
        for line in open(f"/proc/{pid}/task/{task}/status"):
            if line.startswith(("voluntary_ctxt_switches", "nonvoluntary_ctxt_switches")):
                switches += int(line.split()[1])
    except FileNotFoundError:  # the thread ended meanwhile
        pass
print(f"{cpu_us:.0f} {switches}")
PY
}

# One wrk run against the server with process id $4; prints its "WJ ..." line (see bench.lua) with that
# server's cpu_us (CPU µs per request) and cs (context switches per request) appended, and fails on any
# error or non-2xx answer.
run() { # url connections seconds pid
  local line before after
  before=$(proc_cost "$4")
  line=$(wrk -t1 -c"$2" -d"$3"s --latency -s "$HERE/bench.lua" "$1" | grep '^WJ ')
  after=$(proc_cost "$4")
  if [ "$(field "$line" non2xx)" != 0 ] || [ "$(field "$line" errors)" != 0 ]; then
    echo "a run against $1 had failed requests: $line" >&2; return 1
  fi
  echo "$line $(python3 -c "import sys; b, a, n = sys.argv[1].split(), sys.argv[2].split(), int(sys.argv[3])
print(f'cpu_us={(float(a[0]) - float(b[0])) / n:.1f} cs={(int(a[1]) - int(b[1])) / n:.2f}')" "$before" "$after" "$(field "$line" requests)")"
}
field() { echo "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"; }
row() { printf '%-44s %9s %9s %9s %11s %11s %8s\n' "$@"; }
# A table row for one run: label, then the run's percentiles, rate, CPU and context switches per request.
run_row() { row "$1" "$(field "$2" p50_us)" "$(field "$2" p90_us)" "$(field "$2" p99_us)" "$(field "$2" rps)" "$(field "$2" cpu_us)" "$(field "$2" cs)"; }
calc() { python3 -c "print(f'{$1:.1f}')"; }
verdict() { python3 -c "print('met' if $1 else 'NOT met')"; }
# An added latency below zero means the direct run was disturbed more than the gateway run: noise, not a result.
latency_verdict() { python3 -c "print('not measurable (negative: the machine was noisy)' if $1 < 0 else ('met' if $1 < $2 else 'NOT met'))"; }

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
echo "nginx direct, $DURATION s per run (wrk -t1 --latency, 4 KB prompts) ..."
run "$DIRECT" 1 2 "$NGINX_PID" >/dev/null
# Two direct runs at one connection, and the one with the lower p50 is the baseline that "added" subtracts:
# one run is one sample of a shared host, and the lower baseline can only make "added" larger. (On an idle
# host the direct p50 here is about 60 µs; a wrk run against nginx while other work keeps the cores awake
# gives about 17 µs, so the baseline depends on the host's state, and both of these runs share it.)
direct1=$(run "$DIRECT" 1 "$DURATION" "$NGINX_PID")
direct1b=$(run "$DIRECT" 1 "$DURATION" "$NGINX_PID")
if python3 -c "import sys; sys.exit(0 if $(field "$direct1b" p50_us) < $(field "$direct1" p50_us) else 1)"; then
  direct1=$direct1b
fi
directN=$(run "$DIRECT" "$CONNECTIONS" "$DURATION" "$NGINX_PID")

REPORT=$(row "run" "p50 µs" "p90 µs" "p99 µs" "req/s" "CPU µs/req" "cs/req")
REPORT+=$'\n'$(run_row "nginx direct, 1 connection (lower p50 of 2)" "$direct1")
REPORT+=$'\n'$(run_row "nginx direct, $CONNECTIONS connections" "$directN")
VERDICTS=""

# A floor proxy (BINARY PORT UPSTREAM_URL): the same requests through it at 1 and $CONNECTIONS
# connections; adds its three rows to the report.
floor_rows() { # binary name "what it is" "added by ..."
  local port url one many
  port=$(free_port)
  "$1" "$port" "$DIRECT" >/dev/null 2>"$WORK/$2.log" & FLOOR_PID=$!
  wait_for -X POST -d '{}' "http://127.0.0.1:$port/v1/chat/completions" || { echo "$1 did not start" >&2; cat "$WORK/$2.log" >&2; exit 1; }
  url="http://127.0.0.1:$port/v1/chat/completions"
  run "$url" "$CONNECTIONS" 3 "$FLOOR_PID" >/dev/null
  one=$(run "$url" 1 "$DURATION" "$FLOOR_PID")
  many=$(run "$url" "$CONNECTIONS" "$DURATION" "$FLOOR_PID")
  REPORT+=$'\n'$(run_row "floor ($3), 1 connection" "$one")
  REPORT+=$'\n'$(row "  added by $4, 1 connection" "$(calc "$(field "$one" p50_us) - $(field "$direct1" p50_us)")" \
    "$(calc "$(field "$one" p90_us) - $(field "$direct1" p90_us)")" "$(calc "$(field "$one" p99_us) - $(field "$direct1" p99_us)")" "" "" "")
  REPORT+=$'\n'$(run_row "floor ($3), $CONNECTIONS connections" "$many")
  kill "$FLOOR_PID"; wait "$FLOOR_PID" 2>/dev/null || true; FLOOR_PID=""
}

# The framework floor, when built: the same requests through Hummingbird + AsyncHTTPClient and nothing else.
if [ -x "$FLOOR" ]; then
  floor_rows "$FLOOR" floor "Hummingbird + AHC" "the floor"
else
  echo "(no framework floor: build it with make bench-gateway, or set FLOOR)"
fi
# The SwiftNIO floor, when built: the same forwarding on NIO's channel pipeline alone.
if [ -x "$NIO_FLOOR" ]; then
  floor_rows "$NIO_FLOOR" nio-floor "SwiftNIO only" "the NIO floor"
else
  echo "(no SwiftNIO floor: build it with make bench-gateway, or set NIO_FLOOR)"
fi

# The gateway, once per audit durability mode: temporary database, the standard policy
# (redact by default, block SSNs and secrets), a member key.
for sync in $AUDIT_SYNC; do
  GW_PORT=$(free_port)
  mkdir -p "$WORK/$sync"
  cat > "$WORK/$sync/workjet.yaml" <<YAML
host: 127.0.0.1
port: $GW_PORT
database: $DB_WORK/$sync-bench.sqlite
audit_synchronous: $sync
providers:
  - { name: nginx, kind: openai, base_url: "http://127.0.0.1:$NGINX_PORT/v1" }
models:
  - { name: gpt-4o-mini, provider: nginx }
YAML
  export WJ_KEY=$("$WORKJET" keys create --config "$WORK/$sync/workjet.yaml" --workspace bench --role member)
  "$WORKJET" serve --config "$WORK/$sync/workjet.yaml" 2>"$WORK/$sync/gateway.log" & GW_PID=$!
  wait_for "http://127.0.0.1:$GW_PORT/readyz" || { echo "the gateway did not start" >&2; cat "$WORK/$sync/gateway.log" >&2; exit 1; }
  GATEWAY="http://127.0.0.1:$GW_PORT/v1/chat/completions"

  # Sanity: 200, and the prompt was redacted.
  headers=$(curl -sS -D - -o /dev/null -X POST "$GATEWAY" -H "Authorization: Bearer $WJ_KEY" -H 'content-type: application/json' --data-binary "@$WJ_BODY")
  echo "$headers" | grep -q "^HTTP/1.1 200" || { echo "gateway answered: $headers" >&2; exit 1; }
  echo "audit_synchronous=$sync: DLP header on the benchmark request: $(echo "$headers" | tr -d '\r' | sed -n 's/^x-workjet-dlp: //Ip')"

  run "$GATEWAY" 1 3 "$GW_PID" >/dev/null
  run "$GATEWAY" "$CONNECTIONS" 3 "$GW_PID" >/dev/null
  gw1=$(run "$GATEWAY" 1 "$DURATION" "$GW_PID")
  gwN=$(run "$GATEWAY" "$CONNECTIONS" "$DURATION" "$GW_PID")

  p50=$(calc "$(field "$gw1" p50_us) - $(field "$direct1" p50_us)")
  p90=$(calc "$(field "$gw1" p90_us) - $(field "$direct1" p90_us)")
  p99=$(calc "$(field "$gw1" p99_us) - $(field "$direct1" p99_us)")
  rps=$(field "$gwN" rps)
  REPORT+=$'\n'$(run_row "workjet ($sync), 1 connection" "$gw1")
  REPORT+=$'\n'$(row "  added by workjet ($sync), 1 connection" "$p50" "$p90" "$p99" "" "" "")
  REPORT+=$'\n'$(run_row "workjet ($sync), $CONNECTIONS connections" "$gwN")
  VERDICTS+="audit_synchronous=$sync: added p50 < 300 µs $(latency_verdict "$p50" 300); added p99 < 1000 µs $(latency_verdict "$p99" 1000); >= 10000 req/s at $CONNECTIONS connections $(verdict "$rps >= 10000")"$'\n'

  kill "$GW_PID"; wait "$GW_PID" 2>/dev/null || true; GW_PID=""
  echo "audit_synchronous=$sync: $("$WORKJET" audit verify --config "$WORK/$sync/workjet.yaml")"
  if grep -q -e 4111 -e ap.northwind -e "$WJ_KEY" "$WORK/$sync/gateway.log"; then
    echo "a payload or the key reached the gateway log" >&2; exit 1
  fi
done

echo
echo "$REPORT"
echo
printf '%s' "$VERDICTS"
echo "audit database on $(stat -f -c %T "$DB_WORK") ($DB_WORK)"
echo "machine: $(nproc) cores; load average before the runs: $LOAD_BEFORE, after: $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min); wrk, nginx and workjet share the cores"
