package dev.mlops.local;

import static dev.mlops.local.Flows.ROW;
import static dev.mlops.local.Flows.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.ExecutionStatus;
import dev.mlops.Gate;
import dev.mlops.MlopsProjects;
import dev.mlops.ModelApprovalStatus;
import dev.mlops.ModelVersion;
import dev.mlops.Project;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Decisions taken by another process, which opens the project by name, reach the process running it. */
class SecondProcessTest {
    @TempDir
    Path home;

    @Test
    void approvalsFromASecondProcess_startTheDeployAndOpenTheGate() throws Exception {
        try (LocalBackend backend = LocalBackend.builder().home(home).build();
             Project project = MlopsProjects.builder().name("shared").backend(backend).create()) {
            assertThat(project.pipelines().build().awaitLatest(TIMEOUT).status()).isEqualTo(ExecutionStatus.Succeeded);
            List<String> jvm = List.of("-Dmlops.home=" + home, "-Dmlops.user=carol");

            try (Flows.Child child = new Flows.Child(ChildProcessMain.class, jvm, "approve-version", "shared", "1")) {
                assertThat(child.awaitExit()).as(child.output()).isZero();
                assertThat(child.output()).contains("APPROVED 1 Approved");
            }
            ModelVersion v1 = project.models().version(1);
            assertThat(v1.status()).isEqualTo(ModelApprovalStatus.Approved);
            assertThat(v1.decision()).contains("carol: approved from another process");
            project.environments().staging().awaitDeployed(v1, TIMEOUT);
            assertThat(project.pipelines().deploy().executions().get(0).trigger()).isEqualTo("model version 1 Approved");

            Gate pending = project.gates().awaitPending(TIMEOUT);
            try (Flows.Child child = new Flows.Child(ChildProcessMain.class, jvm, "approve-gate", "shared")) {
                assertThat(child.awaitExit()).as(child.output()).isZero();
                assertThat(child.output()).contains("GATE-APPROVED Approved");
            }
            project.environments().prod().awaitDeployed(v1, TIMEOUT);
            assertThat(project.gates().all()).filteredOn(g -> g.id().equals(pending.id()))
                    .singleElement().satisfies(g -> assertThat(g.decision()).contains("carol: approved from another process"));
            assertThat(Double.parseDouble(project.environments().prod().endpoint().invoke(ROW).strip())).isBetween(1.0, 30.0);
        }
    }
}
