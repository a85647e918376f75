#!/usr/bin/env bash
# Builds the benchmarks module and runs the stop benchmark: stop latency with 100 open sim: devices
# against one device in the same run. Takes under a minute; keep the machine otherwise idle.
# Usage: benchmarks/run-stop.sh [rounds]     (MVN_FLAGS=-o to build offline)
set -euo pipefail
cd "$(dirname "$0")/.."

mvn -B -q ${MVN_FLAGS:-} -Pbench -pl benchmarks -am package dependency:build-classpath \
  -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime -DskipTests
CP="benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)"

echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name:[[:space:]]*//p')"
echo "java: $(java -version 2>&1 | head -1)"
echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
java -Xms256m -Xmx512m -cp "$CP" dev.solemate.bench.stop.StopLatencyBenchmark "$@"
echo
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
