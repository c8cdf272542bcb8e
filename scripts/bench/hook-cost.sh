#!/usr/bin/env bash
# What the hooks cost every request: requests per second with wrk on loopback, the same server with
# and without the agent, side by side, for the three kinds of request that all pay it:
#   get-origin     GET /shop/api/items with an allowed Origin (credentialed policy)
#   get-no-origin  GET /shop/api/items without Origin (a covered path)
#   uncovered      GET /shop/public/hello (a path no policy covers)
# Both JVMs are warmed for WARMUP seconds of load per case first: with shorter warm-ups the rates
# were still climbing between rounds, which read as noise. Then ROUNDS alternating rounds (bare
# first in odd rounds, agent first in even ones) of DURATION each; every round's agent/bare ratio
# is printed, and the median. Beside the rates, the server's CPU time per request (user + system of
# its JVM from /proc over the requests wrk completed), which depends far less on how wrk and the
# server share the two cores: the agent's cost in microseconds, agent minus bare.
# FORKS=N repeats the whole run (start, warm-up, rounds) with fresh JVMs N times: a JVM's JIT
# settles differently from one launch to the next, by more than the hooks cost, so a figure from
# one pair of JVMs is one sample.
# PIN=1 (the default on a machine with 2 cores or more) puts both server JVMs on CPU 0 (all their
# threads: workers, GC, JIT) and wrk on CPU 1: the server is then bound by its own CPU time per
# request, and the ratio no longer depends on how the scheduler interleaves wrk and the server.
#   SERVER=tomcat9 (the standalone 9.0.117 distribution from ~/.m2, the agent in JAVA_TOOL_OPTIONS)
#   SERVER=embedded (the embedded Tomcat 9 launcher, -javaagent)
#   SERVER=embedded10 (the embedded Tomcat 10.1 launcher with the jakarta WAR, -javaagent)
#   SERVER=jetty12, SERVER=undertow (embedded Jetty 12 ee10 / Undertow 2.3 with the jakarta WAR, the
#     test launchers of agent-tests; needs a build of agent-tests, -javaagent)
# FLOOR=1 (SERVER=embedded or embedded10) adds a third JVM: the bare app with the launcher's
# --static-cors-headers valve, which sets the very response headers the agent writes on each row
# (same names, values and bytes: the grant on get-origin, Vary: Origin on all three, as SPEC rules
# 2 and 3 ask; checked before the run) without deciding anything. floor/bare is what sending those
# headers costs at all; agent/floor is what is left for the agent's own work.
# CASES="get-no-origin uncovered" runs only those rows (for a profiler run, say).
# Each round's host steal time is printed too: on a VM, a round in which the host gave the CPUs to
# other guests moves the ratio by more than the hooks cost. A second table repeats the medians over
# the rounds with at most MAX_STEAL % steal (default 2).
#   ROUNDS=5 DURATION=4 WARMUP=24 CONNECTIONS=8 SERVER=tomcat9 scripts/bench/hook-cost.sh
source "$(dirname "$0")/common.sh"
SERVER=${SERVER:-tomcat9}
ROUNDS=${ROUNDS:-5}
DURATION=${DURATION:-4}
WARMUP=${WARMUP:-24}
CONNECTIONS=${CONNECTIONS:-8}
PIN=${PIN:-$([ "$(nproc)" -ge 2 ] && echo 1 || echo 0)}
FORKS=${FORKS:-1}   # fresh JVM pairs, one after the other; their rounds are pooled for the medians
MAX_STEAL=${MAX_STEAL:-2}   # % of host steal above which a round is left out of the second table
JVM_OPTS=${JVM_OPTS:--Xmx512m}
TOMCAT9_VERSION=${TOMCAT9_VERSION:-9.0.117}
command -v wrk > /dev/null || { echo "wrk is not installed" >&2; exit 1; }

FLOOR=${FLOOR:-0}
variants=(bare agent)
if [ "$FLOOR" = 1 ]; then
  case $SERVER in embedded|embedded10) variants+=(floor) ;; *) echo "FLOOR=1 needs SERVER=embedded or embedded10" >&2; exit 2 ;; esac
fi
declare -A port=([bare]=18281 [agent]=18282 [floor]=18283)
declare -A pid=()
stop_all() { for v in "${!pid[@]}"; do stop_app "${pid[$v]}"; done; pid=(); }
trap 'stop_all; rm -rf "$WORK"' EXIT

