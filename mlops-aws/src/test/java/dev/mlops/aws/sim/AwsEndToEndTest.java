package dev.mlops.aws.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.Execution;
import dev.mlops.ExecutionStatus;
import dev.mlops.MlopsProjects;
import dev.mlops.ModelApprovalStatus;
import dev.mlops.ModelVersion;
import dev.mlops.Project;
import dev.mlops.ProjectStatus;
import dev.mlops.aws.AwsBackend;
import dev.mlops.aws.fixtures.ValidatingInterceptor;
import dev.mlops.template.Templates;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The template "model building, training, and deployment" on AWS, through the same {@code Project} calls as on the
 * embedded backend: create, the seed commit's build, the registered version, approve, staging, the gate, prod,
 * invoke, delete. AWS is moto and the fakes behind one front ({@link AwsSimulation}); every request is validated
 * against the official service models.
 */
class AwsEndToEndTest {
    private static final Duration WAIT = Duration.ofMinutes(1);
    private static final String ROW = "M,0.455,0.365,0.095,0.514,0.2245,0.101,0.15";

    @TempDir
    Path cache;

    private AwsSimulation aws;
    private final ValidatingInterceptor validator = new ValidatingInterceptor();

    @BeforeEach
    void start() throws Exception {
        aws = AwsSimulation.start(0, 1);
    }

    @AfterEach
    void stop() {
        aws.close();
        validator.assertNoViolations();
    }

    @Test
    void buildTrainDeploy_fromCreateToDelete() {
        List<String> progress = new CopyOnWriteArrayList<>();
        try (AwsBackend backend = aws.backend(cache, validator).build()) {
            String id;
            try (Project project = MlopsProjects.builder().name("abalone").template(Templates.modelBuildTrainDeploy())
                    .listener(e -> progress.add(e.type() + " " + e.message())).backend(backend).create()) {
                id = project.id();
                assertThat(project.backend()).isEqualTo("aws");
                assertThat(project.repositories().named("modelbuild").headCommit()).isNotBlank();

                Execution build = project.pipelines().build().awaitLatest(WAIT);
                assertThat(build.status()).as("%s", build.stages()).isEqualTo(ExecutionStatus.Succeeded);
                ModelVersion candidate = project.models().pendingApproval().first().orElseThrow();
                assertThat(candidate.version()).isEqualTo(1);
                assertThat(candidate.metrics()).containsEntry("mse", 4.61);
                candidate = candidate.approve("MSE below 6.0 on the test split");
                assertThat(candidate.status()).isEqualTo(ModelApprovalStatus.Approved);

                project.environments().staging().awaitDeployed(candidate, WAIT);
                ProjectStatus atGate = project.status();
                project.gates().awaitPending(candidate, WAIT).approve("staging tests passed");
                project.environments().prod().awaitDeployed(candidate, WAIT);
                assertThat(project.pipelines().deploy().awaitLatest(WAIT).status()).isEqualTo(ExecutionStatus.Succeeded);

                String rings = project.environments().prod().endpoint().invoke(ROW);
                assertThat(Double.parseDouble(rings)).isBetween(1.0, 30.0);
                assertThat(project.environments().prod().endpoint().invoke(ROW)).isEqualTo(rings);

                assertThat(atGate.pendingGates()).singleElement().satisfies(g -> assertThat(g.gate()).isEqualTo("ApproveDeployment"));
                assertThat(atGate.environments().get(0).endpointStatus()).isEqualTo("InService");
                ProjectStatus done = project.status();
                assertThat(done.environments()).extracting(ProjectStatus.EnvironmentState::endpointStatus)
                        .containsExactly("InService", "InService");
                assertThat(done.approvedModel()).map(ProjectStatus.ModelState::version).contains(1);
                assertThat(aws.events()).contains("sagemaker-abalone-" + id + "-model -> sagemaker-abalone-" + id
                        + "-modeldeploy");

                project.delete();
            }
            assertThat(MlopsProjects.builder().backend(backend).list()).doesNotContain("abalone");
            assertThat(aws.cloudFormation().describeStacks().stacks()).noneMatch(s -> s.stackName().contains(id)
                    && !s.stackStatusAsString().equals("DELETE_COMPLETE"));
            assertThat(aws.s3().listBuckets().buckets()).noneMatch(b -> b.name().equals("sagemaker-project-" + id));
            assertThat(aws.deletedPackages()).contains("abalone-" + id);
        }
        assertThat(progress).anyMatch(p -> p.startsWith("ProjectCreated"));
    }

    @Test
    void twoProjectsOfOneTemplate_inOneAccount_shareTheUploadedSeedArchives() {
        // The second create finds the binary seed archives uploaded by the first; it failed reading them as text.
        try (AwsBackend backend = aws.backend(cache, validator).build();
                Project one = MlopsProjects.builder().name("one").template(Templates.modelBuildTrainDeploy())
                        .backend(backend).create();
                Project two = MlopsProjects.builder().name("two").template(Templates.modelBuildTrainDeploy())
                        .backend(backend).create()) {
            assertThat(two.id()).isNotEqualTo(one.id());
            assertThat(MlopsProjects.builder().backend(backend).list()).contains("one", "two");
            assertThat(validator.calls("S3.PutObject")).isGreaterThan(0);
        }
    }

    @Test
    void aHandleWithoutListeners_pollsNothing_untilAListenerIsAdded() throws Exception {
        try (AwsBackend backend = aws.backend(cache, validator).build()) {
            MlopsProjects.builder().name("quiet").template(Templates.modelBuildTrainDeploy()).backend(backend).create()
                    .close();
            try (Project quiet = MlopsProjects.open("quiet", backend)) {
                int before = validator.calls("CodePipeline.ListPipelineExecutions");
                Thread.sleep(1500);
                assertThat(validator.calls("CodePipeline.ListPipelineExecutions")).as("reads with nobody listening")
                        .isEqualTo(before);

                List<String> heard = new CopyOnWriteArrayList<>();
                quiet.addListener(e -> heard.add(e.type().name()));
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (validator.calls("CodePipeline.ListPipelineExecutions") == before && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                assertThat(validator.calls("CodePipeline.ListPipelineExecutions")).as("reads once someone listens")
                        .isGreaterThan(before);
            }
        }
    }
}
