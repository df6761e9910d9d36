package dev.mlops.aws.bench;

import dev.mlops.MlopsProjects;
import dev.mlops.ModelVersion;
import dev.mlops.Project;
import dev.mlops.ProjectStatus;
import dev.mlops.aws.AwsBackend;
import dev.mlops.aws.AwsService;
import dev.mlops.aws.fixtures.ValidatingInterceptor;
import dev.mlops.aws.sim.AwsSimulation;
import dev.mlops.template.Templates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * API calls and wall time of the AWS backend's operations against the simulation of AWS with a fixed latency per
 * call: create, a no-op re-create (target: no mutating call), an approval, and a status view of many projects with
 * bounded concurrency under the account's rate limits (target: at least 90% of the allowed rate, no throttling error
 * surfaced to the caller).
 *
 * <pre>bench/aws.sh [latencyMillis=50] [projects=200] [concurrency=16] [ratePerSecond=25]</pre>
 */
public final class AwsCallsBenchmark {
    private AwsCallsBenchmark() {
    }

    /**
     * Runs the benchmark.
     *
     * @param args latency in ms, projects, concurrency, the services' rate per second
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        long latency = args.length > 0 ? Long.parseLong(args[0]) : 50;
        int projects = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int concurrency = args.length > 2 ? Integer.parseInt(args[2]) : 16;
        double rate = args.length > 3 ? Double.parseDouble(args[3]) : 25;
        Path cache = Files.createTempDirectory("mlops-aws-bench");
        ValidatingInterceptor calls = ValidatingInterceptor.collecting();
        try (AwsSimulation aws = AwsSimulation.start(0, 1);
                AwsBackend backend = aws.backend(cache, calls).rateLimit(AwsService.CODEPIPELINE, rate)
                        .rateLimit(AwsService.SAGEMAKER, rate).build()) {
            System.out.printf("AWS backend on the simulation, %d ms per call%n", latency);
            aws.front().latency(latency);

            calls.clear();
            long t0 = System.nanoTime();
            Project p = MlopsProjects.builder().name("bench").template(Templates.modelBuildTrainDeploy()).backend(backend)
                    .create();
            long played = aws.playMillis();
            report("create, first in the JVM", t0, calls);
            System.out.printf("  of which the simulation playing the stack inside CreateProject: %d ms%n", played);
            p.close();

            calls.clear();
            t0 = System.nanoTime();
            p = MlopsProjects.builder().name("bench").template(Templates.modelBuildTrainDeploy()).backend(backend).create();
            report("no-op re-create", t0, calls);

            calls.clear();
            long playedBefore = aws.playMillis();
            t0 = System.nanoTime();
            MlopsProjects.builder().name("bench-warm").template(Templates.modelBuildTrainDeploy()).backend(backend)
                    .create().close();
            report("create, a second project", t0, calls);
            System.out.printf("  of which the simulation playing the stack inside CreateProject: %d ms%n",
                    aws.playMillis() - playedBefore);

            p.pipelines().build().awaitLatest(Duration.ofMinutes(2));
            ModelVersion v = p.models().pendingApproval().first().orElseThrow();
            calls.clear();
            t0 = System.nanoTime();
            v.approve("benchmark");
            report("approve a model version", t0, calls);
            p.environments().staging().awaitDeployed(v, Duration.ofMinutes(2));
            var gate = p.gates().awaitPending(v, Duration.ofMinutes(2));
            calls.clear();
            t0 = System.nanoTime();
            gate.approve("benchmark");
            report("approve the prod gate", t0, calls);
            p.close();

            // The fleet, made without latency (set-up, not measured).
            aws.front().latency(0);
            ExecutorService setup = Executors.newFixedThreadPool(4);
            List<Future<?>> made = new ArrayList<>();
            for (int i = 1; i < projects; i++) {
                String name = String.format("bench-%03d", i);
                made.add(setup.submit(() -> MlopsProjects.builder().name(name).template(Templates.modelBuildTrainDeploy())
                        .backend(backend).create().close()));
            }
            for (Future<?> f : made) {
                f.get();
            }
            setup.shutdown();
            List<Project> fleet = new ArrayList<>();
            fleet.add(MlopsProjects.open("bench", backend));
            for (int i = 1; i < projects; i++) {
                fleet.add(MlopsProjects.open(String.format("bench-%03d", i), backend));
            }

            // The account's own rates, enforced by the front as AWS does; the backend is set to the same rates.
            aws.front().latency(latency);
            aws.front().serviceRate("CodePipeline_20150709", rate);
            aws.front().serviceRate("SageMaker", rate);
            long throttledBefore = aws.front().throttledByService();
            calls.clear();
            ExecutorService pool = Executors.newFixedThreadPool(concurrency);
            AtomicInteger failures = new AtomicInteger();
            List<Future<ProjectStatus>> views = new ArrayList<>();
            t0 = System.nanoTime();
            for (Project each : fleet) {
                views.add(pool.submit(() -> {
                    try {
                        return each.status();
                    } catch (RuntimeException e) {
                        failures.incrementAndGet();
                        System.out.println("  status failed: " + e);
                        return null;
                    }
                }));
            }
            int ok = 0;
            for (Future<ProjectStatus> f : views) {
                ok += f.get() != null ? 1 : 0;
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            pool.shutdown();
            pool.awaitTermination(1, TimeUnit.MINUTES);
            Map<String, Integer> byOp = calls.calls();
            int codePipeline = byOp.entrySet().stream().filter(e -> e.getKey().startsWith("CodePipeline."))
                    .mapToInt(Map.Entry::getValue).sum();
            int sageMaker = byOp.entrySet().stream().filter(e -> e.getKey().startsWith("SageMaker."))
                    .mapToInt(Map.Entry::getValue).sum();
            int all = byOp.values().stream().mapToInt(Integer::intValue).sum();
            System.out.printf("status view of %d projects, %d threads, %.0f/s allowed per service: %.1f s, %d ok, %d"
                    + " failed; %d calls (%.1f per project): CodePipeline %d = %.1f/s (%.0f%% of allowed), SageMaker"
                    + " %d = %.1f/s (%.0f%%); throttled by the services %d (retried by the SDK, none surfaced)%n",
                    fleet.size(), concurrency, rate, seconds, ok, failures.get(), all, all / (double) fleet.size(),
                    codePipeline, codePipeline / seconds, 100 * codePipeline / seconds / rate, sageMaker,
                    sageMaker / seconds, 100 * sageMaker / seconds / rate,
                    aws.front().throttledByService() - throttledBefore);
            System.out.println("  calls: " + byOp);
            fleet.forEach(Project::close);
        }
    }

    private static void report(String what, long t0, ValidatingInterceptor calls) {
        double ms = (System.nanoTime() - t0) / 1e6;
        Map<String, Integer> all = calls.calls();
        int n = all.values().stream().mapToInt(Integer::intValue).sum();
        int mutating = calls.mutatingCalls().values().stream().mapToInt(Integer::intValue).sum();
        System.out.printf("%-26s %4d calls, %3d mutating, %7.0f ms   %s%n", what, n, mutating, ms,
                mutating == 0 ? "" : calls.mutatingCalls());
    }
}
