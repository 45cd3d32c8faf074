#!/bin/bash
# Is bench:gateway's latency gap at 64 connections a convoy behind the simulator's fixed 20 ms?
# The JSON floor pinned to CPU 1, with FLOOR_SPIN_US of 0 and 150 (more CPU a request), against an
# upstream that answers after exactly 20 ms and after 10-30 ms drawn per request (wrk's Lua sets
# x-sim-latency-ms, which the floor forwards), alternated; prints req/s, latency and the floor's CPU
# ticks (1/100 s) over each 6 s window. Run it in a session of its own with autogroup nice -20, as
# BENCH_EXCLUSIVE=1 does: setsid --wait bash -c 'echo -20 > /proc/self/autogroup && bench/floor-convoy-probe.sh'
# docs/measurements.md, "The gateway's p99 at 64 connections follows its CPU per request".
set -e
cd "$(dirname "$0")/.."
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
SIMP=$((5100 + RANDOM % 400)); FP=$((5600 + RANDOM % 300))
taskset -c 0 node bin/switchyard.js simulate --port $SIMP --ttft-ms 0 --tokens-per-second 0 --latency-ms 20 > $TMP/sim.log 2>&1 &
SIM=$!
sleep 3
BODY='{"model":"bench-small","messages":[{"role":"system","content":"You are a concise assistant."},{"role":"user","content":"Summarise why a gateway should stream bytes through instead of buffering them."}],"max_tokens":32,"temperature":0.2}'
mk() { # $1 jitter(0/1)
cat > $TMP/wrk-$1.lua <<LUA
wrk.method = "POST"
wrk.body = [[$BODY]]
wrk.headers["content-type"] = "application/json"
wrk.headers["authorization"] = "Bearer sk-bench-upstream"
LUA
if [ "$1" = 1 ]; then cat >> $TMP/wrk-$1.lua <<'LUA'
request = function()
  wrk.headers["x-sim-latency-ms"] = tostring(math.random(10, 30))
  return wrk.format(nil, nil, nil, nil)
end
LUA
fi
}
mk 0; mk 1
for round in 1 2; do
for spin in 0 150; do
  FLOOR_SPIN_US=$spin taskset -c 1 node bench/json-floor-proxy.mjs http://127.0.0.1:$SIMP $FP > $TMP/floor.log 2>&1 &
  FL=$!
  sleep 2
  for j in 0 1; do
    taskset -c 0 wrk -t1 -c64 -d6s -s $TMP/wrk-$j.lua http://127.0.0.1:$FP/v1/chat/completions >/dev/null 2>&1
    S0=$(awk '{print $14+$15}' /proc/$FL/stat)
    OUT=$(taskset -c 0 wrk -t1 -c64 -d6s --latency -s $TMP/wrk-$j.lua http://127.0.0.1:$FP/v1/chat/completions 2>&1)
    S1=$(awk '{print $14+$15}' /proc/$FL/stat)
    RPS=$(echo "$OUT" | awk '/Requests\/sec/ {print $2}')
    P50=$(echo "$OUT" | awk '$1=="50%" {print $2}'); P90=$(echo "$OUT" | awk '$1=="90%" {print $2}'); P99=$(echo "$OUT" | awk '$1=="99%" {print $2}')
    NON2=$(echo "$OUT" | grep -c "Non-2xx" || true)
    echo "round=$round spin=$spin jitter=$j req/s=$RPS p50=$P50 p90=$P90 p99=$P99 cpu_ticks=$((S1-S0)) non2xx=$NON2 load=$(cut -d' ' -f1 /proc/loadavg)"
  done
  kill $FL; wait $FL 2>/dev/null || true
done
done
kill $SIM; wait $SIM 2>/dev/null || true
