package dev.mlops.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.ExecutionStatus;
import dev.mlops.ModelApprovalStatus;
import dev.mlops.ModelVersion;
import dev.mlops.ProjectStatus;
import dev.mlops.exception.ProjectClosedException;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code Project.status()}: the whole project in one view, at a bounded number of reads. */
class StatusViewTest {

    @Test
    void aFreshProject_showsItsFirstBuild_noModel_andNoEndpoints() {
        try (MemoryFixture f = new MemoryFixture("status-fresh", MemoryFixture.withoutBuildTrigger(), b -> b)) {
            ProjectStatus s = f.project.status();

            assertThat(s.project()).isEqualTo("status-fresh");
            assertThat(s.backend()).isEqualTo("memory");
            assertThat(s.pipelines()).extracting(ProjectStatus.PipelineState::pipeline).containsExactly("modelbuild", "modeldeploy");
            assertThat(s.pipelines().get(0).status()).isEmpty();
            assertThat(s.latestModel()).isEmpty();
            assertThat(s.approvedModel()).isEmpty();
            assertThat(s.pendingGates()).isEmpty();
            assertThat(s.environments()).extracting(ProjectStatus.EnvironmentState::environment, ProjectStatus.EnvironmentState::endpointName,
                    ProjectStatus.EnvironmentState::endpointStatus)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("staging", "status-fresh-staging", "None"),
                            org.assertj.core.groups.Tuple.tuple("prod", "status-fresh-prod", "None"));
        }
    }

    @Test
    void atTheProdGate_showsTheGate_theVersions_andWhatStagingServes() {
        try (MemoryFixture f = new MemoryFixture("status-gate")) {
            ModelVersion v1 = f.built();
            f.inStaging(v1);

            ProjectStatus s = f.project.status();

            assertThat(s.pipelines().get(0).status()).contains(ExecutionStatus.Succeeded);
            assertThat(s.pipelines().get(1).status()).contains(ExecutionStatus.WaitingForApproval);
            assertThat(s.pipelines().get(1).currentStage()).contains("ApproveDeployment");
            assertThat(s.pendingGates()).singleElement().satisfies(g -> {
                assertThat(g.gate()).isEqualTo("ApproveDeployment");
                assertThat(g.pipeline()).isEqualTo("modeldeploy");
            });
            assertThat(s.latestModel()).contains(new ProjectStatus.ModelState(1, ModelApprovalStatus.Approved, v1.arn()));
            assertThat(s.approvedModel()).isEqualTo(s.latestModel());
            assertThat(s.environments().get(0).endpointStatus()).isEqualTo("InService");
            assertThat(s.environments().get(0).modelArn()).contains(v1.arn());
            assertThat(s.environments().get(1).endpointStatus()).isEqualTo("None");
        }
    }

    @Test
    void theReads_areBounded_whateverTheHistory() {
        try (MemoryFixture f = new MemoryFixture("status-reads")) {
            f.inProd(f.built());
            f.buildAgain();
            f.buildAgain();
            Map<String, Long> before = f.memory.calls();

            ProjectStatus s = f.project.status();

            long reads = f.memory.calls().values().stream().mapToLong(Long::longValue).sum()
                    - before.values().stream().mapToLong(Long::longValue).sum();
            // two pipelines, one approvals page, the newest version (approved or not: one more), two endpoints
            assertThat(reads).isLessThanOrEqualTo(7);
            assertThat(s.latestModel()).map(ProjectStatus.ModelState::version).contains(3);
            assertThat(s.approvedModel()).map(ProjectStatus.ModelState::version).contains(1);
            assertThat(s.environments().get(1).endpointStatus()).isEqualTo("InService");
            assertThat(s.pendingGates()).isEmpty();
        }
    }

    @Test
    void aClosedHandle_refuses() {
        try (MemoryFixture f = new MemoryFixture("status-closed", MemoryFixture.withoutBuildTrigger(), b -> b)) {
            f.project.close();
            assertThatThrownBy(f.project::status).isInstanceOf(ProjectClosedException.class);
            assertThat(Optional.of(f.project.name())).contains("status-closed");
        }
    }
}
