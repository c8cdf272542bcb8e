#!/usr/bin/env bash
# JVM start cost of the agent, median of RUNS alternating runs each:
#  - a plain main (prints one line and exits), with and without the agent in JAVA_TOOL_OPTIONS;
#  - the shop on embedded Tomcat 9, launch to the first 200 from GET /shop/public/hello (polled
#    every 10 ms with curl), with and without -javaagent.
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
javac -d "$WORK/plain" "$WORK/plain/Hello.java"
AGENT_OPTION="-javaagent:$AGENT_JAR=$WORK/cors.properties"

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

plain_run() { # plain_run with|without: prints ms
  local start end
  start=$(now_ms)
  if [ "$1" = with ]; then
    JAVA_TOOL_OPTIONS="$AGENT_OPTION" "$JAVA" -cp "$WORK/plain" Hello > /dev/null 2>&1
  else
    env -u JAVA_TOOL_OPTIONS "$JAVA" -cp "$WORK/plain" Hello > /dev/null 2>&1
  fi
  end=$(now_ms)
  echo $((end - start))
}

tomcat_run() { # tomcat_run bare|agent: prints ms from launch to the first served request
  local start end
  start=$(now_ms)
  start_app "$1" 18090
  wait_serving 18090
  end=$(now_ms)
  stop_app "$APP_PID"
  echo $((end - start))
}

plain_run with > /dev/null; plain_run without > /dev/null   # file cache
plain_with=() plain_without=() tomcat_agent=() tomcat_bare=()
for i in $(seq 1 "$RUNS"); do
  if [ $((i % 2)) = 0 ]; then
    plain_with+=("$(plain_run with)"); plain_without+=("$(plain_run without)")
  else
    plain_without+=("$(plain_run without)"); plain_with+=("$(plain_run with)")
  fi
done
tomcat_run agent > /dev/null   # file cache
for i in $(seq 1 "$RUNS"); do
  if [ $((i % 2)) = 0 ]; then
    tomcat_agent+=("$(tomcat_run agent)"); tomcat_bare+=("$(tomcat_run bare)")
  else
    tomcat_bare+=("$(tomcat_run bare)"); tomcat_agent+=("$(tomcat_run agent)")
  fi
done

pw=$(median "${plain_without[@]}"); pa=$(median "${plain_with[@]}")
tb=$(median "${tomcat_bare[@]}"); ta=$(median "${tomcat_agent[@]}")
echo "median of $RUNS alternating runs, $("$JAVA" -version 2>&1 | head -1), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
printf '| %-34s | %8s | %8s | %10s |\n' what "without" "with" "extra"
printf '| %-34s | %8s | %8s | %10s |\n' --- --- --- ---
printf '| %-34s | %6s ms | %6s ms | %7s ms |\n' "plain main (JAVA_TOOL_OPTIONS)" "$pw" "$pa" "$(awk -v a="$pa" -v b="$pw" 'BEGIN {print a - b}')"
printf '| %-34s | %6s ms | %6s ms | %8s %% |\n' "Tomcat 9, launch to first request" "$tb" "$ta" "$(awk -v a="$ta" -v b="$tb" 'BEGIN {printf "%.1f", (a / b - 1) * 100}')"
echo "runs (ms): plain without: ${plain_without[*]}; with: ${plain_with[*]}; tomcat bare: ${tomcat_bare[*]}; agent: ${tomcat_agent[*]}"
