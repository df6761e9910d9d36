package dev.mlops.compositions.bench;

import dev.mlops.Project;
import dev.mlops.aws.AwsBackend;
import dev.mlops.aws.fixtures.ValidatingInterceptor;
import dev.mlops.aws.sim.AwsSimulation;
import dev.mlops.compositions.BitbucketCompositionRig;
import dev.mlops.examples.BitbucketCodePipelineExample;
import dev.mlops.git.bitbucket.BitbucketCloudRepositories;
import dev.mlops.git.bitbucket.fixtures.BitbucketCloudFake;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Calls per host and wall time of the whole composition "Bitbucket + CodePipeline + SageMaker", create → prod, with
 * {@link BitbucketCodePipelineExample} on the AWS simulation and the Bitbucket Cloud fake, each answering every call
 * after a set latency (Bitbucket: the fake's latency; AWS: the front {@code FaultProxy}'s latency, on every call of
 * the backend; the simulation's own calls to moto and the fakes are not delayed). The first run warms up (moto, the
 * JIT) and is not counted; the medians of the others are printed.
 *
 * <p>{@code bench/composition-bitbucket.sh [latencyMillis=50] [runs=5]}
 */
public final class BitbucketCodePipelineBenchmark {
    private BitbucketCodePipelineBenchmark() {
    }

    /** One run's figures. */
    private record Run(long createMillis, long deliverMillis, long bitbucketCreate, long bitbucketAll, long awsCreate,
            long awsAll, long playMillis) {
    }

    /**
     * Runs the benchmark.
     *
     * @param args {@code [latencyMillis] [runs]}
     * @throws Exception if a run fails
     */
    public static void main(String[] args) throws Exception {
        long latency = args.length > 0 ? Long.parseLong(args[0]) : 50;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        List<Run> results = new ArrayList<>();
        for (int i = 0; i <= runs; i++) {
            Run r = once(latency);
            System.out.printf("%s run %d: create %d ms (Bitbucket %d calls, AWS %d calls, stack play %d ms),"
                    + " build → prod %d ms; in all Bitbucket %d calls, AWS %d calls%n", i == 0 ? "warm-up" : "   ", i,
                    r.createMillis(), r.bitbucketCreate(), r.awsCreate(), r.playMillis(), r.deliverMillis(),
                    r.bitbucketAll(), r.awsAll());
            if (i > 0) {
                results.add(r);
            }
        }
        System.out.printf("median of %d at %d ms per call: create (preflight, stack, seed check-in, adoption) %d ms,"
                + " build → approve → staging → gate → prod %d ms, total %d ms; Bitbucket %d calls (%d in create),"
                + " AWS %d calls (%d in create)%n", runs, latency,
                median(results, Run::createMillis), median(results, Run::deliverMillis),
                median(results, r -> r.createMillis() + r.deliverMillis()), median(results, Run::bitbucketAll),
                median(results, Run::bitbucketCreate), median(results, Run::awsAll), median(results, Run::awsCreate));
    }

    private static Run once(long latency) throws Exception {
        Path cache = Files.createTempDirectory("bench-cache");
        try (BitbucketCloudFake bitbucket = BitbucketCompositionRig.bitbucket();
                AwsSimulation aws = BitbucketCompositionRig.aws(bitbucket)) {
            bitbucket.latency(Duration.ofMillis(latency));
            aws.front().latency(latency);
            BitbucketCloudRepositories repos = BitbucketCompositionRig.repositories(bitbucket);
            PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
            ValidatingInterceptor calls = new ValidatingInterceptor();
            try (AwsBackend backend = aws.backend(cache, calls).build()) {
                long b0 = bitbucket.calls();
                long a0 = aws.front().calls();
                long t0 = System.nanoTime();
                try (Project project = BitbucketCodePipelineExample.create(backend, repos, "abalone",
                        BitbucketCompositionRig.template())) {
                    long t1 = System.nanoTime();
                    long b1 = bitbucket.calls();
                    if (Boolean.getBoolean("bench.operations")) {
                        System.out.println("create's AWS operations (SDK calls, retries not counted): " + calls.calls());
                    }
                    long a1 = aws.front().calls();
                    BitbucketCodePipelineExample.deliver(project, Duration.ofMinutes(5), quiet);
                    long t2 = System.nanoTime();
                    return new Run((t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, b1 - b0, bitbucket.calls() - b0,
                            a1 - a0, aws.front().calls() - a0, aws.playMillis());
                }
            }
        }
    }

    private static long median(List<Run> runs, java.util.function.ToLongFunction<Run> f) {
        List<Long> v = new ArrayList<>();
        runs.forEach(r -> v.add(f.applyAsLong(r)));
        Collections.sort(v);
        return v.get(v.size() / 2);
    }
}
