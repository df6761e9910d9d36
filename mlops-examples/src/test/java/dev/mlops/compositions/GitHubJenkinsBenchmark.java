package dev.mlops.compositions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Calls per host and wall time of the whole composition "GitHub + Jenkins + SageMaker"
 * ({@code GitHubJenkinsSageMakerCompositionTest}'s run: create with the repositories, seed commits, Jenkins jobs and
 * project stack, then build → approve → staging (through the approval route) → gate → prod) against the fakes and
 * the AWS simulation, every call to each host answered after a fixed latency. One warm-up run, then the median of
 * the measured runs. Polls (the orchestrator's and the engine's) are counted, so calls grow with wall time.
 *
 * <p>Run from the repository root (BENCHMARKS.md has the command):
 * {@code java -cp "mlops-examples/target/test-classes:mlops-examples/target/classes:$(cat mlops-examples/target/bench.cp)"
 * dev.mlops.compositions.GitHubJenkinsBenchmark [latencyMs] [runs]}.
 */
public final class GitHubJenkinsBenchmark {
    private GitHubJenkinsBenchmark() {
    }

    /**
     * Runs the benchmark and prints one line per run and the medians.
     *
     * @param args latency per call in ms (default 50), measured runs (default 3)
     * @throws Exception if a run fails
     */
    public static void main(String[] args) throws Exception {
        int latency = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        List<long[]> results = new ArrayList<>();
        for (int i = 0; i <= runs; i++) {
            Path cache = Files.createTempDirectory("mlops-bench-cache");
            GitHubJenkinsSageMakerCompositionTest.Figures f = new GitHubJenkinsSageMakerCompositionTest()
                    .run("bench" + i, 0, 1, latency, cache);
            System.out.printf("%s run %d: %d ms; calls GitHub %d, Jenkins %d, AWS %d%n", i == 0 ? "warm-up" : "measured",
                    i, f.wallMillis(), f.github(), f.jenkins(), f.aws());
            if (i > 0) {
                results.add(new long[] {f.wallMillis(), f.github(), f.jenkins(), f.aws()});
            }
        }
        System.out.printf("median of %d runs at %d ms per call: wall %d ms; calls GitHub %d, Jenkins %d, AWS %d%n", runs,
                latency, median(results, 0), median(results, 1), median(results, 2), median(results, 3));
        System.exit(0);
    }

    private static long median(List<long[]> rows, int column) {
        long[] v = rows.stream().mapToLong(r -> r[column]).sorted().toArray();
        return v[v.length / 2];
    }
}
