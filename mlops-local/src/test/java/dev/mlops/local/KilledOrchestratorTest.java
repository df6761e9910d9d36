package dev.mlops.local;

import static dev.mlops.local.Flows.ROW;
import static dev.mlops.local.Flows.TIMEOUT;
import static dev.mlops.local.Flows.describe;
import static dev.mlops.local.Flows.stage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.Execution;
import dev.mlops.ExecutionStatus;
import dev.mlops.Gate;
import dev.mlops.MlopsProjects;
import dev.mlops.ModelVersion;
import dev.mlops.Project;
import dev.mlops.exception.MlopsBackendException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The process leading a project is killed (SIGKILL); the test process opens the project and takes over. */
class KilledOrchestratorTest {
    @TempDir
    Path home;

    @Test
    void killedDuringTheMlPipeline_theRunEndsFailedAsInterrupted_withNoVersion_andTheNextBuildWorks() throws Exception {
        try (Flows.Child leader = new Flows.Child(ChildProcessMain.class, List.of(), "lead", home.toString(), "killed", "build")) {
            leader.awaitLine("EVENT StepProgress Step PreprocessAbaloneData Executing");
            leader.process.destroyForcibly().waitFor();
        }
        try (LocalBackend backend = LocalBackend.builder().home(home).build();
             Project project = MlopsProjects.open("killed", backend)) {
            Execution build = project.pipelines().build().awaitLatest(TIMEOUT);
            assertThat(build.status()).as(describe(build)).isEqualTo(ExecutionStatus.Failed);
            assertThat(stage(build, "Build").status()).isEqualTo(ExecutionStatus.Failed);
            assertThat(stage(build, "Build").summary()).contains("interrupted").contains("start the pipeline again");
            assertThat(project.models().versions()).isEmpty();

            Execution again = project.pipelines().build().start().await(TIMEOUT);
            assertThat(again.status()).as(describe(again)).isEqualTo(ExecutionStatus.Succeeded);
            assertThat(project.models().versions()).singleElement()
                    .satisfies(v -> assertThat(v.lineage()).containsEntry("pipelineExecution", again.id()));
        }
    }

    @Test
    void killedWhileTheDeployWaitsAtTheGate_theGateStillWaits_stagingIsServedAgain_andApprovalReachesProd() throws Exception {
        String stagingUrl;
        try (Flows.Child leader = new Flows.Child(ChildProcessMain.class, List.of(), "lead", home.toString(), "gated", "gate")) {
            stagingUrl = leader.awaitLine("AT-GATE ").substring("AT-GATE ".length());
            leader.process.destroyForcibly().waitFor();
        }
        try (LocalBackend backend = LocalBackend.builder().home(home).build();
             Project project = MlopsProjects.open("gated", backend)) {
            ModelVersion v1 = project.models().version(1);
            Gate gate = project.gates().pending().get(0);
            Execution waiting = project.pipelines().deploy().executions().stream()
                    .filter(e -> e.id().equals(gate.executionId())).findFirst().orElseThrow();
            assertThat(waiting.status()).isEqualTo(ExecutionStatus.WaitingForApproval);

            // Once this process leads, it serves staging again at the same address.
            String answer = Flows.eventually("staging to answer again", () -> {
                try {
                    return Optional.of(project.environments().staging().endpoint().invoke(ROW));
                } catch (MlopsBackendException notYet) {
                    return Optional.empty();
                }
            });
            assertThat(Double.parseDouble(answer.strip())).isBetween(1.0, 30.0);
            assertThat(project.environments().staging().endpoint().url().toString()).isEqualTo(stagingUrl);

            gate.approve("approved after the takeover");
            project.environments().prod().awaitDeployed(v1, TIMEOUT);
            Execution done = waiting.await(TIMEOUT);
            assertThat(done.status()).as(describe(done)).isEqualTo(ExecutionStatus.Succeeded);
            assertThat(project.environments().prod().endpoint().invoke(ROW)).isEqualTo(answer);
        }
    }
}
