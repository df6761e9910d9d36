#!/usr/bin/env bash
# Data-quality statistics benchmark: builds mlops-core, generates a >= 1 GB CSV once (10 numeric and 5 categorical
# columns, fixed seed) and profiles it single-threaded and on all cores with a small heap.
# Usage: bench/monitor-dq.sh [csv-file] [size-MB]      (env: HEAP=256m, MVN_OFFLINE=-o)
set -euo pipefail
cd "$(dirname "$0")/.."
HEAP="${HEAP:-256m}"
mvn -q ${MVN_OFFLINE--o} -pl mlops-core test-compile
CP_FILE="$PWD/mlops-core/target/bench.classpath"
mvn -q ${MVN_OFFLINE--o} -pl mlops-core dependency:build-classpath -Dmdep.outputFile="$CP_FILE" -Dmdep.includeScope=test
CP="mlops-core/target/classes:mlops-core/target/test-classes:$(cat "$CP_FILE")"
echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)  host cores: $(nproc)  heap: -Xmx$HEAP"
exec java -Xmx"$HEAP" -cp "$CP" dev.mlops.monitor.bench.DataQualityBenchmark "$@"
