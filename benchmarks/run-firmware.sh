#!/usr/bin/env bash
# Builds the reference firmware (firmware/) and the benchmarks module, then runs the serial driver
# against the ATmega328P firmware in simavr at 115200 and 1,000,000 baud: streaming against line
# rate, round trips against the line-rate minimum, stop latency to the simulated motor pins.
# Needs the firmware toolchain (docs/firmware.md). Takes about two minutes.
# Usage: benchmarks/run-firmware.sh [round-trips stops]   (MVN_FLAGS=-o to build offline)
set -euo pipefail
cd "$(dirname "$0")/.."
make -s -C firmware >/dev/null
mvn -B -q ${MVN_FLAGS:-} -Pbench -pl benchmarks -am package dependency:build-classpath \
  -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime -DskipTests
CP="benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)"

echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name:[[:space:]]*//p'), kernel $(uname -r)"
echo "java: $(java -version 2>&1 | head -1); avr-gcc: $(avr-gcc --version | head -1); simavr: $(dpkg-query -W -f='${Version}' libsimavr-dev 2>/dev/null)"
echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
java -Xms256m -Xmx512m -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$CP" \
  dev.solemate.bench.firmware.FirmwareBenchmark "$PWD/firmware" "$@"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
