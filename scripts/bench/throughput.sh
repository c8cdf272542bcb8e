#!/usr/bin/env bash
# Requests per second with wrk on loopback: the shop on embedded Tomcat 9 bare, with the agent, and
# with Tomcat's CorsFilter (launcher --tomcat-cors-filter), same policy. The three apps run side by
# side; each round measures every case on every variant, in an order rotated per round, and the
# table gives medians of the per-round ratios (robust against a noisy, shared machine).
# Each of FORKS forks starts the three apps afresh (a JVM's JIT decisions shift its rate by a few
# percent for its whole life, so one JVM per variant measures that JVM); the medians pool the rounds
# of all forks. The per-round agent/bare ratios are printed too: their spread is the noise.
#   FORKS=1 ROUNDS=5 DURATION=5s WARMUP=5s CONNECTIONS=8 scripts/bench/throughput.sh
source "$(dirname "$0")/common.sh"
FORKS=${FORKS:-1}
ROUNDS=${ROUNDS:-5}
WARMUP=${WARMUP:-5s}
DURATION=${DURATION:-5s}
CONNECTIONS=${CONNECTIONS:-8}
JVM_OPTS=${JVM_OPTS:--Xmx512m}
command -v wrk > /dev/null || { echo "wrk is not installed" >&2; exit 1; }

variants=(bare agent corsfilter)
declare -A port=([bare]=18081 [agent]=18082 [corsfilter]=18083)
declare -A pid=()
stop_all() { for v in "${!pid[@]}"; do stop_app "${pid[$v]}"; done; pid=(); }
trap 'stop_all; rm -rf "$WORK"' EXIT

cat > "$WORK/preflight.lua" <<'LUA'
wrk.method = "OPTIONS"
wrk.headers["Origin"] = "https://app.example.com"
wrk.headers["Access-Control-Request-Method"] = "PUT"
wrk.headers["Access-Control-Request-Headers"] = "authorization,content-type"
LUA
cases=(get-origin get-no-origin preflight)
# run_wrk CASE PORT SECONDS: prints requests/sec
run_wrk() {
  local c=$1 p=$2 d=$3 url="http://127.0.0.1:$2/shop/api/items" out
  case $c in
    get-origin) out=$(wrk -t1 -c"$CONNECTIONS" -d"$d" -H "Authorization: Bearer x" -H "Origin: $ALLOWED_ORIGIN" "$url") ;;
    get-no-origin) out=$(wrk -t1 -c"$CONNECTIONS" -d"$d" -H "Authorization: Bearer x" "$url") ;;
    preflight) out=$(wrk -t1 -c"$CONNECTIONS" -d"$d" -s "$WORK/preflight.lua" "$url") ;;
  esac
  echo "$out" >> "$WORK/wrk.log"
  echo "$out" | awk '/Requests\/sec/ {print $2}'
}

declare -A rps ratio_bare ratio_filter
for f in $(seq 1 "$FORKS"); do
  for v in "${variants[@]}"; do start_app "$v" "${port[$v]}"; pid[$v]=$APP_PID; done
  for v in "${variants[@]}"; do wait_serving "${port[$v]}"; done

  # the variants must answer as expected, or the figures compare nothing
  for v in agent corsfilter; do
    curl -s -D - -o /dev/null -H "Authorization: Bearer x" -H "Origin: $ALLOWED_ORIGIN" \
        "http://127.0.0.1:${port[$v]}/shop/api/items" | grep -qi "^Access-Control-Allow-Origin: $ALLOWED_ORIGIN" \
      || { echo "$v: no Access-Control-Allow-Origin on an allowed GET" >&2; exit 1; }
    case $(curl -s -o /dev/null -w '%{http_code}' -X OPTIONS -H "Origin: $ALLOWED_ORIGIN" \
        -H "Access-Control-Request-Method: PUT" "http://127.0.0.1:${port[$v]}/shop/api/items") in
      200|204) ;;
      *) echo "$v: preflight not answered 200/204" >&2; exit 1 ;;
    esac
  done

  # warm-up: JIT every path on every variant
  for c in "${cases[@]}"; do for v in "${variants[@]}"; do run_wrk "$c" "${port[$v]}" "$WARMUP" > /dev/null; done; done

  for r in $(seq 1 "$ROUNDS"); do
    for c in "${cases[@]}"; do
      order=("${variants[@]:$((r % 3))}" "${variants[@]:0:$((r % 3))}")
      declare -A this=()
      for v in "${order[@]}"; do this[$v]=$(run_wrk "$c" "${port[$v]}" "$DURATION"); rps[$c,$v]+=" ${this[$v]}"; done
      ratio_bare[$c]+=" $(awk -v a="${this[agent]}" -v b="${this[bare]}" 'BEGIN {printf "%.4f", a / b}')"
      ratio_filter[$c]+=" $(awk -v a="${this[agent]}" -v b="${this[corsfilter]}" 'BEGIN {printf "%.4f", a / b}')"
    done
    echo "fork $f of $FORKS, round $r of $ROUNDS done (load $(cut -d' ' -f1-3 /proc/loadavg))" >&2
  done
  stop_all
done

echo "wrk -t1 -c$CONNECTIONS -d$DURATION, $FORKS forks of $ROUNDS alternating rounds, medians; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
printf '| %-13s | %10s | %10s | %10s | %11s | %15s |\n' case "bare r/s" "agent r/s" "filter r/s" "agent/bare" "agent/CorsFilter"
printf '| %-13s | %10s | %10s | %10s | %11s | %15s |\n' --- --- --- --- --- ---
for c in "${cases[@]}"; do
  printf '| %-13s | %10.0f | %10.0f | %10.0f | %11.3f | %15.3f |\n' "$c" \
    "$(median ${rps[$c,bare]})" "$(median ${rps[$c,agent]})" "$(median ${rps[$c,corsfilter]})" \
    "$(median ${ratio_bare[$c]})" "$(median ${ratio_filter[$c]})"
done
echo "(preflight on the bare app is the app's own 401 from AuthFilter: no CORS answer, shown for scale only)"
for c in "${cases[@]}"; do echo "agent/bare per round, $c:${ratio_bare[$c]}"; done
