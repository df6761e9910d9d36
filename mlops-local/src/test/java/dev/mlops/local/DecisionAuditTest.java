package dev.mlops.local;

import static dev.mlops.local.Flows.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.Execution;
import dev.mlops.ExecutionStatus;
import dev.mlops.Gate;
import dev.mlops.MlopsProjects;
import dev.mlops.ModelVersion;
import dev.mlops.Project;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every decision is an event written with it; a decision written around the API (by SQL into the state store, as
 * anyone with write access to it could) leaves none, and is refused when the deploy would act on it.
 */
class DecisionAuditTest {
    @TempDir
    Path home;

    private void sql(String statement) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + home.resolve("state.db"));
             Statement st = c.createStatement()) {
            st.execute("PRAGMA busy_timeout=30000");
            st.executeUpdate(statement);
        }
    }

    @Test
    void aGateOrAModelApprovedBySql_isRefusedAtDeployTime() throws Exception {
        try (LocalBackend backend = LocalBackend.builder().home(home).build();
             Project project = MlopsProjects.builder().name("audited").backend(backend).create()) {
            assertThat(project.pipelines().build().awaitLatest(TIMEOUT).status()).isEqualTo(ExecutionStatus.Succeeded);
            ModelVersion v1 = project.models().version(1).approve("through the API");
            Gate gate = project.gates().awaitPending(v1, TIMEOUT);

            // Before: the run went on to prod, and no event recorded the decision.
            sql("UPDATE approvals SET status='Approved', decided_by='mallory' WHERE status='Pending'");
            Execution run = gate.refresh().status() == dev.mlops.GateStatus.Approved
                    ? project.pipelines().deploy().executions().get(0).await(TIMEOUT) : null;
            assertThat(run).isNotNull();
            assertThat(run.status()).isEqualTo(ExecutionStatus.Failed);
            assertThat(Flows.stage(run, "ApproveDeployment").summary()).contains("written around the API");
            assertThat(project.environments().prod().deployedVersion()).isEmpty();

            // A model version approved by SQL after its recorded rejection is not deployed either.
            v1.refresh().reject("through the API");
            Flows.await("the rejection's deploy run to end", () -> project.pipelines().deploy().latestExecution()
                    .map(e -> !e.id().equals(run.id()) && e.status().isTerminal()).orElse(false));
            sql("UPDATE model_versions SET status='Approved' WHERE version=1");
            Execution third = project.pipelines().deploy().start().await(TIMEOUT);
            assertThat(third.status()).isEqualTo(ExecutionStatus.Failed);
            assertThat(third.stages().stream().filter(s -> s.status() == ExecutionStatus.Failed).findFirst().orElseThrow()
                    .summary()).contains("written around the API").contains("Rejected");
            assertThat(project.environments().staging().deployedVersion()).contains(v1);
        }
    }
}
