#!/usr/bin/env bash
# Smoke check of the peer flow, end to end on this machine: its own Mosquitto, a socat pty pair, the
# firmware emulator (`solemate simulate`) on one end and Node-RED with flows.json on the other, driven
# with mosquitto_pub / mosquitto_sub. Prints PASS/FAIL per check, exits 1 if any failed, and stops
# every process it started whatever happens.
#
#   (cd benchmarks/peer && npm ci)     # once
#   benchmarks/peer/check.sh
#
# PEER_SOLEMATE=/path/to/solemate uses another checkout's launcher for the emulator (the default,
# this checkout's ./solemate, builds the project first if it is stale). Needs mosquitto,
# mosquitto-clients, socat and node 20.
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
solemate="${PEER_SOLEMATE:-$root/solemate}"
for tool in mosquitto mosquitto_pub mosquitto_sub socat node; do
  command -v "$tool" >/dev/null || { echo "check.sh: $tool is missing (apt-get install -y mosquitto mosquitto-clients socat nodejs)" >&2; exit 2; }
done
[ -f "$here/node_modules/node-red/red.js" ] || { echo "check.sh: run (cd $here && npm ci) first" >&2; exit 2; }

W="$(mktemp -d "${TMPDIR:-/tmp}/peer-check.XXXXXX")"
nodered="" emulator="" socat_pid="" mosquitto_pid="" watcher="" noisy_pid="" socat2_pid=""
failures=0

