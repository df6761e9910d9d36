#!/usr/bin/env bash
# Data-quality statistics beside DuckDB's SUMMARIZE, in one run: builds mlops-core, generates a >= 1 GB CSV once
# (10 numeric and 5 categorical columns, fixed seed, not committed) and, RUNS times in turn, profiles it on one thread
# and on all cores and has DuckDB summarize it on one thread and on all cores; prints medians, ratios and the heap
# after GC at the start and the end. DuckDB (org.duckdb:duckdb_jdbc) comes from mlops-core's `bench` profile, in test
# scope only: no SDK jar carries it.
# Usage: bench/monitor-dq.sh [csv-file] [size-MB]      (env: HEAP=256m, RUNS=3, MVN_OFFLINE=-o)
set -euo pipefail
cd "$(dirname "$0")/.."
HEAP="${HEAP:-256m}"
mvn -q ${MVN_OFFLINE--o} -pl mlops-core test-compile
CP_FILE="$PWD/mlops-core/target/bench.classpath"
mvn -q ${MVN_OFFLINE--o} -P bench -pl mlops-core dependency:build-classpath -Dmdep.outputFile="$CP_FILE" \
  -Dmdep.includeScope=test
CP="mlops-core/target/classes:mlops-core/target/test-classes:$(cat "$CP_FILE")"
echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)  host cores: $(nproc)  load: $(cut -d' ' -f1-3 /proc/loadavg)  heap: -Xmx$HEAP"
exec java -Xmx"$HEAP" -cp "$CP" dev.mlops.monitor.bench.DataQualityBenchmark "${1:-${TMPDIR:-/tmp}/mlops-monitor-bench/dq.csv}" "${2:-1024}" "${RUNS:-3}"
