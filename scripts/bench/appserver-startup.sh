#!/usr/bin/env bash
# Start-up cost of the agent on the application servers, median of RUNS runs each: every run is one
# pass of the servers' *SafetyIT classes, which start each server bare and then with the agent in
# JAVA_TOOL_OPTIONS (process start to the first 200 of /shop/public/hello) and append a line per
# server to a report file. RUNS passes give RUNS alternating bare/agent starts per server.
#   RUNS=5 scripts/bench/appserver-startup.sh                     # child JVMs on the build JDK
#   RUNS=5 JDK25=1 scripts/bench/appserver-startup.sh             # child JVMs on Temurin 25 (Payara)
# Needs a build with the distributions unpacked: mvn -B verify, or mvn -B install -DskipTests once.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
RUNS=${RUNS:-5}
SERVERS=${SERVERS:-'Jetty11SafetyIT,Tomcat7SafetyIT,Tomcat85SafetyIT,Jetty10SafetyIT,WildFly26SafetyIT,WildFly39SafetyIT,OpenLibertySafetyIT,GlassFish7SafetyIT,PayaraMicro7SafetyIT'}
REPORT=$(mktemp /tmp/appserver-startup.XXXXXX)
JDK_ARGS=(-P '!children-on-java25')
[ "${JDK25:-}" = 1 ] && JDK_ARGS+=(-Djava.home.for.tests=/usr/lib/jvm/temurin-25-jdk-amd64)
rm -f "$REPORT"
cd "$ROOT"
for i in $(seq 1 "$RUNS"); do
  mvn -B -q -o -pl agent-tests verify -Dit.test="$SERVERS" -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
    "${JDK_ARGS[@]}" -Dit.startup.report="$REPORT" > /dev/null || echo "pass $i: a test failed (see agent-tests/target/failsafe-reports)" >&2
done
echo "median of $RUNS runs each, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
printf '| %-14s | %-8s | %9s | %9s | %6s | %s\n' server JDK "bare ms" "agent ms" ratio "agent/bare per run"
printf '| %-14s | %-8s | %9s | %9s | %6s | %s\n' --- --- --- --- --- ---
grep -v '^#' "$REPORT" | awk -F' \\| ' '
  function median(list,   n, a, i, j, t) {
    n = split(list, a, " ")
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
  }
  $3 != "failed" && $4 != "failed" { k = $1 " | " $2; order[k] = order[k] ? order[k] : ++seen; bare[k] = bare[k] " " $3; agent[k] = agent[k] " " $4; ratios[k] = ratios[k] " " $5 }
  END {
    for (k in order) {
      split(k, p, " \\| "); b = median(bare[k]); a = median(agent[k])
      printf "| %-14s | %-8s | %9d | %9d | %6.2f |%s\n", p[1], p[2], b, a, a / b, ratios[k]
    }
  }'
rm -f "$REPORT"
