package dev.mlops.git.bench;

import dev.mlops.Secret;
import dev.mlops.git.github.GitHubRepositories;
import dev.mlops.git.github.fixtures.GitHubFake;
import dev.mlops.spi.ProjectRecord;
import dev.mlops.template.RepositorySpec;
import dev.mlops.template.Template;
import dev.mlops.template.Templates;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Calls and wall time of a seed check-in on GitHub: {@link GitHubRepositories#provision} of the model-build
 * repository (the abalone seed) against {@link GitHubFake} answering every call after a fixed latency. One warm-up
 * run (it also parses GitHub's OpenAPI description, which the fake validates every request against), then the
 * median of the measured runs.
 *
 * <p>Run: {@code mvn -o -q -pl mlops-git -am test-compile} then
 * {@code java -cp "$(cat mlops-git/target/bench.cp):mlops-git/target/classes:mlops-git/target/test-classes"
 * dev.mlops.git.bench.SeedCheckinBenchmark [latencyMs] [runs]} from the repository root, with the class path from
 * {@code mvn -o -q -pl mlops-git dependency:build-classpath -Dmdep.outputFile=target/bench.cp}.
 */
public final class SeedCheckinBenchmark {
    private SeedCheckinBenchmark() {
    }

    /**
     * Runs the benchmark and prints one line per run and the medians.
     *
     * @param args latency in ms (default 50), measured runs (default 7)
     */
    public static void main(String[] args) {
        int latency = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        Template t = Templates.modelBuildTrainDeploy();
        RepositorySpec spec = t.repository("modelbuild").orElseThrow();
        try (GitHubFake github = GitHubFake.start()) {
            GitHubRepositories repos = GitHubRepositories.builder().baseUrl(github.baseUrl())
                    .token(Secret.of("ghp_bench")).owner(GitHubFake.ORG).build();
            List<Long> millis = new ArrayList<>();
            List<Integer> calls = new ArrayList<>();
            for (int i = 0; i <= runs; i++) {
                ProjectRecord p = new ProjectRecord("bench" + i, "p-0000000000" + String.format("%02d", i), t, Map.of(),
                        Instant.parse("2026-12-01T17:00:00Z"));
                github.latency(i == 0 ? 0 : latency);
                int before = github.requests();
                long start = System.nanoTime();
                repos.provision(p, spec);
                long ms = (System.nanoTime() - start) / 1_000_000;
                int n = github.requests() - before;
                if (i > 0) {
                    millis.add(ms);
                    calls.add(n);
                    System.out.printf("run %d: %d calls, %d ms%n", i, n, ms);
                }
            }
            Collections.sort(millis);
            Collections.sort(calls);
            long median = millis.get(millis.size() / 2);
            int medianCalls = calls.get(calls.size() / 2);
            System.out.printf("seed check-in (%d files, %d ms latency per call): median %d calls, %d ms wall"
                            + " [%d-%d]%s%n", spec.seed().files().size(), latency, medianCalls, median, millis.get(0),
                    millis.get(millis.size() - 1), latency == 0 ? "" : String.format(" (%.1f x the calls' latency alone)",
                            (double) median / (medianCalls * (double) latency)));
        }
    }
}
