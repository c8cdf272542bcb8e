#!/usr/bin/env bash
# cors-agent demo: the sample shop (no CORS code in it) on Tomcat 9, with the agent attached and
# examples/cors.properties as its policy, and the CORS playground: a page on a second origin that
# calls the shop from your browser. Prints its URL and curl commands to try, runs until Ctrl-C.
#
#   ./demo.sh                                   # shop on 8080, playground on 8081
#   PORT=9090 PLAYGROUND_PORT=9091 ./demo.sh    # other ports
#
# Edit examples/cors.properties while it runs: the agent picks up the change within seconds.
set -euo pipefail

cd "$(dirname "$0")"

PORT="${PORT:-8080}"
PLAYGROUND_PORT="${PLAYGROUND_PORT:-8081}"
JAVA="${JAVA:-java}"
AGENT_JAR=agent/target/cors-agent.jar
LAUNCHER_JAR=sample-apps/launcher-tomcat9/target/shop-launcher-tomcat9.jar
WAR=sample-apps/shop-javax/target/shop.war
POLICY=examples/cors.properties
PLAYGROUND_JAR=sample-apps/playground/target/cors-playground.jar

if [[ ! -f "$AGENT_JAR" || ! -f "$LAUNCHER_JAR" || ! -f "$WAR" || ! -f "$PLAYGROUND_JAR" ]]; then
    echo "Building the agent and the sample apps (mvn -B -q package -DskipTests)..."
    mvn -B -q package -DskipTests
fi

# The launcher prints exactly one line on stdout once the app is up; Tomcat's and the agent's logs
# go to stderr, which stays on this terminal.
launcher_out="$(mktemp "${TMPDIR:-/tmp}/cors-demo.XXXXXX")"
"$JAVA" "-javaagent:$AGENT_JAR=$POLICY" -jar "$LAUNCHER_JAR" --port "$PORT" --war "$WAR" >"$launcher_out" &
app_pid=$!
playground_pid=""
playground_out="$(mktemp "${TMPDIR:-/tmp}/cors-playground.XXXXXX")"

stop_app() {
    trap - INT TERM EXIT
    if [[ -n "$playground_pid" ]]; then
        kill "$playground_pid" 2>/dev/null || true
        wait "$playground_pid" 2>/dev/null || true
    fi
    kill "$app_pid" 2>/dev/null || true
    wait "$app_pid" 2>/dev/null || true
    rm -f "$launcher_out" "$playground_out"
}
trap 'echo; echo "Stopping..."; stop_app; exit 0' INT TERM
trap stop_app EXIT

until grep -q '^listening on ' "$launcher_out"; do
    if ! kill -0 "$app_pid" 2>/dev/null; then
        echo "The shop did not start: see the errors above (port $PORT in use? try PORT=9090 $0)." >&2
        exit 1
    fi
    sleep 0.3
done

# The playground: another origin (another port) whose page calls the shop with fetch. It has no
# CORS code; it replays requests server-side to show the raw headers, and runs the agent's `check`.
"$JAVA" -jar "$PLAYGROUND_JAR" --port "$PLAYGROUND_PORT" --target "http://localhost:$PORT" \
    --policy "$POLICY" --agent-jar "$AGENT_JAR" --java "$JAVA" >"$playground_out" &
playground_pid=$!
until grep -q '^playground on ' "$playground_out"; do
    if ! kill -0 "$playground_pid" 2>/dev/null; then
        echo "The playground did not start: see the errors above (port $PLAYGROUND_PORT in use? try PLAYGROUND_PORT=9091 $0)." >&2
        exit 1
    fi
    sleep 0.3
done
playground="http://localhost:$PLAYGROUND_PORT/"

base="http://localhost:$PORT/shop"
cat <<EOF

The shop is up at $base, with cors-agent and the policy in $POLICY.

CORS playground, a page on another origin that calls the shop from your browser:
    $playground
(open ${playground}?demo to send one allowed and one denied request right away)

The app itself rejects every /api/* request without an Authorization header, OPTIONS included,
and /secure/* needs a BASIC login (alice / secret). Try, in another terminal:

# 1. Allowed preflight: answered by the agent (204 with Access-Control-Allow-*), the app never sees it
curl -i -X OPTIONS $base/api/items \\
  -H 'Origin: https://app.example.com' \\
  -H 'Access-Control-Request-Method: PUT' \\
  -H 'Access-Control-Request-Headers: authorization, content-type'

# 2. Denied preflight: an origin the policy does not list gets 403 and no Access-Control-* header
curl -i -X OPTIONS $base/api/items \\
  -H 'Origin: https://evil.example' \\
  -H 'Access-Control-Request-Method: PUT'

# 3. Actual request: the origin is echoed, credentials allowed, X-Request-Id exposed (X-Internal is not)
curl -i $base/api/items \\
  -H 'Origin: https://app.example.com' \\
  -H 'Authorization: Bearer demo-token'

# 4. A preflight on the BASIC-protected path passes; the actual request then logs in
curl -i -X OPTIONS $base/secure/data -H 'Origin: http://localhost:3000' -H 'Access-Control-Request-Method: GET' -H 'Access-Control-Request-Headers: authorization'
curl -i -u alice:secret $base/secure/data -H 'Origin: http://localhost:3000'

# 5. How many requests (and OPTIONS) reached the app's filter: preflights do not count
curl -s $base/stats

Press Ctrl-C to stop.
EOF

wait "$app_pid"
