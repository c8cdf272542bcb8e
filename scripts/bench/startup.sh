#!/usr/bin/env bash
# JVM start cost of the agent, median of RUNS alternating runs each, as wall-clock time and as CPU
# time (user + system of the JVM process; far less sensitive than wall time to other load on a
# shared machine, and what the agent actually adds):
#  - a plain main (prints one line and exits), without an agent, with an empty agent (premain does
#    nothing: the JVM's own price of any -javaagent), with cors-agent in JAVA_TOOL_OPTIONS;
#  - the shop on embedded Tomcat 9, launch to the first 200 from GET /shop/public/hello (polled
#    every 10 ms with curl; CPU read from /proc at that moment), with and without -javaagent;
#  - the same for the shop WAR deployed on the standalone Tomcat 9 distribution (catalina.sh run,
#    agent in CATALINA_OPTS), when the build unpacked it (agent-tests/target/dist).
#   RUNS=10 scripts/bench/startup.sh
source "$(dirname "$0")/common.sh"
RUNS=${RUNS:-10}
trap 'rm -rf "$WORK"' EXIT

mkdir -p "$WORK/plain"
cat > "$WORK/plain/Hello.java" <<'JAVA'
public class Hello {
    public static void main(String[] args) {
        System.out.println("hello");
    }
}
JAVA
cat > "$WORK/plain/EmptyAgent.java" <<'JAVA'
public class EmptyAgent {
    public static void premain(String args, java.lang.instrument.Instrumentation instrumentation) {
    }
}
JAVA
# the empty agent's class lives only in its jar (not next to Hello on the class path), so the JVM
# opens the jar to load it, as it does for any real agent
mkdir -p "$WORK/empty-agent"
javac -d "$WORK/plain" "$WORK/plain/Hello.java"
javac -d "$WORK/empty-agent" "$WORK/plain/EmptyAgent.java"
printf 'Premain-Class: EmptyAgent\n' > "$WORK/empty-agent/manifest.txt"
jar cfm "$WORK/plain/empty-agent.jar" "$WORK/empty-agent/manifest.txt" -C "$WORK/empty-agent" EmptyAgent.class
AGENT_OPTION="-javaagent:$AGENT_JAR=$WORK/cors.properties"


plain_run() { # plain_run none|empty|cors: prints "wall-ms cpu-ms"
  local opts=
  case $1 in
    empty) opts="-javaagent:$WORK/plain/empty-agent.jar" ;;
    cors) opts=$AGENT_OPTION ;;
  esac
  local start end cpu
  start=$(now_ms)
  JAVA_TOOL_OPTIONS="$opts" /usr/bin/time -o "$WORK/time.txt" -f '%U %S' "$JAVA" -cp "$WORK/plain" Hello > /dev/null 2>&1
  end=$(now_ms)
  echo "$((end - start)) $(awk '{printf "%d", ($1 + $2) * 1000}' "$WORK/time.txt")"
}

tomcat_run() { # tomcat_run bare|agent: prints "wall-ms cpu-ms" from launch to the first served request
  local start end
  start=$(now_ms)
  start_app "$1" 18090
  wait_serving 18090
  end=$(now_ms)
  local cpu
  cpu=$(cpu_ms "$APP_PID")
  stop_app "$APP_PID"
  echo "$((end - start)) $cpu"
}

TOMCAT_HOME=$(ls -d "$ROOT"/agent-tests/"$BUILD_DIR"/dist/apache-tomcat-9.* 2>/dev/null | head -1 || true)
standalone_run() { # standalone_run bare|agent: as tomcat_run, for the WAR on the standalone distribution
  local base="$WORK/catalina-base" opts= start end pid
  rm -rf "$base"; mkdir -p "$base"/{webapps,logs,work,temp}
  cp -r "$TOMCAT_HOME/conf" "$base/"
  sed -i 's/port="8080"/port="18091"/; s/port="8005"/port="-1"/' "$base/conf/server.xml"
  cp "$WAR" "$base/webapps/"
  [ "$1" = agent ] && opts="-javaagent:$AGENT_JAR=$WORK/cors.properties"
  start=$(now_ms)
  CATALINA_HOME="$TOMCAT_HOME" CATALINA_BASE="$base" CATALINA_OPTS="$opts" JAVA_HOME="${JAVA_HOME:-}" \
    "$TOMCAT_HOME/bin/catalina.sh" run > "$WORK/standalone.out" 2>&1 &
  pid=$!
  wait_serving 18091
  end=$(now_ms)
  local java_pid cpu
  java_pid=$(pgrep -P "$pid" java || echo "$pid")   # catalina.sh may exec java or fork it
  cpu=$(cpu_ms "$java_pid")
  kill "$java_pid" "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true
  echo "$((end - start)) $cpu"
}

