#!/usr/bin/env bash
# Added latency of the control pipeline (rate limits, pricing, budget reserve/settle, alias routing)
# over the plain gateway, both in front of the built-in echo provider, measured with wrk.
#
#   scripts/bench-control.sh [path/to/workjet] [seconds per run] [rounds]
#
# Runs "off" and "on" alternately (rounds × 2 runs) so that machine noise hits both alike, and
# prints wrk's latency distribution of every run. Uses ports 18181/18182 on 127.0.0.1 only.
set -euo pipefail
WORKJET=${1:-.build/release/workjet}
SECONDS_PER_RUN=${2:-10}
ROUNDS=${3:-3}
WORK=$(mktemp -d)
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT

common() {
  cat <<YAML
host: 127.0.0.1
port: $1
database: $WORK/$2.sqlite
audit_synchronous: normal
log_level: error
providers: [{ name: echo, kind: echo }]
models: [{ name: echo-1, provider: echo }]
YAML
}
common 18181 off > "$WORK/off.yaml"
common 18182 on > "$WORK/on.yaml"
cat >> "$WORK/on.yaml" <<'YAML'
rate_limits:
  per_key: { requests_per_minute: 100000000, tokens_per_minute: 1000000000 }
  per_ip: { requests_per_minute: 100000000 }
pricing:
  models: { echo-1: { input: 0.15, output: 0.6 }, smart: { input: 0.15, output: 0.6 } }
budgets: { workspace_monthly_usd: 100000, key_monthly_usd: 100000 }
routing:
  aliases: { smart: [{ provider: echo, model: echo-1 }] }
YAML

for mode in off on; do
  KEY=$("$WORKJET" keys create --config "$WORK/$mode.yaml" --workspace bench --role owner | tail -1)
  echo "$KEY" > "$WORK/$mode.key"
  "$WORKJET" serve --config "$WORK/$mode.yaml" > "$WORK/$mode.log" 2>&1 &
  PIDS+=($!)
done
for port in 18181 18182; do
  for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/healthz" > /dev/null && break; sleep 0.1; done
done

cat > "$WORK/post.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("WJ_KEY")
wrk.body = '{"model":"' .. os.getenv("WJ_MODEL") .. '","max_tokens":64,"messages":[{"role":"user","content":"hello, what is the weather like today?"}]}'
LUA

for round in $(seq 1 "$ROUNDS"); do
  for mode in off on; do
    port=18181; model=echo-1
    if [ "$mode" = on ]; then port=18182; model=smart; fi
    echo "== round $round, controls $mode (model $model)"
    WJ_KEY=$(cat "$WORK/$mode.key") WJ_MODEL=$model wrk -t1 -c1 -d"${SECONDS_PER_RUN}s" --latency -s "$WORK/post.lua" \
      "http://127.0.0.1:$port/v1/chat/completions" | grep -E "Latency|50%|90%|99%|Requests/sec|Non-2xx"
  done
done
