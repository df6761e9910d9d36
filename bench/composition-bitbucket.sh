#!/usr/bin/env bash
# Calls per host and wall time of the composition "Bitbucket + CodePipeline + SageMaker", create → prod, against the
# Bitbucket Cloud fake and the AWS simulation with a set latency per call (the first run is a warm-up, not counted).
#   bench/composition-bitbucket.sh [latencyMillis=50] [runs=5]
set -euo pipefail
cd "$(dirname "$0")/.."
# One invocation: the reactor resolves the test-jars to the modules' test-classes once they are compiled.
mvn -q -B -o -pl mlops-examples -am test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
M2="${MAVEN_REPO_LOCAL:-$HOME/.m2/repository}"
# The SDK bundle's jars the examples' dependencies leave out (as the surefire configuration of mlops-examples adds them).
EXTRA="$M2/software/amazon/awssdk/netty-nio-client/2.40.2/netty-nio-client-2.40.2.jar:$M2/io/netty/netty-codec/4.1.126.Final/netty-codec-4.1.126.Final.jar:$M2/io/netty/netty-codec-http2/4.1.126.Final/netty-codec-http2-4.1.126.Final.jar:$M2/org/checkerframework/checker-qual/3.33.0/checker-qual-3.33.0.jar"
# This tree's modules first: the class path file may name older installed jars of them.
CP="mlops-core/target/classes:mlops-local/target/classes:mlops-git/target/classes:mlops-git/target/test-classes:mlops-container/target/classes:mlops-aws/target/classes:mlops-aws/target/test-classes:mlops-examples/target/classes:mlops-examples/target/test-classes:$(cat mlops-examples/target/bench.classpath):$EXTRA"
exec java -cp "$CP" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn dev.mlops.compositions.bench.BitbucketCodePipelineBenchmark "$@"
