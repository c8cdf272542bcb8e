#!/usr/bin/env bash
# Heap the agent keeps: live heap after a full GC (jcmd GC.class_histogram, which collects first)
# of the shop on embedded Tomcat 9 with the agent minus the same app bare, after start and after
# REQUESTS requests each with a random Origin (half random subdomains of the allowed pattern, half
# foreign origins), sent to both apps at the same time. Also the instances of the agent's own
# classes (dev.corsagent.*, Byte Buddy and tinylog included, they are shaded there).
#   REQUESTS=1000000 scripts/bench/memory.sh
source "$(dirname "$0")/common.sh"
REQUESTS=${REQUESTS:-1000000}
JVM_OPTS=${JVM_OPTS:--Xmx256m}
command -v wrk > /dev/null || { echo "wrk is not installed" >&2; exit 1; }
start_app bare 18085; bare=$APP_PID
start_app agent 18086; agent=$APP_PID
trap 'stop_app $bare; stop_app $agent; rm -rf "$WORK"' EXIT
wait_serving 18085; wait_serving 18086

cat > "$WORK/random-origin.lua" <<'LUA'
math.randomseed(os.time())
request = function()
  local origin
  if math.random() < 0.5 then
    origin = "https://r" .. math.random(1, 1000000000) .. ".trusted.example"
  else
    origin = "https://r" .. math.random(1, 1000000000) .. ".example.org"
  end
  return wrk.format(nil, nil, {["Authorization"] = "Bearer x", ["Origin"] = origin})
end
LUA

live_heap() { # live_heap PID: "total-bytes agent-bytes"
  jcmd "$1" GC.class_histogram > "$WORK/histo.txt"
  awk '/^Total/ {total = $3} $4 ~ /^dev\.corsagent\./ {own += $3} END {print total, own + 0}' "$WORK/histo.txt"
}

drive() { # drive PORT: REQUESTS requests with random origins
  local done=0 out n
  while [ "$done" -lt "$REQUESTS" ]; do
    out=$(wrk -t1 -c8 -d10s -s "$WORK/random-origin.lua" "http://127.0.0.1:$1/shop/api/items")
    n=$(echo "$out" | awk '/requests in/ {print $1}')
    done=$((done + n))
  done
  echo "$done"
}

# a few requests first so both apps have served every path once
for p in 18085 18086; do
  for i in 1 2 3; do curl -s -o /dev/null -H "Authorization: Bearer x" -H "Origin: $ALLOWED_ORIGIN" "http://127.0.0.1:$p/shop/api/items"; done
done
read -r bare_start _ <<< "$(live_heap $bare)"
read -r agent_start own_start <<< "$(live_heap $agent)"
drive 18085 > "$WORK/bare.count" &
driver_bare=$!
sent=$(drive 18086)
wait $driver_bare
read -r bare_after _ <<< "$(live_heap $bare)"
read -r agent_after own_after <<< "$(live_heap $agent)"

kb() { awk -v b="$1" 'BEGIN {printf "%.0f KB", b / 1024}'; }
echo "live heap after full GC (jcmd GC.class_histogram), -Xmx256m; $sent requests with random Origins to the agent app, $(cat "$WORK/bare.count") to the bare app"
printf '| %-24s | %12s | %12s | %14s | %18s |\n' when "bare app" "with agent" "agent - bare" "dev.corsagent.*"
printf '| %-24s | %12s | %12s | %14s | %18s |\n' --- --- --- --- ---
printf '| %-24s | %12s | %12s | %14s | %18s |\n' "after start" "$(kb $bare_start)" "$(kb $agent_start)" "$(kb $((agent_start - bare_start)))" "$(kb $own_start)"
printf '| %-24s | %12s | %12s | %14s | %18s |\n' "after $sent requests" "$(kb $bare_after)" "$(kb $agent_after)" "$(kb $((agent_after - bare_after)))" "$(kb $own_after)"
