#!/usr/bin/env bash
# Start-up cost of the agent on the framework fat jars of sample-apps (Spring Boot 2.7 and 3.5 on
# their Tomcat, Undertow and Jetty starters; Dropwizard 4 on Jetty 11), started as an operator
# does: java [-javaagent:cors-agent.jar=policy] -jar app.jar. Each run is one start, process launch
# to the first 200 of GET /shop/public/hello (polled every 10 ms with curl), as wall time and as
# the JVM's CPU time (user + system from /proc at that moment). RUNS alternating runs per app (bare
# first in odd runs, agent first in even ones), after one unmeasured start of each for the file
# cache; medians, their ratio, and every run's agent/bare ratio.
#   RUNS=5 scripts/bench/framework-startup.sh
#   APPS="spring-boot3-jetty dropwizard4" RUNS=7 scripts/bench/framework-startup.sh
# Needs the fat jars: mvn -B -q install -DskipTests.
source "$(dirname "$0")/common.sh"
RUNS=${RUNS:-5}
APPS=${APPS:-spring-boot2 spring-boot2-undertow spring-boot2-jetty spring-boot3 spring-boot3-undertow spring-boot3-jetty dropwizard4}
HEAP=${HEAP:--Xmx512m}
PORT=18095
trap 'rm -rf "$WORK"' EXIT

jar_of() { # jar_of APP: the fat jar the app's module builds
  case $1 in
    dropwizard4) echo "$ROOT/sample-apps/dropwizard4/$BUILD_DIR/shop-dropwizard4.jar" ;;
    *) echo "$ROOT/sample-apps/$1/$BUILD_DIR/shop-$1.jar" ;;
  esac
}
for app in $APPS; do
  [ -f "$(jar_of "$app")" ] || { echo "missing $(jar_of "$app"): build first (mvn -B -q install -DskipTests)" >&2; exit 1; }
done

app_run() { # app_run APP bare|agent: prints "wall-ms cpu-ms"
  local app=$1 jvm=("$HEAP") args=() start end cpu
  [ "$2" = agent ] && jvm+=("-javaagent:$AGENT_JAR=$WORK/cors.properties")
  case $app in
    dropwizard4) jvm+=("-Ddw.server.connector.port=$PORT"); args=(server shop.yml) ;;
    *) args=("--server.port=$PORT") ;;
  esac
  mkdir -p "$WORK/$app"
  start=$(now_ms)
  (cd "$WORK/$app" && exec "$JAVA" "${jvm[@]}" -jar "$(jar_of "$app")" "${args[@]}" > "$2.out" 2>&1) &
  local pid=$!
  wait_serving "$PORT"
  end=$(now_ms)
  cpu=$(cpu_ms "$pid")
  stop_app "$pid"
  echo "$((end - start)) $cpu"
}

read -r steal0 total0 < <(steal_ticks)
declare -A wall cpu ratios
for app in $APPS; do
  app_run "$app" agent > /dev/null; app_run "$app" bare > /dev/null   # file cache
  for i in $(seq 1 "$RUNS"); do
    if [ $((i % 2)) = 0 ]; then
      a=$(app_run "$app" agent); b=$(app_run "$app" bare)
    else
      b=$(app_run "$app" bare); a=$(app_run "$app" agent)
    fi
    wall[$app-bare]+=" ${b% *}"; cpu[$app-bare]+=" ${b#* }"
    wall[$app-agent]+=" ${a% *}"; cpu[$app-agent]+=" ${a#* }"
    ratios[$app]+=" $(awk -v a="${a% *}" -v b="${b% *}" 'BEGIN {printf "%.2f", a / b}')"
  done
  echo "$app done (load $(cut -d' ' -f1-3 /proc/loadavg))" >&2
done

read -r steal1 total1 < <(steal_ticks)
echo "median of $RUNS alternating starts each, launch to the first 200 of /shop/public/hello; $("$JAVA" -version 2>&1 | head -1), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), host CPU steal $(awk -v s=$((steal1 - steal0)) -v t=$((total1 - total0)) 'BEGIN {printf "%.1f", (t > 0 ? 100 * s / t : 0)}') % of the run"
printf '| %-22s | %12s | %12s | %6s | %15s | %s\n' app "bare ms" "agent ms" ratio "CPU bare/agent" "agent/bare per run"
printf '| %-22s | %12s | %12s | %6s | %15s | %s\n' --- --- --- --- --- ---
for app in $APPS; do
  wb=$(median ${wall[$app-bare]}); wa=$(median ${wall[$app-agent]})
  cb=$(median ${cpu[$app-bare]}); ca=$(median ${cpu[$app-agent]})
  printf '| %-22s | %12s | %12s | %6s | %15s |%s\n' "$app" "$wb" "$wa" \
    "$(awk -v a="$wa" -v b="$wb" 'BEGIN {printf "%.2f", a / b}')" "$cb / $ca" "${ratios[$app]}"
done
