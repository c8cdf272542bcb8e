#!/usr/bin/env bash
# Takes docs/playground.png: starts ./demo.sh (the shop with cors-agent, and the CORS playground)
# on spare ports, lets headless Chromium open the playground with ?demo (it sends one allowed and
# one denied request), checks that both results are on the page, and saves a screenshot.
#
#   scripts/screenshot-playground.sh [OUTPUT.png]
#
# Needs chromium (apt-get install -y chromium). PORT / PLAYGROUND_PORT pick the ports (18080/18081).
set -euo pipefail
cd "$(dirname "$0")/.."

OUT="${1:-docs/playground.png}"
PORT="${PORT:-18080}"
PLAYGROUND_PORT="${PLAYGROUND_PORT:-18081}"
CHROMIUM="${CHROMIUM:-chromium}"
URL="http://localhost:$PLAYGROUND_PORT/?demo"

if ! command -v "$CHROMIUM" >/dev/null 2>&1; then
    echo "install chromium: apt-get install -y chromium" >&2
    exit 1
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/playground-shot.XXXXXX")"
keep_work=false
PORT="$PORT" PLAYGROUND_PORT="$PLAYGROUND_PORT" ./demo.sh >"$work/demo.log" 2>&1 &
demo_pid=$!
cleanup() {
    kill "$demo_pid" 2>/dev/null || true   # demo.sh stops the shop and the playground on TERM
    wait "$demo_pid" 2>/dev/null || true
    if [[ "$keep_work" == false ]]; then rm -rf "$work"; fi
}
trap cleanup EXIT

for _ in $(seq 1 600); do
    grep -q 'CORS playground' "$work/demo.log" && break
    if ! kill -0 "$demo_pid" 2>/dev/null; then
        cat "$work/demo.log" >&2
        echo "demo.sh did not start" >&2
        exit 1
    fi
    sleep 0.5
done

# Virtual time runs ahead only while nothing is loading, so the budget covers the fetches and the
# server-side checks the demo waits for.
chromium_run() {
    "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$work/profile-$1" --hide-scrollbars --window-size=1400,1500 \
        --virtual-time-budget=30000 "${@:2}" 2>>"$work/chromium.log"
}

# First make sure the page really finished both requests, then take the picture.
chromium_run dom --dump-dom "$URL" >"$work/dom.html"
if ! grep -q 'data-demo-done="true"' "$work/dom.html" \
        || ! grep -q 'card allowed' "$work/dom.html" || ! grep -q 'card blocked' "$work/dom.html"; then
    echo "the playground demo did not show an allowed and a blocked request; see $work" >&2
    keep_work=true
    exit 1
fi
mkdir -p "$(dirname "$OUT")"
chromium_run shot --screenshot="$OUT" "$URL"
echo "wrote $OUT"