# start_tomcat9 VARIANT PORT: a CATALINA_BASE of its own over the unpacked distribution
start_tomcat9() {
  local variant=$1 p=$2 base=$WORK/base-$1
  local dist=~/.m2/repository/org/apache/tomcat/tomcat/$TOMCAT9_VERSION/tomcat-$TOMCAT9_VERSION.tar.gz
  [ -f "$dist" ] || { echo "missing $dist (run the agent-tests build once)" >&2; exit 1; }
  [ -d "$WORK/home" ] || { mkdir -p "$WORK/home" && tar -xzf "$dist" -C "$WORK/home" --strip-components=1; }
  mkdir -p "$base/webapps" "$base/logs" "$base/temp" "$base/work"
  cp -r "$WORK/home/conf" "$base/conf"
  sed -i "s/port=\"8080\"/port=\"$p\" address=\"127.0.0.1\"/; s/port=\"8005\"/port=\"-1\"/" "$base/conf/server.xml"
  cp "$WAR" "$base/webapps/shop.war"
  local tool_options=""
  [ "$variant" = agent ] && tool_options="-javaagent:$AGENT_JAR=$WORK/cors.properties"
  JAVA_TOOL_OPTIONS="$tool_options" CATALINA_HOME="$WORK/home" CATALINA_BASE="$base" JAVA_OPTS="$JVM_OPTS" \
    "$WORK/home/bin/catalina.sh" run > "$base/logs/out.txt" 2>&1 &
  APP_PID=$!
}

# start_test_launcher VARIANT PORT LIBS MAIN: one of agent-tests' launchers with the jakarta WAR
start_test_launcher() {
  local variant=$1 p=$2 libs=$ROOT/agent-tests/$BUILD_DIR/$3 jvm=($JVM_OPTS)
  [ -d "$libs" ] || { echo "missing $libs: build agent-tests first (mvn -B -q install -DskipTests)" >&2; exit 1; }
  [ "$variant" = agent ] && jvm+=("-javaagent:$AGENT_JAR=$WORK/cors.properties")
  mkdir -p "$WORK/run-$variant"
  (cd "$WORK/run-$variant" && exec "$JAVA" "${jvm[@]}" -cp "$libs/*:$ROOT/agent-tests/$BUILD_DIR/test-classes" "$4" \
    --port "$p" --war "$ROOT/sample-apps/shop-jakarta/$BUILD_DIR/shop.war" > out.txt 2>&1) &
  APP_PID=$!
}

start() {
  case $SERVER in
    jetty12) start_test_launcher "$1" "$2" jetty-lib dev.corsagent.it.fixtures.jetty.JettyShopLauncher ;;
    undertow) start_test_launcher "$1" "$2" undertow-lib dev.corsagent.it.fixtures.undertow.UndertowShopLauncher ;;
    tomcat9) start_tomcat9 "$1" "$2" ;;
    embedded) start_app "${1/floor/static}" "$2" ;;
    embedded10) LAUNCHER_JAR=$ROOT/sample-apps/launcher-tomcat10/$BUILD_DIR/shop-launcher-tomcat10.jar \
                WAR=$ROOT/sample-apps/shop-jakarta/$BUILD_DIR/shop.war start_app "${1/floor/static}" "$2" ;;
    *) echo "unknown SERVER $SERVER" >&2; exit 2 ;;
  esac
}

cases=(${CASES:-get-origin get-no-origin uncovered})   # CASES="get-no-origin" runs fewer
# run_wrk CASE VARIANT SECONDS: prints "requests/sec cpu-microseconds-per-request steal-percent"
run_wrk() {
  local c=$1 url="http://127.0.0.1:${port[$2]}/shop/api/items" headers=(-H "Authorization: Bearer x") out before after
  case $c in
    get-origin) headers+=(-H "Origin: $ALLOWED_ORIGIN") ;;
    uncovered) url="http://127.0.0.1:${port[$2]}/shop/public/hello" ;;
  esac
  local steal0 total0 steal1 total1
  read -r steal0 total0 < <(steal_ticks)
  before=$(cpu_micros "${pid[$2]}")
  out=$(${WRK_PREFIX:-} wrk -t1 -c"$CONNECTIONS" -d"${3}s" "${headers[@]}" "$url")
  after=$(cpu_micros "${pid[$2]}")
  read -r steal1 total1 < <(steal_ticks)
  echo "$out" >> "$WORK/wrk.log"
  echo "$out" | awk -v cpu=$((after - before)) -v steal=$((steal1 - steal0)) -v total=$((total1 - total0)) \
    '/requests in/ {n = $1} /Requests\/sec/ {r = $2} END {printf "%s %.2f %.1f\n", r, cpu / n, (total > 0 ? 100 * steal / total : 0)}'
}

