#!/usr/bin/env bash
# Start cost of two agent builds on one standalone Tomcat distribution, paired: RUNS triplets of
# starts (bare, agent jar A, agent jar B, in that order, each with a fresh unpack of the shop WAR),
# process start to the first 200 of /shop/public/hello. A machine's start times drift by more than
# one change moves them (the same server 2.0 s at first, 2.6 s ten minutes later), so what is
# reported is the median of each triplet's own differences, not the difference of the medians.
#   A_JAR=/tmp/before.jar B_JAR=agent/target/cors-agent.jar RUNS=15 scripts/bench/start-ab.sh
#   TOMCAT=apache-tomcat-8.5.100 ...   (any Tomcat under agent-tests/target/dist; default Tomcat 7)
# Needs a build with the distributions unpacked (mvn -B install -DskipTests once).
source "$(dirname "$0")/common.sh"
RUNS=${RUNS:-15}
A_JAR=${A_JAR:?A_JAR=the agent jar to compare against}
B_JAR=${B_JAR:-$AGENT_JAR}
TOMCAT=${TOMCAT:-apache-tomcat-7.0.109}
DIST=$ROOT/agent-tests/$BUILD_DIR/dist/$TOMCAT
PORT=18380
[ -d "$DIST" ] || { echo "missing $DIST: build agent-tests first" >&2; exit 1; }
trap 'rm -rf "$WORK"' EXIT

BASE=$WORK/base
cp -r "$DIST/bin" "$DIST/conf" "$DIST/lib" "$WORK/" && mkdir -p "$BASE" && mv "$WORK/bin" "$WORK/conf" "$WORK/lib" "$BASE/"
mkdir -p "$BASE/logs" "$BASE/temp" "$BASE/webapps" "$BASE/work"
sed -i "s/port=\"8080\"/port=\"$PORT\" address=\"127.0.0.1\"/; s/port=\"8005\"/port=\"-1\"/" "$BASE/conf/server.xml"
mkfifo "$WORK/nap" && exec {nap}<> "$WORK/nap"   # never has data: read -t on it sleeps without starting a process

# log_says FILE TEXT: whether a line of FILE contains TEXT (builtins only)
log_says() {
  local line
  while IFS= read -r line; do [[ $line == *"$2"* ]] && return 0; done < "$1"
  return 1
}

# one_start JVM_OPTION...: prints "wall-ms cpu-ms" for one start to the first 200
one_start() {
  rm -rf "$BASE/work"/* "$BASE/webapps"/* "$BASE/logs"/*
  cp "$WAR" "$BASE/webapps/shop.war"
  local start end pid cpu
  start=$(date +%s%N)
  "$JAVA" "$@" -Xmx512m -Dcatalina.base="$BASE" -Dcatalina.home="$BASE" -Djava.io.tmpdir="$BASE/temp" \
    -Djava.util.logging.config.file="$BASE/conf/logging.properties" \
    -Djava.util.logging.manager=org.apache.juli.ClassLoaderLogManager \
    -cp "$BASE/bin/bootstrap.jar:$BASE/bin/tomcat-juli.jar" org.apache.catalina.startup.Bootstrap start \
    > "$WORK/out.txt" 2>&1 &
  pid=$!
  # waiting must not load the two cores the server starts on: until Tomcat logs that it started,
  # only bash builtins (no curl, no sleep process every 5 ms), then curl until the app answers
  until log_says "$WORK/out.txt" "Server startup in"; do
    kill -0 "$pid" 2> /dev/null || { echo "the server exited; see $WORK/out.txt" >&2; exit 1; }
    read -r -t 0.005 -u "$nap" || true
  done
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/shop/public/hello" 2>/dev/null)" = 200 ]; do
    read -r -t 0.005 -u "$nap" || true
  done
  end=$(date +%s%N)
  cpu=$(cpu_ms "$pid")
  stop_app "$pid"
  echo "$(((end - start) / 1000000)) $cpu"
}

declare -A wall=() cpu=()
for r in $(seq 1 "$RUNS"); do
  read -r bw bc < <(one_start)
  read -r aw ac < <(one_start "-javaagent:$A_JAR=$WORK/cors.properties")
  read -r cw cc < <(one_start "-javaagent:$B_JAR=$WORK/cors.properties")
  wall[bare]+=" $bw"; wall[a]+=" $((aw - bw))"; wall[b]+=" $((cw - bw))"; wall[ba]+=" $((cw - aw))"
  cpu[bare]+=" $bc"; cpu[a]+=" $((ac - bc))"; cpu[b]+=" $((cc - bc))"; cpu[ba]+=" $((cc - ac))"
  echo "triplet $r of $RUNS: bare $bw ms, A $aw ms, B $cw ms" >&2
done
echo "$TOMCAT, $RUNS triplets, $(nproc) cores, $(java -version 2>&1 | head -1); medians of the per-triplet differences"
printf '| %-14s | %8s | %8s | %s\n' "" "wall ms" "CPU ms" "wall, per triplet"
printf '| %-14s | %8s | %8s | %s\n' --- --- --- ---
printf '| %-14s | %8s | %8s | %s\n' "bare" "$(median ${wall[bare]})" "$(median ${cpu[bare]})" "${wall[bare]# }"
printf '| %-14s | %+8.0f | %+8.0f | %s\n' "A - bare" "$(median ${wall[a]})" "$(median ${cpu[a]})" "${wall[a]# }"
printf '| %-14s | %+8.0f | %+8.0f | %s\n' "B - bare" "$(median ${wall[b]})" "$(median ${cpu[b]})" "${wall[b]# }"
printf '| %-14s | %+8.0f | %+8.0f | %s\n' "B - A" "$(median ${wall[ba]})" "$(median ${cpu[ba]})" "${wall[ba]# }"
