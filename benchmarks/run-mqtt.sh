#!/usr/bin/env bash
# Builds the benchmarks module and runs the MQTT bridge benchmarks through a Mosquitto it starts on
# a free loopback port (apt-get install mosquitto): /set -> state latency against a bare Paho echo,
# 1,000 simulated massagers at 1,000 commands/s for 60 s in a 256 MB heap, and start-up with 10,000
# devices and Home Assistant discovery. Takes about 5 minutes; keep the machine otherwise idle.
# storm: 20,000 commands at full broker speed against 'solemate bridge' in its own JVM, its RSS sampled.
# Usage: benchmarks/run-mqtt.sh [latency|load|startup|storm|all]     (MVN_FLAGS=-o to build offline)
set -euo pipefail
cd "$(dirname "$0")/.."
which="${1:-all}"

mvn -B -q ${MVN_FLAGS:-} -Pbench -pl benchmarks -am package dependency:build-classpath \
  -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime -DskipTests
# logback arrives through the examples module; the bench logs through slf4j-simple only.
CP="benchmarks/target/classes:$(tr : "\n" < benchmarks/target/classpath.txt | grep -v /ch/qos/logback/ | paste -sd:)"
LOG="-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"

echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name:[[:space:]]*//p')"
echo "java: $(java -version 2>&1 | head -1)"
echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
run() { echo; echo "== $1"; shift; java "$LOG" "$@"; }
if [[ "$which" == all || "$which" == latency ]]; then
  run "latency: /set -> state vs bare MQTT round trip" -Xmx256m -cp "$CP" dev.solemate.bench.mqtt.MqttBridgeBenchmark latency 2000
fi
if [[ "$which" == all || "$which" == load ]]; then
  # Twice: sims as a serial device behaves (1 ms acks, watchdog heartbeats), then lean sims
  # (instant acks, no heartbeats) so that what remains is the bridge and the broker.
  run "load: 1,000 massagers, 1,000 commands/s, 60 s, 256 MB heap" -Xms256m -Xmx256m -Xlog:gc:file=target/bench-mqtt-gc-1.log \
    -cp "$CP" dev.solemate.bench.mqtt.MqttBridgeBenchmark load 1000 1000 60 "latency=1ms"
  echo "GC pauses: $(grep -c Pause target/bench-mqtt-gc-1.log), longest: $(grep Pause target/bench-mqtt-gc-1.log | grep -v 'System.gc' | awk '{print $NF}' | sort -n | tail -1)"
  run "load: the same with lean sims" -Xms256m -Xmx256m -Xlog:gc:file=target/bench-mqtt-gc-2.log \
    -cp "$CP" dev.solemate.bench.mqtt.MqttBridgeBenchmark load 1000 1000 60 "latency=0ms&watchdog=0ms"
  echo "GC pauses: $(grep -c Pause target/bench-mqtt-gc-2.log), longest: $(grep Pause target/bench-mqtt-gc-2.log | grep -v 'System.gc' | awk '{print $NF}' | sort -n | tail -1)"
fi
if [[ "$which" == all || "$which" == startup ]]; then
  run "start-up: 10,000 devices with discovery" -Xmx1g -cp "$CP" dev.solemate.bench.mqtt.MqttBridgeBenchmark startup 10000
fi
if [[ "$which" == all || "$which" == storm ]]; then
  # The bridge's JVM as the launcher starts it (-Xmx128m), and with the JVM's default heap as before.
  run "storm: 20,000 commands, bridge JVM as the launcher starts it" -cp "$CP" dev.solemate.bench.mqtt.StormBenchmark 20000 -Xmx128m
  run "storm: the same, the JVM's default heap (baseline)" -cp "$CP" dev.solemate.bench.mqtt.StormBenchmark 20000
fi
echo
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
