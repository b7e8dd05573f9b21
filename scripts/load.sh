#!/usr/bin/env bash
# Load on `jixiao serve`: a release server on 127.0.0.1 (a free port), CLIENTS concurrent
# clients (default 50) each uploading examples/huadu-2022.json REQUESTS times (default 20) to
# /api/check (examples/serve-load.rs). Prints the answers by status, latency percentiles of the
# answered requests and the server's peak RSS, then stops the server with SIGTERM. Exits
# non-zero when any answer is neither 200 nor 503.
#
# Environment: CLIENTS, REQUESTS, WORKERS (the server's --workers; default: the cores),
# SERVE_ARGS (more arguments for `jixiao serve`).

set -euo pipefail
cd "$(dirname "$0")/.."

CLIENTS=${CLIENTS:-50}
REQUESTS=${REQUESTS:-20}
TARGET=${CARGO_TARGET_DIR:-target}
WORK=$(mktemp -d /tmp/jixiao-load.XXXXXX)

cargo build --release --quiet --bin jixiao --example serve-load

SERVER_ARGS=(serve --addr 127.0.0.1:0 --no-config)
if [ -n "${WORKERS:-}" ]; then SERVER_ARGS+=(--workers "$WORKERS"); fi
# shellcheck disable=SC2206
SERVER_ARGS+=(${SERVE_ARGS:-})
"$TARGET/release/jixiao" "${SERVER_ARGS[@]}" >"$WORK/stdout" 2>"$WORK/stderr" &
SERVER=$!
cleanup() {
    kill -TERM "$SERVER" 2>/dev/null || true
    wait "$SERVER" 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

for _ in $(seq 100); do
    if [ -s "$WORK/stdout" ]; then break; fi
    sleep 0.05
done
ADDR=$(head -1 "$WORK/stdout" | sed -n 's|^jixiao serve: http://\(.*\)/$|\1|p')
if [ -z "$ADDR" ]; then
    echo "the server did not start:" >&2
    cat "$WORK/stderr" >&2
    exit 1
fi
echo "server       $ADDR ($(nproc) cores$( [ -n "${WORKERS:-}" ] && echo ", --workers $WORKERS"))"
RSS_START=$(awk '/^VmRSS/ { print $2 }' "/proc/$SERVER/status")

STATUS=0
"$TARGET/release/examples/serve-load" "$ADDR" examples/huadu-2022.json "$CLIENTS" "$REQUESTS" || STATUS=$?

RSS_PEAK=$(awk '/^VmHWM/ { print $2 }' "/proc/$SERVER/status")
echo "server RSS   $((RSS_START / 1024)) MB at start, $((RSS_PEAK / 1024)) MB peak"
exit "$STATUS"
