#!/usr/bin/env bash
# Calls and wall time of a Bitbucket seed check-in (provision of one repository) on the Cloud and Data Center fakes
# of mlops-git with a set latency per answer, on the real clock (the first run is a warm-up, not counted).
#   bench/bitbucket.sh [latencyMillis=50] [repeats=5]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -o -pl mlops-git -am test-compile
mvn -q -B -o -pl mlops-git dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$PWD/mlops-git/target/bench.classpath"
# This tree's modules first: the class path file may name older installed jars of them.
CP="mlops-core/target/classes:mlops-testkit/target/classes:mlops-git/target/classes:mlops-git/target/test-classes:$(cat mlops-git/target/bench.classpath)"
exec java -XX:+UseSerialGC -cp "$CP" dev.mlops.git.bitbucket.bench.BitbucketSeedBenchmark "$@"