stop() {   # stop <pid>: TERM, up to 5 s, then KILL
  local pid="$1"
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  kill "$pid" 2>/dev/null
  for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null
}
cleanup() {
  # Node-RED first, while its broker and port are still there (it then stops cleanly).
  stop "$nodered"; stop "$watcher"; stop "$emulator"; stop "$noisy_pid"; stop "$socat2_pid"; stop "$socat_pid"
  stop "$mosquitto_pid"
  if [ "$failures" -gt 0 ] || [ -n "${PEER_CHECK_KEEP:-}" ]; then
    echo "logs kept in $W"
  else
    rm -rf "$W"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
result() {   # result <PASS|FAIL> <what>
  echo "$1 $2"
  [ "$1" = PASS ] || failures=$((failures + 1))
}
# The log of everything under peer/#, one "topic payload" line per message.
log="$W/mqtt.log"
wait_for() {   # wait_for <fixed string> <seconds>: true once a line of the MQTT log contains it
  local deadline=$((SECONDS + $2))
  while [ $SECONDS -le "$deadline" ]; do
    grep -qF -- "$1" "$log" 2>/dev/null && return 0
    sleep 0.1
  done
  return 1
}
wait_count() {   # wait_count <fixed string> <n> <seconds>: true once n lines of the MQTT log contain it
  local deadline=$((SECONDS + $3))
  while [ $SECONDS -le "$deadline" ]; do
    [ "$(grep -cF -- "$1" "$log" 2>/dev/null)" -ge "$2" ] && return 0
    sleep 0.1
  done
  return 1
}
answered() {   # answered <transaction> <seconds>: true once /response carried that transaction
  local deadline=$((SECONDS + $2))
  while [ $SECONDS -le "$deadline" ]; do
    grep -qE "^peer/d/response .*\"transaction\":\"$1\"\}\$" "$log" 2>/dev/null && return 0
    sleep 0.05
  done
  return 1
}
retained() { mosquitto_sub -p "$port" -t "$1" -C 1 -W 3 --retained-only 2>/dev/null; }
pub() { mosquitto_pub -p "$port" -q 1 -t peer/d/set -m "$1"; }

port="$(free_port)"
cat > "$W/mosquitto.conf" <<EOF
listener $port 127.0.0.1
allow_anonymous true
persistence false
set_tcp_nodelay true
# Mosquitto drops QoS 1 messages for a subscriber with more than 1000 queued (its default): the
# flood below outruns Node-RED by more than that, and a dropped command gets no answer.
max_queued_messages 0
EOF
mosquitto -c "$W/mosquitto.conf" >"$W/mosquitto.log" 2>&1 &
mosquitto_pid=$!
socat pty,raw,echo=0,link="$W/host" pty,raw,echo=0,link="$W/board" 2>"$W/socat.log" &
socat_pid=$!
for _ in $(seq 50); do [ -e "$W/host" ] && [ -e "$W/board" ] && break; sleep 0.1; done
"$solemate" simulate --port "$W/board" --log-file "$W/emulator-detail.log" >"$W/emulator.log" 2>&1 &
emulator=$!
sleep 0.3
mosquitto_sub -p "$port" -v -t 'peer/#' >"$log" 2>"$W/watcher.err" &
watcher=$!
PEER_USER_DIR="$W/node-red" PEER_HTTP_PORT=none "$here/start-node-red.sh" "$port" "$W/host" >"$W/node-red.log" 2>&1 &
nodered=$!
echo "check.sh: broker 127.0.0.1:$port, serial $W/host, Node-RED pid $nodered, emulator pid $emulator"

# 1. online after the handshake (the emulator's JVM and Node-RED both start here: allow 60 s)
if wait_for "peer/d/availability online" 60; then
  result PASS "availability online after the handshake"
else
  result FAIL "availability online after the handshake (see $W/node-red.log, $W/emulator.log)"
  exit 1
fi

# 2. a valid command: answered ok with its transaction, the retained state follows
pub '{"zones":{"arch":{"technique":"knead","intensity":40}},"heat":40,"transaction":"c1"}'
if wait_for 'peer/d/response {"status":"ok","transaction":"c1"}' 5; then
  state="$(retained peer/d/state)"
  if [[ "$state" == *'"arch":{"technique":"knead","intensity":40,"level":2}'* && "$state" == *'"heat":40'* ]]; then
    result PASS "valid command answered ok with its transaction; state $state"
  else
    result FAIL "valid command answered, but the state is $state"
  fi
else
  result FAIL "valid command answered ok with its transaction"
fi

# 3. refusals name what is wrong and what is allowed
pub '{"zones":{"arch":'
pub '{"zones":{"calf":{"intensity":40}},"transaction":"e2"}'
pub '{"zones":{"arch":{"intensity":140}},"transaction":"e3"}'
check_error() {   # check_error <what> <fixed string>
  if wait_for "$2" 5; then result PASS "$1: $(grep -F -- "$2" "$log" | head -1 | cut -d' ' -f2-)"; else result FAIL "$1"; fi
}
check_error "broken JSON refused" '{"status":"error","error":"broken JSON: '
check_error "unknown zone refused, naming the zones" 'unknown zone '"'"'calf'"'"' (expected one of: toes, ball, arch, heel)","transaction":"e2"}'
check_error "intensity 140 refused, naming the range" 'zones.arch.intensity 140 is out of range (expected 0 to 100)","transaction":"e3"}'

# 4. 2,000 commands as fast as possible: every one answered (ok, or busy beyond the bridge's limit of
#    64 commands waiting), and the link still works afterwards
start=$(date +%s%N)
for i in $(seq 1 2000); do
  echo "{\"zones\":{\"arch\":{\"intensity\":$((i % 101))},\"toes\":{\"technique\":\"press\",\"intensity\":$((i * 7 % 101))}},\"transaction\":\"f$i\"}"
done | mosquitto_pub -p "$port" -q 1 -t peer/d/set -l
answered=0
for _ in $(seq 600); do
  answered=$(grep -oE '^peer/d/response .*"transaction":"f[0-9]+"' "$log" | grep -oE 'f[0-9]+"$' | sort -u | wc -l)
  [ "$answered" -ge 2000 ] && break
  sleep 0.1
done
ms=$((($(date +%s%N) - start) / 1000000))
ok=$(grep -cE '^peer/d/response \{"status":"ok","transaction":"f[0-9]+"' "$log")
busy=$(grep -cE '^peer/d/response \{"status":"busy".*"transaction":"f[0-9]+"' "$log")
other=$(grep -E '^peer/d/response .*"transaction":"f[0-9]+"' "$log" | grep -vcE '"status":"(ok|busy)"')
if [ "$answered" -eq 2000 ] && [ "$other" -eq 0 ] && [ "$ok" -gt 0 ]; then
  result PASS "2000 commands published at once: all answered in $ms ms ($ok ok, $busy busy)"
else
  result FAIL "2000 commands published at once: $answered answered ($ok ok, $busy busy, $other other) after $ms ms"
fi
pub '{"zones":{"ball":{"technique":"roll","intensity":60}},"transaction":"after-flood"}'
if wait_for 'peer/d/response {"status":"ok","transaction":"after-flood"}' 5; then
  result PASS "a command after the flood answered ok"
else
  result FAIL "a command after the flood answered ok"
fi

# 4b. 2,000 commands in bursts of 60 (under the busy limit): all ok, executed in order (the state
#     ends at the last command's values), through the rx window and the 16-request limit
start=$(date +%s%N)
for b in $(seq 0 33); do
  for i in $(seq $((b * 60 + 1)) $((b * 60 + 60))); do
    [ "$i" -le 2000 ] && echo "{\"zones\":{\"heel\":{\"intensity\":$((i % 101))},\"toes\":{\"technique\":\"knead\",\"intensity\":$((i * 7 % 101))}},\"transaction\":\"g$i\"}"
  done | mosquitto_pub -p "$port" -q 1 -t peer/d/set -l
  last=$((b * 60 + 60)); [ "$last" -gt 2000 ] && last=2000
  answered "g$last" 10 || break
done
ms=$((($(date +%s%N) - start) / 1000000))
ok=$(grep -oE '^peer/d/response \{"status":"ok","transaction":"g[0-9]+"' "$log" | sort -u | wc -l)
state="$(retained peer/d/state)"
# command 2000: heel 2000 % 101 = 81 % -> level 5 of 5; toes 14000 % 101 = 62 % -> level 4
if [ "$ok" -eq 2000 ] && [[ "$state" == *'"toes":{"technique":"knead","intensity":80,"level":4}'* && "$state" == *'"heel":{"technique":"knead","intensity":100,"level":5}'* ]]; then
  result PASS "2000 commands in bursts of 60: all ok in $ms ms (paced by this script: one mosquitto_pub per burst), the state is the last command's"
else
  result FAIL "2000 commands in bursts of 60: $ok ok after $ms ms; state $state"
fi

# 5. idle: the heartbeat keeps the device's watchdog (hb=1000 ms) from stopping it
sleep 0.5
before="$(retained peer/d/state)"
sleep 5
after="$(retained peer/d/state)"
if grep -q WATCHDOG "$W/emulator-detail.log" "$W/emulator.log" || grep -q '^peer/d/event' "$log"; then
  result FAIL "5 s idle: the watchdog fired: $(grep -h WATCHDOG "$W/emulator-detail.log" "$W/emulator.log" | head -1)$(grep '^peer/d/event' "$log" | head -1)"
elif [[ "$after" != "$before" || "$after" != *'"ball":{"technique":"roll","intensity":60,"level":3}'* ]]; then
  result FAIL "5 s idle: the state changed from $before to $after"
else
  result PASS "5 s idle: no watchdog fault, the state still shows the zones running"
fi

# 6. OFF: the real-time stop, answered once the device confirmed it; everything at zero
pub '{"power":"OFF","transaction":"off"}'
if wait_for 'peer/d/response {"status":"ok","transaction":"off"}' 5; then
  state="$(retained peer/d/state)"
  if [[ "$state" == '{"power":"OFF"'* && "$state" != *'"level":'[1-9]* && "$state" == *'"heat":null}' ]]; then
    result PASS "OFF answered ok; state $state"
  else
    result FAIL "OFF answered ok, but the state is $state"
  fi
else
  result FAIL "OFF answered ok"
fi

# 7. the device restarts: offline while it is gone, a new handshake when it is back
stop "$emulator"
if wait_count "peer/d/availability offline" 2 10; then   # the first one came before the handshake
  "$solemate" simulate --port "$W/board" --log-file "$W/emulator-detail.log" >>"$W/emulator.log" 2>&1 &
  emulator=$!
  if wait_count "peer/d/availability online" 2 60; then
    pub '{"zones":{"heel":{"intensity":20}},"transaction":"back"}'
    if wait_for 'peer/d/response {"status":"ok","transaction":"back"}' 5; then
      result PASS "device restart: offline, then online again after a new handshake, commands work"
    else
      result FAIL "device restart: online again but a command was not answered ok"
    fi
  else
    result FAIL "device restart: not online again within 60 s"
  fi
else
  result FAIL "device restart: availability not offline within 10 s of the emulator stopping"
fi

# 8. a noisy line between Node-RED and the device: one request in 40 damaged (BAD_CHECKSUM, resent
#    at once), one device line in 60 lost (ack timeout, go-back-N resend, duplicates answered from
#    the device's memory). Every command still answered ok, in order, and the link never dropped.
stop "$nodered"; nodered=""
stop "$emulator"; emulator=""
socat pty,raw,echo=0,link="$W/noisy" pty,raw,echo=0,link="$W/board2" 2>>"$W/socat.log" &
socat2_pid=$!
for _ in $(seq 50); do [ -e "$W/noisy" ] && [ -e "$W/board2" ] && break; sleep 0.1; done
python3 "$here/noisy-line.py" "$W/board" "$W/noisy" 40 60 2>"$W/noisy-line.log" &
noisy_pid=$!
"$solemate" simulate --port "$W/board2" >>"$W/emulator.log" 2>&1 &
emulator=$!
PEER_USER_DIR="$W/node-red" PEER_HTTP_PORT=none "$here/start-node-red.sh" "$port" "$W/host" >>"$W/node-red.log" 2>&1 &
nodered=$!
if wait_count "peer/d/availability online" 3 60; then
  offline_before=$(grep -c '^peer/d/availability offline' "$log")
  start=$(date +%s%N)
  for b in $(seq 0 9); do
    for i in $(seq $((b * 30 + 1)) $((b * 30 + 30))); do
      echo "{\"zones\":{\"arch\":{\"technique\":\"roll\",\"intensity\":$((i % 101))}},\"heat\":$((35 + i % 11)),\"transaction\":\"n$i\"}"
    done | mosquitto_pub -p "$port" -q 1 -t peer/d/set -l
    answered "n$((b * 30 + 30))" 20 || break
  done
  ms=$((($(date +%s%N) - start) / 1000000))
  ok=$(grep -oE '^peer/d/response \{"status":"ok","transaction":"n[0-9]+"' "$log" | sort -u | wc -l)
  state="$(retained peer/d/state)"
  damaged=$(grep -c '^damaged' "$W/noisy-line.log"); dropped=$(grep -c '^dropped' "$W/noisy-line.log")
  # command 300: arch 300 % 101 = 98 % -> level 5; heat 35 + 300 % 11 = 38
  if [ "$ok" -eq 300 ] && [ "$(grep -c '^peer/d/availability offline' "$log")" -eq "$offline_before" ] \
      && [[ "$state" == *'"arch":{"technique":"roll","intensity":100,"level":5}'* && "$state" == *'"heat":38}'* ]] \
      && [ "$damaged" -gt 0 ] && [ "$dropped" -gt 0 ]; then
    result PASS "noisy line ($damaged request lines damaged, $dropped device lines lost): 300 commands all ok in $ms ms, in order, link never dropped"
  else
    result FAIL "noisy line ($damaged damaged, $dropped lost): $ok of 300 ok after $ms ms; state $state"
  fi
else
  result FAIL "noisy line: Node-RED not online through the noisy line within 60 s"
fi

if [ "$failures" -eq 0 ]; then
  echo "check.sh: all checks passed"
else
  echo "check.sh: $failures check(s) failed"
  exit 1
fi
