package dev.mlops.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.Execution;
import dev.mlops.ExecutionStatus;
import dev.mlops.MlopsProjects;
import dev.mlops.Project;
import dev.mlops.template.SeedCode;
import dev.mlops.template.Template;
import dev.mlops.template.Templates;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Dockerfile with no Docker engine: the image stage fails at once with an error that names what is missing (the
 * binary, or the daemon's socket) and the alternatives, and no image version is made.
 */
class DockerfileWithoutDockerTest {
    private static final String TRAINING = Templates.imageRepository("training");

    @TempDir
    Path dir;

    private static Template dockerOnly() {
        return Templates.imageBuildModelBuildDeploy()
                .withSeedCode(TRAINING, SeedCode.ofFiles(Map.of("Dockerfile",
                        "FROM eclipse-temurin:17-jre\n".getBytes(StandardCharsets.UTF_8))))
                .withParameter("IncludeProcessingImage", "false").withParameter("IncludeInferenceImage", "false");
    }

    @Test
    void noDockerBinary_failsTheStage_namingTheBinaryAndTheAlternatives() {
        try (LocalBackend backend = LocalBackend.builder().home(dir.resolve("home")).dockerCommand("no-such-docker-cli")
                .build();
                Project project = MlopsProjects.builder().name("docker").template(dockerOnly()).backend(backend).create()) {
            Execution run = project.pipelines().named(TRAINING).awaitLatest(Flows.TIMEOUT);

            assertThat(run.status()).isEqualTo(ExecutionStatus.Failed);
            assertThat(run.stages().get(1).summary())
                    .contains("cannot build the Dockerfile of image " + TRAINING)
                    .contains("no 'no-such-docker-cli' binary on PATH")
                    .contains("add an image.properties to the repository to build a Java image with Jib")
                    .contains("the AWS backend, where CodeBuild builds the Dockerfile");
            assertThat(backend.images().orElseThrow().versions(
                    backend.projectStore().orElseThrow().find("docker").orElseThrow(), TRAINING)).isEmpty();
        }
    }

    @Test
    void aDockerCliWhoseDaemonDoesNotAnswer_failsTheStage_namingTheSocket() throws Exception {
        // A CLI that cannot reach its daemon answers "docker version" as the real one does: the client part, then
        // the error and exit code 1.
        Path cli = dir.resolve("bin/docker");
        Files.createDirectories(cli.getParent());
        Files.writeString(cli, "#!/bin/sh\necho 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock."
                + " Is the docker daemon running?' >&2\nexit 1\n");
        Files.setPosixFilePermissions(cli, PosixFilePermissions.fromString("rwx------"));
        try (LocalBackend backend = LocalBackend.builder().home(dir.resolve("home")).dockerCommand(cli.toString()).build();
                Project project = MlopsProjects.builder().name("daemon").template(dockerOnly()).backend(backend).create()) {
            Execution run = project.pipelines().named(TRAINING).awaitLatest(Flows.TIMEOUT);

            assertThat(run.status()).isEqualTo(ExecutionStatus.Failed);
            assertThat(run.stages().get(1).summary())
                    .contains("the Docker daemon at ")
                    .contains("does not answer " + cli + " version (exit 1: Cannot connect to the Docker daemon")
                    .contains("start the Docker daemon, or add an image.properties");
        }
    }
}