# response_headers CASE VARIANT: the case's response header lines, without Date and the app's request
# counter, sorted (the agent writes the merged Vary last, the valve where the app had it)
response_headers() {
  local url="http://127.0.0.1:${port[$2]}/shop/api/items" headers=(-H "Authorization: Bearer x")
  case $1 in
    get-origin) headers+=(-H "Origin: $ALLOWED_ORIGIN") ;;
    uncovered) url="http://127.0.0.1:${port[$2]}/shop/public/hello" ;;
  esac
  curl -s -D - -o /dev/null "${headers[@]}" "$url" | tr -d '\r' | grep -vi '^date:' | sed 's/^\(X-Request-Id:\).*/\1 n/I' | sort
}

declare -A ratios rps cpu extra floor_ratios agent_floor floor_extra agent_floor_extra steal
for f in $(seq 1 "$FORKS"); do
  for v in "${variants[@]}"; do start "$v" "${port[$v]}"; pid[$v]=$APP_PID; done
  if [ "$PIN" = 1 ]; then
    for v in "${variants[@]}"; do taskset -a -p -c 0 "${pid[$v]}" > /dev/null; done
    WRK_PREFIX="taskset -c 1"
  fi
  for v in "${variants[@]}"; do wait_serving "${port[$v]}"; done
  # the agent's answer is there, the bare one's is not: otherwise the figures compare nothing
  curl -s -D - -o /dev/null -H "Authorization: Bearer x" -H "Origin: $ALLOWED_ORIGIN" "http://127.0.0.1:${port[agent]}/shop/api/items" \
    | grep -qi "^Access-Control-Allow-Origin: $ALLOWED_ORIGIN" || { echo "agent: no Access-Control-Allow-Origin" >&2; exit 1; }
  if curl -s -D - -o /dev/null -H "Authorization: Bearer x" -H "Origin: $ALLOWED_ORIGIN" "http://127.0.0.1:${port[bare]}/shop/api/items" \
    | grep -qi "^Access-Control-Allow-Origin"; then echo "bare: has CORS headers" >&2; exit 1; fi
  if [ "$FLOOR" = 1 ]; then
    # the floor sends the agent's header lines on every case: else agent/floor measures something else
    for c in "${cases[@]}"; do
      [ "$(response_headers "$c" floor)" = "$(response_headers "$c" agent)" ] || {
        echo "floor and agent differ on $c:" >&2; diff <(response_headers "$c" floor) <(response_headers "$c" agent) >&2; exit 1; }
    done
  fi

  for c in "${cases[@]}"; do for v in "${variants[@]}"; do run_wrk "$c" "$v" "$WARMUP" > /dev/null; done; done

  for r in $(seq 1 "$ROUNDS"); do
    for c in "${cases[@]}"; do
      if [ $((r % 2)) = 1 ]; then order=("${variants[@]}"); else order=(); for v in "${variants[@]}"; do order=("$v" "${order[@]}"); done; fi
      declare -A this=() thiscpu=() thissteal=()
      for v in "${order[@]}"; do
        read -r this[$v] thiscpu[$v] thissteal[$v] < <(run_wrk "$c" "$v" "$DURATION")
        rps[$c,$v]+=" ${this[$v]}"; cpu[$c,$v]+=" ${thiscpu[$v]}"
      done
      # the round's worst: a ratio from a round in which the host took CPU away from one side is suspect
      steal[$c]+=" $(printf '%s\n' "${thissteal[@]}" | sort -g | tail -1)"
      ratios[$c]+=" $(awk -v a="${this[agent]}" -v b="${this[bare]}" 'BEGIN {printf "%.3f", a / b}')"
      extra[$c]+=" $(awk -v a="${thiscpu[agent]}" -v b="${thiscpu[bare]}" 'BEGIN {printf "%.2f", a - b}')"
      if [ "$FLOOR" = 1 ]; then
        floor_ratios[$c]+=" $(awk -v a="${this[floor]}" -v b="${this[bare]}" 'BEGIN {printf "%.3f", a / b}')"
        agent_floor[$c]+=" $(awk -v a="${this[agent]}" -v b="${this[floor]}" 'BEGIN {printf "%.3f", a / b}')"
        floor_extra[$c]+=" $(awk -v a="${thiscpu[floor]}" -v b="${thiscpu[bare]}" 'BEGIN {printf "%.2f", a - b}')"
        agent_floor_extra[$c]+=" $(awk -v a="${thiscpu[agent]}" -v b="${thiscpu[floor]}" 'BEGIN {printf "%.2f", a - b}')"
      fi
    done
    echo "fork $f of $FORKS, round $r of $ROUNDS done (load $(cut -d' ' -f1-3 /proc/loadavg))" >&2
  done
  stop_all
