# Shared by the scripts in scripts/bench: the built artifacts, the one policy given to the agent
# and to Tomcat's CorsFilter, and starting/stopping the sample launcher. Source it, do not run it.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BUILD_DIR=${BUILD_DIR:-target}   # -Dcors.build.dir of the build to measure
JAVA=${JAVA:-java}
AGENT_JAR=${AGENT_JAR:-$ROOT/agent/$BUILD_DIR/cors-agent.jar}   # AGENT_JAR=... measures another build
LAUNCHER_JAR=$ROOT/sample-apps/launcher-tomcat9/$BUILD_DIR/shop-launcher-tomcat9.jar
WAR=$ROOT/sample-apps/shop-javax/$BUILD_DIR/shop.war
for f in "$AGENT_JAR" "$LAUNCHER_JAR" "$WAR"; do
  [ -f "$f" ] || { echo "missing $f: build first (mvn -B -q package -DskipTests)" >&2; exit 1; }
done

WORK=$(mktemp -d /tmp/cors-bench.XXXXXX)
ALLOWED_ORIGIN=https://app.example.com

# The agent's policy and the equivalent CorsFilter init parameters (CorsFilter has no subdomain
# patterns, so the agent's pattern matches nothing the benchmarks send).
cat > "$WORK/cors.properties" <<POLICY
cors.mode = enforce
cors.paths = /shop/api/**, /shop/secure/**
cors.allowed-origins = $ALLOWED_ORIGIN, https://*.trusted.example
cors.allowed-methods = GET, POST, PUT, DELETE
cors.allowed-headers = Authorization, Content-Type, X-Requested-With
cors.exposed-headers = X-Request-Id
cors.allow-credentials = true
cors.max-age = 600
POLICY
cat > "$WORK/cors-filter.properties" <<POLICY
cors.allowed.origins = $ALLOWED_ORIGIN
cors.allowed.methods = GET,POST,PUT,DELETE
cors.allowed.headers = Authorization,Content-Type,X-Requested-With
cors.exposed.headers = X-Request-Id
cors.support.credentials = true
cors.preflight.maxage = 600
POLICY

# start_app VARIANT PORT: bare | agent | corsfilter | static; sets APP_PID. Extra JVM options in $JVM_OPTS.
start_app() {
  local variant=$1 port=$2
  local args=(--port "$port" --war "$WAR")
  local jvm=(${JVM_OPTS:-})
  case $variant in
    bare) ;;
    agent) jvm+=("-javaagent:$AGENT_JAR=$WORK/cors.properties") ;;
    corsfilter) args+=(--tomcat-cors-filter "$WORK/cors-filter.properties") ;;
    static) args+=(--static-cors-headers true) ;;   # the agent's response headers, set by a valve that decides nothing
    *) echo "unknown variant $variant" >&2; exit 2 ;;
  esac
  "$JAVA" "${jvm[@]}" -jar "$LAUNCHER_JAR" "${args[@]}" > "$WORK/$variant.out" 2> "$WORK/$variant.err" &
  APP_PID=$!
}

# wait_serving PORT: until GET /shop/public/hello answers 200 (30 s at most)
wait_serving() {
  local port=$1
  for _ in $(seq 1 3000); do
    if [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/shop/public/hello" 2>/dev/null)" = 200 ]; then
      return 0
    fi
    sleep 0.01
  done
  echo "app on port $port did not start; see $WORK" >&2
  return 1
}

stop_app() {
  local pid=$1
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

CLK_TCK=$(getconf CLK_TCK)
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
# cpu_micros PID / cpu_ms PID: the process's CPU time so far (user + system, from /proc)
cpu_micros() { awk -v hz="$CLK_TCK" '{printf "%d", ($14 + $15) * 1000000 / hz}' "/proc/$1/stat"; }
cpu_ms() { echo $(( $(cpu_micros "$1") / 1000 )); }

# the host's steal time (a VM's CPUs given to other guests) and all CPU time so far, in ticks
steal_ticks() { awk '/^cpu / {print $9, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9}' /proc/stat; }

# median of the numbers given as arguments
median() {
  printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {if (NR % 2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'
}