declare -A wall cpu
record() { # record KEY "wall cpu"
  wall[$1]+=" ${2% *}"; cpu[$1]+=" ${2#* }"
}
plain_run cors > /dev/null; plain_run none > /dev/null   # file cache
for i in $(seq 1 "$RUNS"); do
  order=(none empty cors)
  order=("${order[@]:$((i % 3))}" "${order[@]:0:$((i % 3))}")
  for v in "${order[@]}"; do record "plain-$v" "$(plain_run "$v")"; done
done
alternate() { # alternate KEY RUN_FUNCTION: RUNS runs each of bare and agent, in alternating order
  "$2" agent > /dev/null   # file cache
  for i in $(seq 1 "$RUNS"); do
    if [ $((i % 2)) = 0 ]; then
      record "$1-agent" "$("$2" agent)"; record "$1-bare" "$("$2" bare)"
    else
      record "$1-bare" "$("$2" bare)"; record "$1-agent" "$("$2" agent)"
    fi
  done
}
alternate tomcat tomcat_run

if [ -n "$TOMCAT_HOME" ]; then
  alternate standalone standalone_run
fi

m() { median ${1}; }
echo "median of $RUNS alternating runs, $("$JAVA" -version 2>&1 | head -1), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
printf '| %-38s | %9s | %9s | %9s | %9s |\n' what "wall" "CPU" "wall +" "CPU +"
printf '| %-38s | %9s | %9s | %9s | %9s |\n' --- --- --- --- ---
row() { # row LABEL KEY BASEKEY
  local w c bw bc
  w=$(m "${wall[$2]}"); c=$(m "${cpu[$2]}"); bw=$(m "${wall[$3]}"); bc=$(m "${cpu[$3]}")
  printf '| %-38s | %6s ms | %6s ms | %6s ms | %6s ms |\n' "$1" "$w" "$c" \
    "$(awk -v a="$w" -v b="$bw" 'BEGIN {print a - b}')" "$(awk -v a="$c" -v b="$bc" 'BEGIN {print a - b}')"
}
row "plain main, no agent" plain-none plain-none
row "plain main, empty -javaagent (JVM cost)" plain-empty plain-none
row "plain main, cors-agent" plain-cors plain-none
row "Tomcat 9 to first request, bare" tomcat-bare tomcat-bare
row "Tomcat 9 to first request, cors-agent" tomcat-agent tomcat-bare
if [ -n "$TOMCAT_HOME" ]; then
  row "standalone Tomcat 9 + WAR, bare" standalone-bare standalone-bare
  row "standalone Tomcat 9 + WAR, cors-agent" standalone-agent standalone-bare
fi
tb=$(m "${wall[tomcat-bare]}"); ta=$(m "${wall[tomcat-agent]}"); cb=$(m "${cpu[tomcat-bare]}"); ca=$(m "${cpu[tomcat-agent]}")
echo "Tomcat extra: wall $(awk -v a="$ta" -v b="$tb" 'BEGIN {printf "%.1f", (a / b - 1) * 100}') %, CPU $(awk -v a="$ca" -v b="$cb" 'BEGIN {printf "%.1f", (a / b - 1) * 100}') %"
if [ -n "$TOMCAT_HOME" ]; then
  sb=$(m "${wall[standalone-bare]}"); sa=$(m "${wall[standalone-agent]}")
  scb=$(m "${cpu[standalone-bare]}"); sca=$(m "${cpu[standalone-agent]}")
  echo "standalone Tomcat extra: wall $(awk -v a="$sa" -v b="$sb" 'BEGIN {printf "%.1f", (a / b - 1) * 100}') %, CPU $(awk -v a="$sca" -v b="$scb" 'BEGIN {printf "%.1f", (a / b - 1) * 100}') %"
fi
for k in plain-none plain-empty plain-cors tomcat-bare tomcat-agent standalone-bare standalone-agent; do echo "runs $k: wall${wall[$k]}; cpu${cpu[$k]}"; done
