package dev.mlops.local;

import static dev.mlops.local.Flows.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.Execution;
import dev.mlops.ExecutionStatus;
import dev.mlops.MlopsProjects;
import dev.mlops.Project;
import dev.mlops.event.EventCursor;
import dev.mlops.event.ProjectEventType;
import dev.mlops.template.Templates;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run's writes are fenced: a run stopped while its step still computes registers nothing and stays Stopped. */
class FencingTest {
    private static final String PREPROCESS = "pipelines/abalone/Preprocess.java";

    @TempDir
    Path home;

    private static String seed(String file) throws IOException {
        try (InputStream in = FencingTest.class.getClassLoader().getResourceAsStream("dev/mlops/seed/modelbuild/" + file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void aStoppedRun_registersNoModel_andStaysStopped() throws Exception {
        try (LocalBackend backend = LocalBackend.builder().home(home).build();
             Project project = MlopsProjects.builder().name("fenced").template(Templates.modelBuildTrainDeploy())
                     .backend(backend).create()) {
            assertThat(project.pipelines().build().awaitLatest(TIMEOUT).status()).isEqualTo(ExecutionStatus.Succeeded);
            String slow = seed(PREPROCESS).replaceFirst("public void run\\(ProcessingContext context\\) throws Exception \\{",
                    "public void run(ProcessingContext context) throws Exception {\n        Thread.sleep(2500);");
            String commit = project.repositories().named(Templates.MODEL_BUILD).commit("Slow preprocessing",
                    Map.of(PREPROCESS, slow));
            Execution run = Flows.eventually("the slow build to reach its ML pipeline", () -> project.pipelines().build()
                    .latestExecution().filter(e -> e.sourceCommit().map(commit::equals).orElse(false))
                    .filter(e -> e.stages().stream().anyMatch(s -> s.name().equals("Build")
                            && s.status() == ExecutionStatus.InProgress)));
            run.stop("changed my mind");

            // Long enough for the step to finish and the pipeline to reach its register step.
            Thread.sleep(8_000);
            // Before: the stopped run registered version 2 and could overwrite its own Stopped status.
            assertThat(project.models().versions()).hasSize(1);
            assertThat(run.refresh().status()).isEqualTo(ExecutionStatus.Stopped);
            assertThat(project.events(EventCursor.START).events())
                    .noneMatch(e -> e.type() == ProjectEventType.ModelRegistered && e.subject().endsWith("/2"));
        }
    }
}
