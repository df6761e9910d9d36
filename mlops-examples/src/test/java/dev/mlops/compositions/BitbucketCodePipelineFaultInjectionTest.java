package dev.mlops.compositions;

import static dev.mlops.compositions.BitbucketCompositionRig.BUILD_REPO;
import static dev.mlops.compositions.BitbucketCompositionRig.WORKSPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.mlops.Execution;
import dev.mlops.ExecutionStatus;
import dev.mlops.MlopsProjects;
import dev.mlops.ModelVersion;
import dev.mlops.Project;
import dev.mlops.aws.AwsBackend;
import dev.mlops.aws.faults.FaultProxy;
import dev.mlops.aws.fixtures.ValidatingInterceptor;
import dev.mlops.aws.sim.AwsSimulation;
import dev.mlops.examples.BitbucketCodePipelineExample;
import dev.mlops.exception.MlopsException;
import dev.mlops.git.bitbucket.fixtures.BitbucketCloudFake;
import dev.mlops.git.bitbucket.fixtures.FaultPlan;
import java.io.PrintStream;
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
 * {@link BitbucketCodePipelineCompositionTest}'s flow once more with 30% of the calls to each host failing
 * transiently: Bitbucket's fault plan (503, 429 with {@code Retry-After}, resets, slow answers, writes made and then
 * reset) on every call, the component's and the connection's, and the AWS front's (500, throttling, resets before and
 * after AWS acted, slow answers). Each step completes or fails cleanly (an {@link MlopsException}, within its await
 * timeout) and is tried again as a caller would; at the end nothing exists twice: no repository, commit, pipeline
 * execution or model package. Fixed seeds ({@code -Dmlops.faults.seed} to change them).
 */
class BitbucketCodePipelineFaultInjectionTest {
    private static final Duration WAIT = Duration.ofMinutes(2);
    private static final int TRIES = 6;
    private static final long SEED = Long.getLong("mlops.faults.seed", 20261201L);

    @TempDir
    Path cache;

    private AwsSimulation aws;
    private BitbucketCloudFake bitbucket;
    private final ValidatingInterceptor validator = new ValidatingInterceptor();
    private final List<String> cleanFailures = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        bitbucket = BitbucketCompositionRig.bitbucket();
        aws = BitbucketCompositionRig.aws(bitbucket, 0.30, SEED);
    }

    @AfterEach
    void stop() {
        aws.close();
        bitbucket.close();
        validator.assertNoViolations();
        assertThat(bitbucket.problems()).isEmpty();
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

    @Test
    void bitbucketCodePipelineSageMaker_underFaultsOnBothHosts_completesOrFailsCleanly_andMakesNothingTwice() {
        FaultProxy front = aws.front();
        long started = System.nanoTime();
        PrintStream out = System.out;
        try (AwsBackend backend = aws.backend(cache, validator).build()) {
            bitbucket.faults(FaultPlan.share(0.30, SEED));
            front.inject(true);
            Project project = step("create", () -> BitbucketCodePipelineExample.create(backend,
                    BitbucketCompositionRig.repositories(bitbucket), "abalone",
                    BitbucketCompositionRig.template()));
            String id = project.id();
            try {
                ModelVersion prod = step("deliver", () -> BitbucketCodePipelineExample.deliver(project, WAIT, out));
                assertThat(prod.version()).isEqualTo(1);

                // a commit (once: a caller looks before trying again), its push, the rebuild
                String head = step("commit", () -> bitbucket.history(WORKSPACE, "abalone-modelbuild", "main").size() == 2
                        ? project.repositories().named("modelbuild").headCommit()
                        : project.repositories().named("modelbuild").commit("Tune", Map.of("notes.md", "tuned")));
                String push = "push " + BUILD_REPO + "@main -> sagemaker-abalone-" + id + "-modelbuild";
                long until = System.nanoTime() + WAIT.toNanos();
                while (!aws.events().contains(push) && System.nanoTime() < until) {
                    sleep(20);
                }
                assertThat(aws.events()).contains(push);
                Execution rebuilt = step("await the rebuild", () -> project.pipelines().build().awaitLatest(WAIT));
                assertThat(rebuilt.status()).as("%s", rebuilt.stages()).isEqualTo(ExecutionStatus.Succeeded);

                // nothing twice
                front.inject(false);
                bitbucket.faults(FaultPlan.none());
                assertThat(bitbucket.repositoriesCreated()).isZero();
                assertThat(bitbucket.history(WORKSPACE, "abalone-modelbuild", "main")).hasSize(2).first().isEqualTo(head);
                assertThat(bitbucket.history(WORKSPACE, "abalone-modeldeploy", "main")).hasSize(1);
                assertThat(bitbucket.commitsMade()).isEqualTo(3);
                assertThat(aws.checkIns()).hasSize(2);
                assertThat(aws.events().stream().filter(e -> e.startsWith("push "))).containsExactly(push);
                assertThat(project.pipelines().build().executions()).hasSize(2);
                assertThat(aws.sageMaker().listModelPackages(l -> l.modelPackageGroupName("abalone-" + id))
                        .modelPackageSummaryList()).hasSize(2);
                assertThat(aws.sageMaker().listEndpoints(l -> l.nameContains("abalone-")).endpoints())
                        .extracting(e -> e.endpointName()).containsExactlyInAnyOrder("abalone-staging", "abalone-prod");
                assertThat(MlopsProjects.builder().backend(backend).list()).containsExactly("abalone");
            } finally {
                project.close();
            }
        }
        Map<FaultProxy.Fault, Long> injected = front.injected();
        long total = injected.values().stream().mapToLong(Long::longValue).sum();
        System.out.printf("fault injection: AWS %d calls, %d faults %s; Bitbucket %d calls; %d clean failures retried,"
                + " %.1f s%n", front.calls(), total, injected, bitbucket.calls(), cleanFailures.size(),
                (System.nanoTime() - started) / 1e9);
        cleanFailures.forEach(f -> System.out.println("  clean failure: " + f));
        assertThat(total).isGreaterThan(20);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
