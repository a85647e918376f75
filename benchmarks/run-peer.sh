#!/usr/bin/env bash
# The bridge against the flow a user would build instead, side by side in one run (issue 15):
# one Mosquitto on a free loopback port; per system a socat pty pair with the firmware emulator
# ('solemate simulate --port') on the board end and the system on the host end; then
# dev.solemate.bench.peer.PeerBenchmark, the one measuring client, sends every system the same
# commands (isolated, back to back, sustained) and samples each system's RSS and CPU from /proc.
# Systems: 'solemate' (./solemate bridge as the launcher starts it), 'solemate=<JVM options>'
# (SOLEMATE_JAVA_OPTS), 'node-red' (benchmarks/peer, after 'npm ci' there).
# Needs mosquitto, mosquitto-clients, socat, node >= 18. Not part of mvn verify.
# Usage: benchmarks/run-peer.sh solemate node-red        (PEER_FLAGS="-Dpeer.isolated=5000 ..." to size)
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
[ $# -gt 0 ] || set -- solemate node-red
mvn -B -q ${MVN_FLAGS:-} -Pbench -pl benchmarks -am package dependency:build-classpath \
  -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime -DskipTests
CP="benchmarks/target/classes:$(tr : "\n" < benchmarks/target/classpath.txt | grep -v /ch/qos/logback/ | paste -sd:)"
"$root/solemate" --version >/dev/null   # the launcher's jar and CDS archive, built now rather than mid-run
work="$(mktemp -d)"
pids=()
# Systems first, the broker last (Node-RED can hang on SIGTERM when its broker and port vanish with it).
cleanup() {
  for ((i=${#pids[@]}-1; i>=0; i--)); do kill "${pids[$i]}" 2>/dev/null || true; sleep 0.2; done
  sleep 2; for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true; rm -rf "$work"
}
trap cleanup EXIT
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
printf 'listener %s 127.0.0.1\nallow_anonymous true\npersistence false\nset_tcp_nodelay true\nmax_inflight_messages 100\nmax_queued_messages 0\n' "$port" > "$work/m.conf"
mosquitto -c "$work/m.conf" >"$work/m.log" 2>&1 & pids+=($!)
sleep 0.5
echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name:[[:space:]]*//p'), $(free -g | awk '/Mem:/{print $2}') GiB"
echo "java: $(java -version 2>&1 | head -1); node: $(node --version); $(mosquitto -h 2>/dev/null | head -1)"
[ -d benchmarks/peer/node_modules/node-red ] && echo "node-red: $(node -p 'require("./benchmarks/peer/node_modules/node-red/package.json").version'), node-red-node-serialport: $(node -p 'require("./benchmarks/peer/node_modules/node-red-node-serialport/package.json").version')"
echo "date: $(date -u '+%Y-%m-%d %H:%M UTC'); load before: $(cut -d' ' -f1-3 /proc/loadavg)"
specs=()
n=0
for system in "$@"; do
  n=$((n+1))
  socat pty,raw,echo=0,link="$work/host$n" pty,raw,echo=0,link="$work/board$n" 2>/dev/null & pids+=($!)
  sleep 0.3
  # the same emulator for every system, on a JVM that compiles fully and whose young generation
  # outlasts the run (no collection pauses): a quick, steady device, so that what differs between
  # the systems is the systems
  SOLEMATE_JAVA_OPTS="-XX:+UseSerialGC -Xms160m -Xmx160m -Xmn128m -XX:+AlwaysPreTouch" "$root/solemate" simulate --port "$work/board$n" >"$work/sim$n.log" 2>&1 & pids+=($!)
  sleep 1
  start=$(date +%s%N)
  case "$system" in
    node-red)
      base=peer
      PEER_HTTP_PORT=none benchmarks/peer/start-node-red.sh "$port" "$work/host$n" >"$work/sys$n.log" 2>&1 & ;;
    solemate|solemate=*)
      base="s$n"
      printf 'broker: {url: "tcp://127.0.0.1:%s"}\nbridge: {name: b%s, base_topic: %s}\nhomeassistant: {enabled: false}\ndevices: {d: "serial:%s"}\n' \
        "$port" "$n" "$base" "$work/host$n" > "$work/b$n.yaml"
      if [ "$system" = solemate ]; then
        "$root/solemate" bridge --config "$work/b$n.yaml" >"$work/sys$n.log" 2>&1 &
      else
        SOLEMATE_JAVA_OPTS="${system#solemate=}" "$root/solemate" bridge --config "$work/b$n.yaml" >"$work/sys$n.log" 2>&1 &
      fi ;;
    *) echo "unknown system '$system' (expected solemate, solemate=<JVM options> or node-red)" >&2; exit 2 ;;
  esac
  pid=$!; pids+=($pid)
  until mosquitto_sub -p "$port" -t "$base/d/availability" -C 1 -W 60 2>/dev/null | grep -q online; do
    kill -0 "$pid" 2>/dev/null || { echo "$system ended before it was online:"; cat "$work/sys$n.log"; exit 1; }
    sleep 0.05
  done
  echo "system $n: $system, pid $pid, online after $(( ($(date +%s%N) - start) / 1000000 )) ms"
  name="${system%%=*}"; [ "$system" != "$name" ] && name="$name$n"
  specs+=("$name=$base/d=$pid")
done
# The measuring client, like the emulators, gets a young generation that outlasts the run: its own
# collection pauses would land in whichever system's sample was in flight.
java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -XX:+UseSerialGC -Xms1g -Xmx1g -Xmn900m -XX:+AlwaysPreTouch ${PEER_FLAGS:-} -cp "$CP" dev.solemate.bench.peer.PeerBenchmark "tcp://127.0.0.1:$port" "${specs[@]}"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
