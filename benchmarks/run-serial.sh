#!/usr/bin/env bash
# Builds the benchmarks module and runs the serial driver's benchmarks over a socat pseudo-terminal
# pair with the firmware emulator, each against a raw baseline in the same run (round trip, pipelined
# throughput, stop latency under load, streaming at 115200 baud), then the decoder fuzz at volume
# (1,000,000 cases by default), and stop latency of several boards while one port is stuck. Needs socat (apt-get install socat). Takes about a minute.
# Usage: benchmarks/run-serial.sh [round-trips stream-commands stops] [-- fuzz-cases]
#        (MVN_FLAGS=-o to build offline)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v socat >/dev/null || { echo "install socat: apt-get install socat" >&2; exit 2; }

mvn -B -q ${MVN_FLAGS:-} -Pbench -pl benchmarks -am package dependency:build-classpath \
  -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime -DskipTests
CP="benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)"

bench_args=()
fuzz_cases=1000000
while [ $# -gt 0 ]; do
  if [ "$1" = "--" ]; then shift; fuzz_cases="${1:-$fuzz_cases}"; break; fi
  bench_args+=("$1"); shift
done

echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name:[[:space:]]*//p'), kernel $(uname -r)"
echo "java: $(java -version 2>&1 | head -1); socat: $(socat -V 2>/dev/null | sed -n 's/^socat version \([^ ]*\).*/\1/p')"
echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
java -Xms256m -Xmx512m -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$CP" \
  dev.solemate.bench.serial.SerialBenchmark "${bench_args[@]}"
java -Xms256m -Xmx512m -Dorg.slf4j.simpleLogger.defaultLogLevel=error -cp "$CP" \
  dev.solemate.bench.serial.StuckPortStops
java -Xms256m -Xmx512m -cp "$CP" dev.solemate.bench.serial.DecoderFuzzBench "$fuzz_cases"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
