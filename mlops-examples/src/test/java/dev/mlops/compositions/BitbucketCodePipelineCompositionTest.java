package dev.mlops.compositions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.Execution;
import dev.mlops.ExecutionStatus;
import dev.mlops.ModelApprovalStatus;
import dev.mlops.ModelVersion;
import dev.mlops.Project;
import static dev.mlops.compositions.BitbucketCompositionRig.BUILD_REPO;
import static dev.mlops.compositions.BitbucketCompositionRig.WORKSPACE;

import dev.mlops.aws.AwsBackend;
import dev.mlops.aws.fixtures.ValidatingInterceptor;
import dev.mlops.aws.sim.AwsSimulation;
import dev.mlops.examples.BitbucketCodePipelineExample;
import dev.mlops.exception.MlopsClientException;
import dev.mlops.git.bitbucket.BitbucketCloudRepositories;
import dev.mlops.git.bitbucket.fixtures.BitbucketCloudFake;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bitbucket + CodePipeline + SageMaker, end to end: {@link BitbucketCodePipelineExample} on the AWS simulation (moto
 * and the WireMock fakes) with the real {@link BitbucketCloudRepositories} on the Bitbucket Cloud fake. The preflight
 * reads the connection, the stack's seed check-in writes one commit to each Bitbucket repository through the
 * connection's side ({@link BitbucketCloudConnectionGit}, set up by {@link BitbucketCompositionRig}), the V2 sources read Bitbucket's heads, the model goes
 * build → approve → staging → gate → prod, and a commit is a push whose webhook starts the model build. Every AWS
 * request is checked against botocore's models, every Bitbucket request against the OpenAPI description. A pending
 * connection stops create in the preflight, before anything reaches AWS's project or Bitbucket.
 */
class BitbucketCodePipelineCompositionTest {
    private static final Duration WAIT = Duration.ofMinutes(1);

    @TempDir
    Path cache;

    private AwsSimulation aws;
    private BitbucketCloudFake bitbucket;
    private final ValidatingInterceptor validator = new ValidatingInterceptor();

    @BeforeEach
    void start() throws Exception {
        bitbucket = BitbucketCompositionRig.bitbucket();
        aws = BitbucketCompositionRig.aws(bitbucket);
    }

    @AfterEach
    void stop() {
        aws.close();
        bitbucket.close();
        validator.assertNoViolations();
        assertThat(bitbucket.problems()).as("requests the Bitbucket OpenAPI description refuses").isEmpty();
    }

    @Test
    void bitbucketCodePipelineSageMaker_fromCreateToProd_andAPushBuildsAgain() {
        ByteArrayOutputStream said = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(said, true, StandardCharsets.UTF_8);
        try (AwsBackend backend = aws.backend(cache, validator).build();
                Project project = BitbucketCodePipelineExample.create(backend, BitbucketCompositionRig.repositories(bitbucket),
                        "abalone", BitbucketCompositionRig.template())) {
            String id = project.id();
            // the preflight read the connection once
            assertThat(validator.calls("CodeConnections.GetConnection")).isEqualTo(1);
            assertThat(validator.calls("CodeConnections.ListTagsForResource")).isEqualTo(1);
            // one repository per role, adopted; the stack checked the seed in as one commit each
            assertThat(bitbucket.repositoriesCreated()).isZero();
            assertThat(aws.checkIns()).hasSize(2);
            assertThat(bitbucket.history(WORKSPACE, "abalone-modelbuild", "main")).hasSize(1);
            assertThat(bitbucket.history(WORKSPACE, "abalone-modeldeploy", "main")).hasSize(1);
            assertThat(bitbucket.commitsMade()).isEqualTo(2);
            assertThat(project.repositories().all()).hasSize(2);
            assertThat(project.repositories().named("modelbuild").cloneUri()).hasToString("https://bitbucket.org/" + BUILD_REPO + ".git");
            assertThat(project.repositories().named("modelbuild").headCommit())
                    .isEqualTo(bitbucket.history(WORKSPACE, "abalone-modelbuild", "main").get(0));
            assertThat(validator.calls("CodeCommit.CreateRepository")).isZero();

            ModelVersion prod = BitbucketCodePipelineExample.deliver(project, WAIT, out);
            assertThat(prod.version()).isEqualTo(1);
            assertThat(project.models().version(1).status()).isEqualTo(ModelApprovalStatus.Approved);
            assertThat(project.environments().prod().deployedVersion()).hasValueSatisfying(v -> assertThat(v.version()).isEqualTo(1));
            assertThat(project.pipelines().deploy().awaitLatest(WAIT).status()).isEqualTo(ExecutionStatus.Succeeded);
            assertThat(said.toString(StandardCharsets.UTF_8)).contains("prod: version 1");

            // a commit is a push to Bitbucket; its webhook starts the model build through the V2 trigger
            Execution first = project.pipelines().build().latestExecution().orElseThrow();
            String head = project.repositories().named("modelbuild").commit("Tune", Map.of("notes.md", "tuned"));
            awaitEvent("push " + BUILD_REPO + "@main -> sagemaker-abalone-" + id + "-modelbuild");
            Execution rebuilt = project.pipelines().build().awaitLatest(WAIT);
            assertThat(rebuilt.id()).isNotEqualTo(first.id());
            assertThat(rebuilt.status()).as("%s", rebuilt.stages()).isEqualTo(ExecutionStatus.Succeeded);
            assertThat(bitbucket.history(WORKSPACE, "abalone-modelbuild", "main")).hasSize(2).first().isEqualTo(head);
            assertThat(project.pipelines().build().executions()).hasSize(2);
            assertThat(project.models().versions()).hasSize(2);
        }
    }

    @Test
    void aPendingConnection_failsCreateInThePreflight_andNothingReachesBitbucket() {
        aws.connection(BitbucketCompositionRig.ARN, "acme-bitbucket", "PENDING", Map.of("sagemaker", "true"));
        try (AwsBackend backend = aws.backend(cache, validator).build()) {
            assertThatThrownBy(() -> BitbucketCodePipelineExample.create(backend,
                    BitbucketCompositionRig.repositories(bitbucket), "abalone", BitbucketCompositionRig.template()))
                    .isInstanceOf(MlopsClientException.class)
                    .hasMessageContaining(BitbucketCompositionRig.ARN)
                    .hasMessageContaining("Update pending connection")
                    .hasMessageContaining("Nothing was made");
            assertThat(validator.calls("SageMaker.CreateProject")).isZero();
            assertThat(aws.checkIns()).isEmpty();
            assertThat(bitbucket.commitsMade()).isZero();
            assertThat(bitbucket.calls()).isZero();
        }
    }

    private void awaitEvent(String event) {
        long until = System.nanoTime() + WAIT.toNanos();
        while (!aws.events().contains(event)) {
            assertThat(System.nanoTime()).as("no %s in %s", event, aws.events()).isLessThan(until);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
