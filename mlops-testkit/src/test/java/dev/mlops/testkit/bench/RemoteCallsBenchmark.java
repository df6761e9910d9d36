package dev.mlops.testkit.bench;

import dev.mlops.Execution;
import dev.mlops.Gate;
import dev.mlops.MlopsProjects;
import dev.mlops.ModelVersion;
import dev.mlops.Project;
import dev.mlops.exception.MlopsBackendException;
import dev.mlops.testkit.FakeTicker;
import dev.mlops.testkit.memory.InMemoryBackend;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Calls per operation and wall time against a remote-like backend: the in-memory backend with a set latency per call
 * (50 ms by default, on the real clock), so that every call the SDK makes shows in the wall time as it would against
 * CodePipeline or SageMaker. Also counts the calls of a one-minute wait that never succeeds (on fake time).
 *
 * <p>Run with {@code bench/remote.sh [latencyMillis] [repeats]}.
 */
public final class RemoteCallsBenchmark {
    private RemoteCallsBenchmark() {
    }

    private record Sample(String operation, long millis, long calls, Map<String, Long> byCall) {
    }

    /**
     * Runs the benchmark.
     *
     * @param args optional latency in milliseconds and number of repeats
     */
    public static void main(String[] args) {
        long latency = args.length > 0 ? Long.parseLong(args[0]) : 50;
        int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        System.out.printf("remote-like backend: %d ms per call, %d repeats, %d cores, %s%n", latency, repeats,
                Runtime.getRuntime().availableProcessors(), java.time.Instant.now());
        List<Sample> all = new ArrayList<>();
        for (int r = 0; r < repeats; r++) {
            all.addAll(once(Duration.ofMillis(latency), "bench" + r));
        }
        System.out.printf("%n%-34s %12s %8s  %s%n", "operation", "median ms", "calls", "calls by operation (last run)");
        Map<String, List<Sample>> byOp = new java.util.LinkedHashMap<>();
        all.forEach(s -> byOp.computeIfAbsent(s.operation(), k -> new ArrayList<>()).add(s));
        byOp.forEach((op, samples) -> {
            long[] ms = samples.stream().mapToLong(Sample::millis).sorted().toArray();
            Sample last = samples.get(samples.size() - 1);
            System.out.printf("%-34s %12d %8d  %s%n", op, ms[ms.length / 2], last.calls(), last.byCall());
        });
        oneMinuteWait(Duration.ofMillis(latency));
    }

    private static List<Sample> once(Duration latency, String name) {
        List<Sample> out = new ArrayList<>();
        try (InMemoryBackend memory = InMemoryBackend.builder().latency(latency).stageDuration(Duration.ofMillis(200))
                .build()) {
            Project created = measure(out, memory, "create (new project)",
                    () -> MlopsProjects.builder().name(name).backend(memory).create());
            try (Project project = created) {
                measure(out, memory, "plan (unchanged project)",
                        () -> MlopsProjects.builder().name(name).backend(memory).plan());
                measure(out, memory, "create again (no-op, reattach)",
                        () -> MlopsProjects.builder().name(name).backend(memory).create()).close();
                Execution build = project.pipelines().build().awaitLatest(Duration.ofMinutes(2));
                ModelVersion v1 = measure(out, memory, "models().version(1)", () -> project.models().version(1));
                ModelVersion approved = measure(out, memory, "approve a model version", () -> v1.approve("bench"));
                Gate gate = project.gates().awaitPending(approved, Duration.ofMinutes(2));
                measure(out, memory, "approve a gate", () -> gate.approve("bench"));
                measure(out, memory, "prod.awaitDeployed (after the gate)",
                        () -> project.environments().prod().awaitDeployed(approved, Duration.ofMinutes(2)));
                measure(out, memory, "pipelines().build().latestExecution()",
                        () -> project.pipelines().build().latestExecution().orElseThrow());
                if (build == null) {
                    throw new IllegalStateException("no build");
                }
            }
        }
        return out;
    }

    private static <T> T measure(List<Sample> out, InMemoryBackend memory, String operation, Supplier<T> op) {
        memory.resetCalls();
        long start = System.nanoTime();
        T result = op.get();
        long ms = (System.nanoTime() - start) / 1_000_000;
        out.add(new Sample(operation, ms, memory.totalCalls(), new TreeMap<>(memory.calls())));
        return result;
    }

    private static void oneMinuteWait(Duration latency) {
        FakeTicker time = new FakeTicker();
        try (InMemoryBackend memory = InMemoryBackend.builder().ticker(time).latency(latency).build();
             Project p = MlopsProjects.builder().name("wait").backend(memory).create()) {
            p.pipelines().build().awaitLatest(Duration.ofMinutes(10));
            ModelVersion v1 = p.models().version(1).approve("bench");
            p.gates().awaitPending(v1, Duration.ofMinutes(10));
            Execution blocked = p.pipelines().deploy().latestExecution().orElseThrow();
            memory.resetCalls();
            long start = time.nanoTime();
            try {
                blocked.await(Duration.ofMinutes(1));
            } catch (MlopsBackendException expected) {
                // the gate stays pending: the wait times out, which is what is counted
            }
            System.out.printf("%-34s %12s %8d  %s (fake time %s)%n", "await 1 min, never done", "-",
                    memory.totalCalls(), new TreeMap<>(memory.calls()), Duration.ofNanos(time.nanoTime() - start));
        }
    }
}
