#!/usr/bin/env bash
# Calls per operation and wall time against a remote-like backend (the in-memory backend of mlops-testkit with a set
# latency per call, on the real clock), and the calls of a one-minute wait that never succeeds (on fake time).
#   bench/remote.sh [latencyMillis=50] [repeats=3]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -o -pl mlops-testkit -am test-compile
mvn -q -B -o -pl mlops-testkit dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$PWD/mlops-testkit/target/bench.classpath"
# mlops-core from this tree first: the class path file may name an older installed jar of it.
CP="mlops-core/target/classes:mlops-testkit/target/classes:mlops-testkit/target/test-classes:$(cat mlops-testkit/target/bench.classpath)"
exec java -XX:+UseSerialGC -cp "$CP" dev.mlops.testkit.bench.RemoteCallsBenchmark "$@"
