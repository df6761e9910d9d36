package dev.mlops.aws.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.mlops.ExecutionStatus;
import dev.mlops.MlopsProjects;
import dev.mlops.ModelVersion;
import dev.mlops.Project;
import dev.mlops.aws.AwsBackend;
import dev.mlops.aws.faults.FaultProxy;
import dev.mlops.aws.fixtures.ValidatingInterceptor;
import dev.mlops.exception.MlopsException;
import dev.mlops.template.Templates;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole flow of {@link AwsEndToEndTest} once more, with 30% of all calls given a fault by the front: a 500, a
 * throttling answer, a connection dropped before the request, a connection dropped after AWS carried it out (the
 * answer lost), or a slow answer. Each step either completes or fails cleanly (an {@link MlopsException} that says
 * whether a retry helps, within its time), and is then tried again as a caller would; at the end no resource exists
 * twice. The counts of injected faults and the clean failures are printed for the record.
 */
class AwsFaultInjectionTest {
    private static final Duration WAIT = Duration.ofMinutes(2);
    private static final int TRIES = 6;

    @TempDir
    Path cache;

    private AwsSimulation aws;
    private final ValidatingInterceptor validator = new ValidatingInterceptor();
    private final List<String> cleanFailures = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        aws = AwsSimulation.start(0.30, Long.getLong("mlops.faults.seed", 20261201L));
    }

    @AfterEach
    void stop() {
        aws.close();
        validator.assertNoViolations();
    }

    private <T> T step(String what, Supplier<T> action) {
        for (int i = 1; ; i++) {
            long t0 = System.nanoTime();
            try {
                return action.get();
            } catch (MlopsException e) {
                long ms = (System.nanoTime() - t0) / 1_000_000;
                cleanFailures.add(what + " (try " + i + ", " + ms + " ms, retryable=" + e.retryable() + "): "
                        + e.getClass().getSimpleName() + ": " + e.getMessage().lines().findFirst().orElse(""));
                if (i == TRIES) {
                    fail(what + " failed " + TRIES + " times in a row; last: " + e, e);
                }
            } catch (RuntimeException e) {
                fail(what + " failed with " + e.getClass().getName() + ", not a library exception: " + e, e);
            }
        }
    }

    private void run(String what, Runnable action) {
        step(what, () -> {
            action.run();
            return null;
        });
    }

    @Test
    void buildTrainDeploy_underInjectedFaults_completesOrFailsCleanly_andCreatesNothingTwice() {
        FaultProxy front = aws.front();
        long started = System.nanoTime();
        String id;
        try (AwsBackend backend = aws.backend(cache, validator).build()) {
            front.inject(true);
            Project project = step("create", () -> MlopsProjects.builder().name("abalone")
                    .template(Templates.modelBuildTrainDeploy()).backend(backend).create());
            id = project.id();
            try {
                run("await the build", () -> assertThat(project.pipelines().build().awaitLatest(WAIT).status())
                        .isEqualTo(ExecutionStatus.Succeeded));
                ModelVersion candidate = step("find the candidate",
                        () -> project.models().pendingApproval().first().orElseThrow());
                ModelVersion approved = step("approve", () -> project.models().version(candidate.version())
                        .status() == dev.mlops.ModelApprovalStatus.Approved ? project.models().version(candidate.version())
                        : candidate.approve("MSE below 6.0"));
                run("await staging", () -> project.environments().staging().awaitDeployed(approved, WAIT));
                run("approve the gate", () -> {
                    if (project.environments().prod().deployedVersion().isEmpty()) {
                        project.gates().awaitPending(approved, WAIT).approve("staging tests passed");
                    }
                });
                run("await prod", () -> project.environments().prod().awaitDeployed(approved, WAIT));
                assertThat(Double.parseDouble(step("invoke", () -> project.environments().prod().endpoint().invoke(
                        "M,0.455,0.365,0.095,0.514,0.2245,0.101,0.15")))).isBetween(1.0, 30.0);
                run("status", project::status);

                // Nothing exists twice: one version registered, one endpoint per environment, one project.
                front.inject(false);
                assertThat(aws.sageMaker().listModelPackages(l -> l.modelPackageGroupName("abalone-" + id))
                        .modelPackageSummaryList()).hasSize(1);
                assertThat(aws.sageMaker().listEndpoints(l -> l.nameContains("abalone-")).endpoints())
                        .extracting(e -> e.endpointName()).containsExactlyInAnyOrder("abalone-staging", "abalone-prod");
                assertThat(MlopsProjects.builder().backend(backend).list()).containsExactly("abalone");
                front.inject(true);

                // A failed delete closes its handle (Project.delete's contract), so each retry deletes through a
                // handle opened afresh, as a caller would.
                java.util.concurrent.atomic.AtomicBoolean first = new java.util.concurrent.atomic.AtomicBoolean(true);
                run("delete", () -> {
                    if (first.getAndSet(false)) {
                        project.delete();
                    } else {
                        Project again;
                        try {
                            again = MlopsProjects.open("abalone", backend);
                        } catch (dev.mlops.exception.NotFoundException gone) {
                            return; // the failed attempt got as far as removing the record
                        }
                        try (again) {
                            again.delete();
                        }
                    }
                });
            } finally {
                project.close();
            }
            front.inject(false);
            assertThat(MlopsProjects.builder().backend(backend).list()).doesNotContain("abalone");
            assertThat(aws.s3().listBuckets().buckets()).noneMatch(b -> b.name().equals("sagemaker-project-" + id));
        }
        Map<FaultProxy.Fault, Long> injected = front.injected();
        long total = injected.values().stream().mapToLong(Long::longValue).sum();
        System.out.printf("fault injection: %d calls, %d faults injected %s, %d clean failures retried, %.1f s%n",
                front.calls(), total, injected, cleanFailures.size(), (System.nanoTime() - started) / 1e9);
        cleanFailures.forEach(f -> System.out.println("  clean failure: " + f));
        assertThat(total).isGreaterThan(20);
        assertThat(injected.values()).allMatch(n -> n > 0);
    }
}
