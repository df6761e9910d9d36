#!/usr/bin/env bash
# The monitor container's benchmark: data-quality baselining throughput on a 1 GB CSV made from the abalone rows
# (deterministic, written once to the work dir, not committed) on one core and on two cores, and start-up on a tiny
# input without and with an AppCDS archive. Each job is a fresh JVM running the image's entry point over the
# container's runtime jars, as SageMaker runs it (outside Docker: no image pull or container start is counted).
# Usage: bench/container-dq.sh [size-MB] [runs]      (env: WORK=/tmp/mlops-container-bench, MVN_OFFLINE=-o)
set -euo pipefail
cd "$(dirname "$0")/.."
WORK="${WORK:-/tmp/mlops-container-bench}"
mvn -q ${MVN_OFFLINE--o} -pl mlops-container -am package -DskipTests
LIB="$WORK/lib"
rm -rf "$LIB" && mkdir -p "$LIB"
mvn -q ${MVN_OFFLINE--o} -pl mlops-container dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$LIB"
cp mlops-container/target/mlops-container-*.jar "$LIB/"
cp mlops-core/target/mlops-core-*.jar "$LIB/" 2>/dev/null || true
CP_FILE="$WORK/bench.classpath"
mvn -q ${MVN_OFFLINE--o} -pl mlops-container dependency:build-classpath -Dmdep.outputFile="$CP_FILE" -Dmdep.includeScope=test
echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)  host: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)  commit: $(git rev-parse --short HEAD)"
exec java -cp "mlops-container/target/test-classes:mlops-container/target/classes:$(cat "$CP_FILE")" \
  dev.mlops.container.bench.ContainerBenchmark "$WORK" "$LIB" "$@"
