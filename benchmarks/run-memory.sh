#!/usr/bin/env bash
# Resident memory and start-up of 'solemate bridge' with one serial device, per set of JVM options,
# side by side in one run: one Mosquitto on a free loopback port; per bridge a socat pty pair and
# 'solemate simulate --port' (the firmware emulator) on the board end; the bridges start at the same
# time and take the same load. RSS (VmRSS) is sampled every second: idle 20 s, a 30 s run at full rate
# (mosquitto_pub -l, QoS 1, as fast as the broker takes it; the bridge answers 'busy' beyond its
# queue), then 60 s idle. Also the time from 'solemate bridge' to its retained 'online', and from
# 'solemate run' to the first command on the device (its serial line, by the emulator's log).
# Needs mosquitto, mosquitto-clients, socat. Not part of mvn verify.
# Usage: benchmarks/run-memory.sh "<opts A>" "<opts B>" ...   ("launcher" = the launcher's defaults)
set -euo pipefail
cd "$(dirname "$0")/.."
root="${SOLEMATE_ROOT:-$PWD}"
"$root/solemate" --version >/dev/null 2>&1 || true   # builds if stale, and the CDS archive with it
work="$(mktemp -d)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
printf 'listener %s 127.0.0.1\nallow_anonymous true\npersistence false\nset_tcp_nodelay true\n' "$port" > "$work/m.conf"
mosquitto -c "$work/m.conf" >"$work/m.log" 2>&1 & pids+=($!)
sleep 0.5
echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name:[[:space:]]*//p'); java: $(java -version 2>&1 | head -1)"
echo "date: $(date -u '+%Y-%m-%d %H:%M UTC'); load before: $(cut -d' ' -f1-3 /proc/loadavg); $(mosquitto -h 2>/dev/null | head -1)"
rss() { awk '/VmRSS/{print int($2/1024)}' "/proc/$1/status" 2>/dev/null || echo 0; }
n=0; bpids=(); names=()
for opts in "$@"; do
  n=$((n+1))
  socat pty,raw,echo=0,link="$work/host$n" pty,raw,echo=0,link="$work/board$n" 2>/dev/null & pids+=($!)
  sleep 0.3
  SOLEMATE_JAVA_OPTS="-XX:+UseSerialGC -XX:TieredStopAtLevel=1" "$root/solemate" simulate --port "$work/board$n" >"$work/sim$n.log" 2>&1 & pids+=($!)
  sleep 1
  printf 'broker: {url: "tcp://127.0.0.1:%s"}\nbridge: {name: b%s, base_topic: m%s}\nhomeassistant: {enabled: false}\ndevices: {d: "serial:%s"}\n' \
    "$port" "$n" "$n" "$work/host$n" > "$work/b$n.yaml"
  start=$(date +%s%N)
  if [ "$opts" = launcher ]; then
    "$root/solemate" bridge --config "$work/b$n.yaml" >"$work/bridge$n.log" 2>&1 &
  else
    SOLEMATE_JAVA_OPTS="$opts" "$root/solemate" bridge --config "$work/b$n.yaml" >"$work/bridge$n.log" 2>&1 &
  fi
  bp=$!; pids+=($bp); bpids+=($bp); names+=("$opts")
  # The retained availability says online once the device's link is up (HELLO answered).
  until mosquitto_sub -p "$port" -t "m$n/d/availability" -C 1 -W 60 2>/dev/null | grep -q online; do sleep 0.05; done
  echo "bridge $n ($opts): online after $(( ($(date +%s%N) - start) / 1000000 )) ms"
done
sample() { local label="$1" secs="$2"; for ((s=0; s<secs; s++)); do
  line="$label"; for p in "${bpids[@]}"; do line="$line $(rss "$p")"; done; echo "$line" >> "$work/rss"; sleep 1; done; }
sample idle 20
load() { for ((i=1; i<=n; i++)); do
  (timeout 30 bash -c "yes '{\"zones\":{\"arch\":{\"technique\":\"knead\",\"intensity\":40}}}' | mosquitto_pub -p $port -q 1 -l -t m$i/d/set" >/dev/null 2>&1 || true) &
  done; }
load; sample load 30
sample after 60
for ((i=1; i<=n; i++)); do
  col=$((i+1))
  idle=$(awk -v c=$col '$1=="idle"{v=$c} END{print v}' "$work/rss")
  peak=$(awk -v c=$col '$1=="load"&&$c>m{m=$c} END{print m}' "$work/rss")
  a30=$(awk -v c=$col '$1=="after"{k++; if(k==30)print $c}' "$work/rss")
  a60=$(awk -v c=$col '$1=="after"{v=$c} END{print v}' "$work/rss")
  echo "bridge $i (${names[$((i-1))]}): RSS idle $idle MB, peak under load $peak MB, 30 s after $a30 MB, 60 s after $a60 MB"
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
