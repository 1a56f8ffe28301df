#!/usr/bin/env bash
# End-to-end test with the official Python SDKs. Usage: Tests/e2e/run.sh [path/to/workjet]
# Needs python3 with venv (Debian: python3-venv) and PyPI access for `pip install openai anthropic pytest`.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
WORKJET="${1:-$ROOT/.build/debug/workjet}"
WORK="$(mktemp -d)"
VENV="${WORKJET_E2E_VENV:-$ROOT/.build/e2e-venv}"
cleanup() { kill "${GW_PID:-}" "${MOCK_PID:-}" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

if [ ! -x "$VENV/bin/python" ]; then python3 -m venv "$VENV"; fi
"$VENV/bin/pip" install --quiet --disable-pip-version-check openai anthropic pytest

free_port() { "$VENV/bin/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
MOCK_PORT=$(free_port); GW_PORT=$(free_port)
export MOCK_LOG="$WORK/upstream.log"; : > "$MOCK_LOG"
"$VENV/bin/python" "$ROOT/Tests/e2e/mock_upstream.py" "$MOCK_PORT" "$MOCK_LOG" & MOCK_PID=$!

cat > "$WORK/workjet.yaml" <<YAML
host: 127.0.0.1
port: $GW_PORT
database: $WORK/e2e.sqlite
providers:
  - { name: mock-openai, kind: openai, base_url: "http://127.0.0.1:$MOCK_PORT/v1", api_key_env: E2E_UPSTREAM_KEY }
  - { name: mock-anthropic, kind: anthropic, base_url: "http://127.0.0.1:$MOCK_PORT", api_key_env: E2E_UPSTREAM_KEY }
models:
  - { name: gpt-test, provider: mock-openai }
  - { name: claude-test, provider: mock-anthropic }
YAML
export E2E_UPSTREAM_KEY=sk-e2e-not-a-real-key
export WORKJET_KEY=$("$WORKJET" keys create --config "$WORK/workjet.yaml" --workspace e2e --role owner 2>/dev/null)
"$WORKJET" serve --config "$WORK/workjet.yaml" 2>"$WORK/gateway.log" & GW_PID=$!
export WORKJET_URL="http://127.0.0.1:$GW_PORT"
for _ in $(seq 100); do curl -fsS "$WORKJET_URL/readyz" >/dev/null 2>&1 && break; sleep 0.1; done

"$VENV/bin/python" -m pytest -q "$ROOT/Tests/e2e/test_sdks.py"

# Revocation from the CLI, another process, while the gateway holds the key in its cache: the next request fails.
status() { curl -sS -o /dev/null -w '%{http_code}' "$WORKJET_URL/v1/models" -H "Authorization: Bearer $WORKJET_KEY"; }
[ "$(status)" = 200 ] || { echo "the key was refused before its revocation" >&2; exit 1; }
"$WORKJET" keys revoke --config "$WORK/workjet.yaml" "${WORKJET_KEY:0:14}" >/dev/null
[ "$(status)" = 401 ] || { echo "a key revoked through the CLI was still accepted" >&2; exit 1; }
"$WORKJET" audit verify --config "$WORK/workjet.yaml"
# The values themselves: a bare "4111" also matched any port or id that happens to contain it.
leaked=0
for secret in "4111 1111" 536-22-8745 "$E2E_UPSTREAM_KEY" "$WORKJET_KEY"; do
  # Line numbers only: the line would print the value again.
  if lines=$(grep -n -F -e "$secret" "$WORK/gateway.log" | cut -d: -f1 | tr '\n' ' ') && [ -n "$lines" ]; then
    echo "gateway log lines $lines hold a secret or payload value (${secret:0:4}…)" >&2; leaked=1
  fi
done
if [ "$leaked" = 1 ]; then
  echo "a secret or payload reached the gateway log" >&2; exit 1
fi
echo "e2e OK"
