#!/usr/bin/env bash
# Server CPU time per request: the shop on embedded Tomcat 9 bare, with the agent and with Tomcat's
# CorsFilter (same policy), each loaded in turn by wrk on loopback; CPU (user + system of the app's
# JVM, from /proc) over the requests wrk completed. On a small shared machine this is steadier than
# requests per second, which depend on how wrk and the app share the cores. Medians of ROUNDS
# alternating rounds.
#   ROUNDS=5 DURATION=8s scripts/bench/cpu-per-request.sh
source "$(dirname "$0")/common.sh"
ROUNDS=${ROUNDS:-5}
DURATION=${DURATION:-8s}
CONNECTIONS=${CONNECTIONS:-8}
JVM_OPTS=${JVM_OPTS:--Xmx512m}
command -v wrk > /dev/null || { echo "wrk is not installed" >&2; exit 1; }

variants=(bare agent corsfilter)
declare -A port=([bare]=18181 [agent]=18182 [corsfilter]=18183)
declare -A pid
for v in "${variants[@]}"; do start_app "$v" "${port[$v]}"; pid[$v]=$APP_PID; done
trap 'for v in "${variants[@]}"; do stop_app "${pid[$v]}"; done; rm -rf "$WORK"' EXIT
for v in "${variants[@]}"; do wait_serving "${port[$v]}"; done

# measure CASE VARIANT SECONDS: prints CPU microseconds per request
measure() {
  local url="http://127.0.0.1:${port[$2]}/shop/api/items" headers=(-H "Authorization: Bearer x") before after out
  [ "$1" = get-origin ] && headers+=(-H "Origin: $ALLOWED_ORIGIN")
  before=$(cpu_micros "${pid[$2]}")
  out=$(wrk -t1 -c"$CONNECTIONS" -d"$3" "${headers[@]}" "$url")
  after=$(cpu_micros "${pid[$2]}")
  echo "$out" | awk -v cpu=$((after - before)) '/requests in/ {printf "%.2f", cpu / $1}'
}
cases=(get-origin get-no-origin)
for c in "${cases[@]}"; do for v in "${variants[@]}"; do measure "$c" "$v" 5s > /dev/null; done; done   # JIT warm-up

declare -A runs
for r in $(seq 1 "$ROUNDS"); do
  order=("${variants[@]:$((r % 3))}" "${variants[@]:0:$((r % 3))}")
  for c in "${cases[@]}"; do for v in "${order[@]}"; do runs[$c-$v]+=" $(measure "$c" "$v" "$DURATION")"; done; done
done
echo "server CPU per request (µs), wrk -t1 -c$CONNECTIONS -d$DURATION, median of $ROUNDS alternating rounds; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
printf '| %-14s | %6s | %6s | %10s | %11s | %16s |\n' case bare agent CorsFilter "agent - bare" "agent / CorsFilter"
printf '| %-14s | %6s | %6s | %10s | %11s | %16s |\n' --- --- --- --- --- ---
for c in "${cases[@]}"; do
  b=$(median ${runs[$c-bare]}); a=$(median ${runs[$c-agent]}); f=$(median ${runs[$c-corsfilter]})
  printf '| %-14s | %6s | %6s | %10s | %11s | %16s |\n' "$c" "$b" "$a" "$f" \
    "$(awk -v a="$a" -v b="$b" 'BEGIN {printf "%+.2f", a - b}')" "$(awk -v a="$a" -v f="$f" 'BEGIN {printf "%.3f", a / f}')"
done
for k in "${!runs[@]}"; do echo "runs $k:${runs[$k]}"; done | sort
