package dev.mlops.compositions;

import dev.mlops.Secret;
import dev.mlops.examples.GitHubEmbeddedExample;
import dev.mlops.git.github.GitHubRepositories;
import dev.mlops.git.github.fixtures.GitHubFake;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Calls to GitHub and wall time of the whole composition "GitHub repositories, the rest embedded":
 * {@link GitHubEmbeddedExample#run} (create, seed check-in of both repositories, build, approve, staging, gate,
 * prod, 10 rows to prod) against {@link GitHubFake} answering every call after a fixed latency, a fresh project
 * and home per run. One warm-up run (it also parses GitHub's OpenAPI description and warms the JIT), then the
 * median of the measured runs. The calls include the engine's polls of the two branch heads (about one read per
 * repository per second, {@code WaitPolicy.remote()}), so they grow with the wall time.
 *
 * <p>Run from the repository root (BENCHMARKS.md has the commands):
 * {@code java -cp "mlops-examples/target/test-classes:mlops-examples/target/classes:$(cat mlops-examples/target/bench.cp)"
 * dev.mlops.compositions.GitHubEmbeddedBenchmark [latencyMs] [runs]}.
 */
public final class GitHubEmbeddedBenchmark {
    private GitHubEmbeddedBenchmark() {
    }

    /**
     * Runs the benchmark and prints one line per run and the medians.
     *
     * @param args latency per call in ms (default 50), measured runs (default 5)
     * @throws IOException if a temporary home cannot be made
     */
    public static void main(String[] args) throws IOException {
        int latency = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        List<Long> millis = new ArrayList<>();
        List<Integer> calls = new ArrayList<>();
        List<Long> modelCompute = new ArrayList<>();
        try (GitHubFake github = GitHubFake.start()) {
            GitHubRepositories repos = GitHubEmbeddedExample.gitHub(Secret.of("ghp_bench"), GitHubFake.ORG,
                    github.baseUrl()).build();
            for (int i = 0; i <= runs; i++) {
                Path home = Files.createTempDirectory("mlops-gh-bench");
                github.latency(i == 0 ? 0 : latency);
                int before = github.requests();
                long start = System.nanoTime();
                Map<String, Long> figures = GitHubEmbeddedExample.run("bench" + i, repos, home, quiet);
                long ms = (System.nanoTime() - start) / 1_000_000;
                int n = github.requests() - before;
                delete(home);
                if (i == 0) {
                    continue;
                }
                millis.add(ms);
                calls.add(n);
                modelCompute.add(figures.get("modelComputeMillis"));
                System.out.printf("run %d: %d calls to GitHub, %d ms wall, %d ms model compute%n", i, n, ms,
                        figures.get("modelComputeMillis"));
            }
        }
        System.out.printf("create → prod, GitHub repositories + embedded rest, %d ms latency per GitHub call, %d runs:"
                        + " median %d calls, %d ms wall [%d-%d], %d ms model compute%n", latency, runs, median(calls),
                median(millis), Collections.min(millis), Collections.max(millis), median(modelCompute));
    }

    private static <T extends Comparable<T>> T median(List<T> values) {
        List<T> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private static void delete(Path dir) {
        try (var walk = Files.walk(dir)) {
            walk.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
