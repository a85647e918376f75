#!/usr/bin/env bash
# Dashboard latency and memory (docs/benchmarks.md): a device state change to the page's DOM in
# headless Chromium, against the same change to a bare MQTT subscriber, in one run (solemate bridge
# --http: both hang off one massager); then the server's memory per connected page.
# Needs mosquitto, /usr/bin/chromium, node and `npm ci` in cli/src/test/e2e. About a minute.
# Usage: benchmarks/run-web.sh [rounds] [pages]     (MVN_FLAGS=-o to build offline)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q ${MVN_FLAGS:-} -Pbench -pl benchmarks -am package dependency:build-classpath \
  -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime -DskipTests
CP="benchmarks/target/classes:$(tr : "\n" < benchmarks/target/classpath.txt | grep -v /ch/qos/logback/ | paste -sd:)"

echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name:[[:space:]]*//p')"
echo "java: $(java -version 2>&1 | head -1); browser: $(chromium --version 2>/dev/null); node $(node --version)"
echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
java -Xmx256m -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dsolemate.root="$PWD" -cp "$CP" \
  dev.solemate.bench.mqtt.WebLatencyBenchmark "${1:-300}" "${2:-200}"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
