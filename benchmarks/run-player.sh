#!/usr/bin/env bash
# Builds the benchmarks module and runs the player benchmark: the player's scheduling error on the
# real clock (60 s at 100 commands/s on sim:, with a bare ScheduledExecutorService baseline) and the
# time to load, validate and compile bedtime. Takes about 2 minutes; keep the machine otherwise idle.
# Usage: benchmarks/run-player.sh [seconds]     (MVN_FLAGS=-o to build offline)
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
java -Xms256m -Xmx512m -cp "$CP" dev.solemate.bench.player.PlayerBenchmark "$@"
echo
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
