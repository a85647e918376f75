#!/usr/bin/env bash
# Records the public API of the library artifacts (solemate-core, solemate-serial-driver,
# solemate-mqtt-bridge) as the baseline that the API-compatibility check (japicmp, in `mvn verify`)
# compares every later build with. Run it once when an API is released (0.1.0 first), commit
# api-baseline/, and set api.check.skip to false in the root pom.xml.
#
# The jars are the modules' own main jars, built from the checkout as it is: the build is
# reproducible (project.build.outputTimestamp), so recording the same sources again gives the same
# bytes and no diff.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

if [ -n "$(git status --porcelain -- core serial-driver mqtt-bridge pom.xml 2>/dev/null)" ]; then
  echo "record-api-baseline: core, serial-driver, mqtt-bridge or pom.xml has uncommitted changes;" >&2
  echo "commit them first, so that the baseline names the commit it was recorded from" >&2
  exit 1
fi

echo "record-api-baseline: building the library jars..." >&2
mvn -B -q -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true -Dapi.check.skip=true \
    -pl core,serial-driver,mqtt-bridge -am package

mkdir -p api-baseline
commit="$(git rev-parse HEAD)"
{
  echo "# The API that the japicmp check (mvn verify) keeps compatible. Written by"
  echo "# tools/record-api-baseline.sh; do not edit by hand."
  echo "recorded_from_commit=$commit"
} > api-baseline/RECORDED
for module in core serial-driver mqtt-bridge; do
  artifact="solemate-$module"
  jar="$(find "$module/target" -maxdepth 1 -name "$artifact-*.jar" \
      ! -name '*-sources.jar' ! -name '*-javadoc.jar' ! -name '*-tests.jar' | head -1)"
  if [ -z "$jar" ]; then
    echo "record-api-baseline: no $artifact jar in $module/target" >&2
    exit 1
  fi
  cp "$jar" "api-baseline/$artifact.jar"
  echo "$artifact=$(basename "$jar") sha256=$(sha256sum "$jar" | cut -d' ' -f1)" >> api-baseline/RECORDED
  echo "record-api-baseline: api-baseline/$artifact.jar <- $jar" >&2
done
echo "record-api-baseline: done; commit api-baseline/ and set <api.check.skip>false</api.check.skip> in pom.xml" >&2
