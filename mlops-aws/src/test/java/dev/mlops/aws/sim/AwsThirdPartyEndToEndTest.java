package dev.mlops.aws.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.Execution;
import dev.mlops.ExecutionStatus;
import dev.mlops.MlopsProjects;
import dev.mlops.ModelApprovalStatus;
import dev.mlops.ModelVersion;
import dev.mlops.Project;
import dev.mlops.aws.AwsBackend;
import dev.mlops.aws.fixtures.ValidatingInterceptor;
import dev.mlops.exception.MlopsClientException;
import dev.mlops.template.Template;
import dev.mlops.template.Templates;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Template F, build-train-deploy over third-party Git repositories through a CodeConnections connection, on the AWS
 * simulation with the same {@code Project} calls as {@link AwsEndToEndTest}: the preflight reads the connection, the
 * stack's seed check-in pushes the seed code to the host, the V2 pipelines' connection sources read the host's heads,
 * a push starts the model build, and the model goes build → approve → staging → gate → prod. A pending connection
 * refuses creation in the preflight, before anything is made.
 */
class AwsThirdPartyEndToEndTest {
    private static final Duration WAIT = Duration.ofMinutes(1);
    private static final String ARN = "arn:aws:codeconnections:us-east-1:123456789012:connection/2b7bf8e4-0d4c-4c3b-a3c7-97d1f8a1c9d0";
    private static final String BUILD_REPO = "acme/abalone-modelbuild";
    private static final String DEPLOY_REPO = "acme/abalone-modeldeploy";

    @TempDir
    Path cache;

    private AwsSimulation aws;
    private final ValidatingInterceptor validator = new ValidatingInterceptor();
    private final InMemoryGitHost host = new InMemoryGitHost().create(BUILD_REPO).create(DEPLOY_REPO);

    @BeforeEach
    void start() throws Exception {
        aws = AwsSimulation.start(0, 1).thirdPartyGit(host);
    }

    @AfterEach
    void stop() {
        aws.close();
        validator.assertNoViolations();
    }

    private static Template template() {
        return Templates.thirdPartyGitCodePipeline()
                .withParameter("ModelBuildCodeRepositoryFullname", BUILD_REPO)
                .withParameter("ModelDeployCodeRepositoryFullname", DEPLOY_REPO)
                .withParameter("CodeConnectionArn", ARN);
    }

    @Test
    void buildTrainDeploy_overThirdPartyRepositories_fromCreateToProd() {
        aws.connection(ARN, "acme-github", "AVAILABLE", Map.of("sagemaker", "true"));
        try (AwsBackend backend = aws.backend(cache, validator).build();
                Project project = MlopsProjects.builder().name("abalone").template(template()).backend(backend)
                        .repositories(new HostRepositories(host, aws)).create()) {
            String id = project.id();
            assertThat(validator.calls("CodeConnections.GetConnection")).isEqualTo(1);
            assertThat(validator.calls("CodeConnections.ListTagsForResource")).isEqualTo(1);
            // the stack checked the seed in, one commit over the README; provisioning adopted it
            assertThat(aws.checkIns()).hasSize(2).anyMatch(c -> c.startsWith(BUILD_REPO + "@main "));
            assertThat(host.commits(BUILD_REPO, "main")).isEqualTo(2);
            assertThat(host.tree(BUILD_REPO, "main")).containsKeys("README.md", "codebuild-buildspec.yml");
            assertThat(project.repositories().named("modelbuild").headCommit()).isEqualTo(host.head(BUILD_REPO, "main").orElseThrow());
            assertThat(validator.calls("CodeCommit.CreateRepository")).isZero();

            Execution build = project.pipelines().build().awaitLatest(WAIT);
            assertThat(build.status()).as("%s", build.stages()).isEqualTo(ExecutionStatus.Succeeded);
            ModelVersion candidate = project.models().pendingApproval().first().orElseThrow();
            assertThat(candidate.version()).isEqualTo(1);
            candidate = candidate.approve("MSE below 6.0 on the test split");
            assertThat(candidate.status()).isEqualTo(ModelApprovalStatus.Approved);

            project.environments().staging().awaitDeployed(candidate, WAIT);
            project.gates().awaitPending(candidate, WAIT).approve("staging tests passed");
            project.environments().prod().awaitDeployed(candidate, WAIT);
            assertThat(project.pipelines().deploy().awaitLatest(WAIT).status()).isEqualTo(ExecutionStatus.Succeeded);
            assertThat(aws.events()).contains("sagemaker-abalone-" + id + "-model -> sagemaker-abalone-" + id
                    + "-modeldeploy");

            // a commit is a push to the host, which starts the model build through the V2 trigger
            String head = project.repositories().named("modelbuild").commit("Tune", Map.of("notes.md", "tuned"));
            assertThat(aws.events()).contains("push " + BUILD_REPO + "@main -> sagemaker-abalone-" + id + "-modelbuild");
            Execution rebuilt = project.pipelines().build().awaitLatest(WAIT);
            assertThat(host.head(BUILD_REPO, "main")).contains(head);
            assertThat(rebuilt.status()).as("%s", rebuilt.stages()).isEqualTo(ExecutionStatus.Succeeded);
        }
    }

    @Test
    void aPendingConnection_failsCreateInThePreflight_namingItAndTheFix_beforeAnythingIsMade() {
        aws.connection(ARN, "acme-github", "PENDING", Map.of("sagemaker", "true"));
        try (AwsBackend backend = aws.backend(cache, validator).build()) {
            assertThatThrownBy(() -> MlopsProjects.builder().name("abalone").template(template()).backend(backend)
                    .repositories(new HostRepositories(host, aws)).create())
                    .isInstanceOf(MlopsClientException.class)
                    .hasMessageContaining(ARN)
                    .hasMessageContaining("Developer Tools > Settings > Connections > acme-github > Update pending connection")
                    .hasMessageContaining("Nothing was made");
            assertThat(validator.calls("SageMaker.CreateProject")).isZero();
            assertThat(aws.checkIns()).isEmpty();
            assertThat(host.commits(BUILD_REPO, "main")).isEqualTo(1);
            assertThat(MlopsProjects.builder().backend(backend).list()).doesNotContain("abalone");
        }
    }
}
