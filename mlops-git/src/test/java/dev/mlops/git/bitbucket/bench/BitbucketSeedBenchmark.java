package dev.mlops.git.bitbucket.bench;

import dev.mlops.Secret;
import dev.mlops.git.bitbucket.BitbucketCloudRepositories;
import dev.mlops.git.bitbucket.BitbucketDataCenterRepositories;
import dev.mlops.git.bitbucket.fixtures.BitbucketCloudFake;
import dev.mlops.git.bitbucket.fixtures.BitbucketDataCenterFake;
import dev.mlops.git.bitbucket.fixtures.BitbucketProjects;
import dev.mlops.spi.ProjectRecord;
import dev.mlops.spi.SourceRepositories;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * Calls and wall time of a seed check-in (provision of one repository: create, seed as one commit, head) on the
 * Bitbucket fakes with a set latency per answer (50 ms by default, real clock), for Cloud and Data Center.
 *
 * <p>Run with {@code bench/bitbucket.sh [latencyMillis] [repeats]}.
 */
public final class BitbucketSeedBenchmark {
    private BitbucketSeedBenchmark() {
    }

    /**
     * Runs the benchmark.
     *
     * @param args optional latency in milliseconds and number of repeats
     * @throws Exception if the scratch directory cannot be made
     */
    public static void main(String[] args) throws Exception {
        long latency = args.length > 0 ? Long.parseLong(args[0]) : 50;
        int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        System.out.printf("Bitbucket fakes: %d ms per answer, %d repeats, %d cores%n", latency, repeats,
                Runtime.getRuntime().availableProcessors());
        try (BitbucketCloudFake cloud = new BitbucketCloudFake("Bearer t")) {
            cloud.latency(Duration.ofMillis(latency));
            SourceRepositories repos = BitbucketCloudRepositories.builder().baseUrl(cloud.baseUrl()).workspace("acme")
                    .accessToken(Secret.of("t")).build();
            run("cloud", repos, repeats, cloud::calls, () -> 0);
        }
        Path dir = Files.createTempDirectory("bitbucket-bench");
        try (BitbucketDataCenterFake dc = new BitbucketDataCenterFake(dir, "Bearer t")) {
            dc.latencyEverywhere(Duration.ofMillis(latency));
            SourceRepositories repos = BitbucketDataCenterRepositories.builder().baseUrl(dc.baseUrl())
                    .projectKey("MLOPS").token(Secret.of("t")).build();
            run("data center", repos, repeats, dc::calls, dc::gitRequests);
        }
    }

    private static void run(String host, SourceRepositories repos, int repeats, IntSupplier rest, IntSupplier git) {
        List<Long> times = new ArrayList<>();
        int restCalls = 0;
        int gitCalls = 0;
        for (int i = 0; i <= repeats; i++) {
            ProjectRecord p = BitbucketProjects.project("bench" + i);
            int r0 = rest.getAsInt();
            int g0 = git.getAsInt();
            long t0 = System.nanoTime();
            repos.provision(p, p.template().repository("modelbuild").orElseThrow());
            long ms = (System.nanoTime() - t0) / 1_000_000;
            if (i > 0) {
                times.add(ms);
            }
            restCalls = rest.getAsInt() - r0;
            gitCalls = git.getAsInt() - g0;
        }
        Collections.sort(times);
        System.out.printf("%-12s seed check-in: median %d ms [%d-%d], %d REST calls, %d git HTTP requests%n", host,
                times.get(times.size() / 2), times.get(0), times.get(times.size() - 1), restCalls, gitCalls);
    }
}