done

echo "$SERVER, wrk -t1 -c$CONNECTIONS$([ "$PIN" = 1 ] && echo ", servers on CPU 0 and wrk on CPU 1"), ${DURATION} s rounds after ${WARMUP} s warm-up per case and JVM, $ROUNDS alternating rounds in each of $FORKS fresh JVM pairs; $(nproc) cores, $(java -version 2>&1 | head -1)"
printf '| %-13s | %9s | %9s | %11s | %-36s | %12s | %-36s |\n' case "bare r/s" "agent r/s" "agent/bare" "per round" \
  "CPU µs/req" "agent - bare CPU µs/req, per round"
printf '| %-13s | %9s | %9s | %11s | %-36s | %12s | %-36s |\n' --- --- --- --- --- --- ---
for c in "${cases[@]}"; do
  printf '| %-13s | %9.0f | %9.0f | %11.3f | %-36s | %5.2f, %+5.2f | %-36s |\n' "$c" "$(median ${rps[$c,bare]})" \
    "$(median ${rps[$c,agent]})" "$(median ${ratios[$c]})" "${ratios[$c]# }" "$(median ${cpu[$c,bare]})" \
    "$(median ${extra[$c]})" "${extra[$c]# }"
done
echo
echo "host CPU steal per round, % of all CPU time (the larger of the round's runs; 0 on bare metal):"
for c in "${cases[@]}"; do echo "  $c:${steal[$c]}"; done
# quiet LIST STEALS: the values of LIST (one per round) from the rounds whose steal was at most MAX_STEAL
quiet() { paste -d' ' <(tr ' ' '\n' <<< "${1# }") <(tr ' ' '\n' <<< "${2# }") | awk -v max="$MAX_STEAL" '$2 <= max {print $1}'; }
echo
echo "the same, only the rounds with host steal at most $MAX_STEAL % (MAX_STEAL=...):"
printf '| %-13s | %-11s | %11s | %12s |\n' case "rounds kept" "agent/bare" "CPU µs/req +"
printf '| %-13s | %-11s | %11s | %12s |\n' --- --- --- ---
for c in "${cases[@]}"; do
  kept_ratios=$(quiet "${ratios[$c]}" "${steal[$c]}"); kept_extra=$(quiet "${extra[$c]}" "${steal[$c]}")
  if [ -z "$kept_ratios" ]; then
    printf '| %-13s | %-11s | %11s | %12s |\n' "$c" "0 of $((FORKS * ROUNDS))" - -
  else
    printf '| %-13s | %-11s | %11.3f | %+12.2f |\n' "$c" "$(wc -l <<< "$kept_ratios") of $((FORKS * ROUNDS))" \
      "$(median $kept_ratios)" "$(median $kept_extra)"
  fi
done
if [ "$FLOOR" = 1 ]; then
  echo
  echo "floor: the bare app plus the agent's response headers on each row, set by a valve (--static-cors-headers)"
  printf '| %-13s | %9s | %11s | %-36s | %11s | %-36s | %-26s |\n' case "floor r/s" "floor/bare" "per round" "agent/floor" "per round" \
    "CPU µs/req floor-bare, agent-floor"
  printf '| %-13s | %9s | %11s | %-36s | %11s | %-36s | %-26s |\n' --- --- --- --- --- --- ---
  for c in "${cases[@]}"; do
    printf '| %-13s | %9.0f | %11.3f | %-36s | %11.3f | %-36s | %+5.2f, %+5.2f |\n' "$c" "$(median ${rps[$c,floor]})" \
      "$(median ${floor_ratios[$c]})" "${floor_ratios[$c]# }" "$(median ${agent_floor[$c]})" "${agent_floor[$c]# }" \
      "$(median ${floor_extra[$c]})" "$(median ${agent_floor_extra[$c]})"
  done
fi
