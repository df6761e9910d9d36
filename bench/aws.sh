#!/usr/bin/env bash
# API calls and wall time of the AWS backend against the simulation of AWS (moto and the fakes on loopback) with a
# fixed latency per call: create, a no-op re-create, approvals, and a status view of many projects under the
# services' rate limits.
#   bench/aws.sh [latencyMillis=50] [projects=200] [concurrency=16] [ratePerSecond=25]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -o -pl mlops-aws -am test-compile
mvn -q -B -o -pl mlops-aws dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$PWD/mlops-aws/target/bench.classpath"
CP="mlops-core/target/classes:mlops-aws/target/classes:mlops-aws/target/test-classes:$(cat mlops-aws/target/bench.classpath)"
exec java -cp "$CP" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn dev.mlops.aws.bench.AwsCallsBenchmark "$@"
