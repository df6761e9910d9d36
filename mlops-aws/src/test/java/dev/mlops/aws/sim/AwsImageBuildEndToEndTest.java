package dev.mlops.aws.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.Execution;
import dev.mlops.ExecutionStatus;
import dev.mlops.MlopsProjects;
import dev.mlops.ModelVersion;
import dev.mlops.Project;
import dev.mlops.aws.AwsBackend;
import dev.mlops.aws.fixtures.ValidatingInterceptor;
import dev.mlops.template.Templates;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image-building template on AWS, through the same {@code Project} calls as on the embedded backend: a commit
 * to an image repository runs its image pipeline, which pushes to ECR and registers an image version; the
 * {@code SageMaker Image Version State Change} rule starts the model build, whose approved version is deployed; a
 * commit that restores an earlier build context registers nothing and starts nothing.
 */
class AwsImageBuildEndToEndTest {
    private static final Duration WAIT = Duration.ofMinutes(1);
    private static final String TRAINING = Templates.imageRepository("training");

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
        aws.imageRequests().assertNoViolations();
    }

    @Test
    void commitToAnImageRepository_buildsAVersion_whoseEventStartsTheModelBuild_thenTheDeploy() {
        try (AwsBackend backend = aws.backend(cache, validator).build();
                Project project = MlopsProjects.builder().name("images").template(Templates.imageBuildModelBuildDeploy())
                        .parameter("IncludeProcessingImage", "false").parameter("IncludeInferenceImage", "false")
                        .backend(backend).create()) {
            String id = project.id();
            String image = "sagemaker-" + id + "-" + TRAINING;
            assertThat(project.pipelines().all()).extracting(p -> p.role())
                    .containsExactlyInAnyOrder("modelbuild", "modeldeploy", TRAINING);

            // The pipeline's first run (on creation) builds the seed: version 1, and the model build it starts.
            Execution first = project.pipelines().named(TRAINING).awaitLatest(WAIT);
            assertThat(first.status()).as("%s", first.stages()).isEqualTo(ExecutionStatus.Succeeded);
            assertThat(aws.imageVersions().get(image)).hasSize(1);
            assertThat(aws.events()).contains("sagemaker-" + id + "-" + TRAINING + "-version -> sagemaker-images-" + id
                    + "-modelbuild");

            String main = "src/image/Main.java";
            String original = new String(Templates.imageBuildSeed().files().get(main), StandardCharsets.UTF_8);
            String changed = project.repositories().named(TRAINING).commit("say more",
                    Map.of(main, original.replace("is present", "is there")));
            Execution second = project.pipelines().named(TRAINING).awaitCommit(changed, WAIT);
            assertThat(second.status()).as("%s", second.stages()).isEqualTo(ExecutionStatus.Succeeded);
            assertThat(aws.imageVersions().get(image)).hasSize(2).last().asString().endsWith("/" + image + "/2");
            long startsOfTheBuild = aws.events().stream().filter(e -> e.endsWith("-modelbuild") && e.contains("-version ->"))
                    .count();
            assertThat(startsOfTheBuild).isEqualTo(2);

            Execution build = project.pipelines().build().awaitLatest(WAIT);
            assertThat(build.status()).as("%s", build.stages()).isEqualTo(ExecutionStatus.Succeeded);
            ModelVersion candidate = project.models().pendingApproval().first().orElseThrow();
            candidate = candidate.approve("built on image version 2");
            project.environments().staging().awaitDeployed(candidate, WAIT);

            // Restoring the seed's file gives the context of version 1: no push, no version, no model build.
            String restored = project.repositories().named(TRAINING).commit("as before", Map.of(main, original));
            Execution third = project.pipelines().named(TRAINING).awaitCommit(restored, WAIT);
            assertThat(third.status()).isEqualTo(ExecutionStatus.Succeeded);
            assertThat(third.log("BuildImage")).contains("was built before");
            assertThat(aws.imageVersions().get(image)).hasSize(2);
            assertThat(aws.events().stream().filter(e -> e.endsWith("-modelbuild") && e.contains("-version ->")).count())
                    .isEqualTo(2);
            List<String> ecrCalls = List.of("ECR.PutImage", "SageMaker.CreateImageVersion", "SageMaker.CreateImage");
            ecrCalls.forEach(c -> assertThat(aws.imageRequests().calls(c)).as(c).isPositive());

            project.delete();
        }
    }
}
