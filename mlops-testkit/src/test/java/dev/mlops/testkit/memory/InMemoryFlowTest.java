package dev.mlops.testkit.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.Execution;
import dev.mlops.ExecutionStatus;
import dev.mlops.Gate;
import dev.mlops.MlopsProjects;
import dev.mlops.ModelVersion;
import dev.mlops.Project;
import dev.mlops.StageExecution;
import dev.mlops.event.ProjectEvent;
import dev.mlops.event.ProjectEventType;
import dev.mlops.testkit.FakeTicker;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The whole build → approve → staging → gate → prod flow on the in-memory backend, on fake time. */
class InMemoryFlowTest {

    @Test
    void buildApproveStagingGateProd_onFakeTime() {
        FakeTicker time = new FakeTicker();
        List<ProjectEvent> heard = new CopyOnWriteArrayList<>();
        try (InMemoryBackend memory = InMemoryBackend.builder().ticker(time).latency(Duration.ofMillis(20))
                .readLag(Duration.ofMillis(500)).build();
                Project p = MlopsProjects.builder().name("flow").backend(memory).listener(heard::add).create()) {
            assertThat(p.backend()).isEqualTo("memory");
            Execution build = p.pipelines().build().awaitLatest(Duration.ofMinutes(5));
            assertThat(build.status()).as("%s %s", build, build.stages()).isEqualTo(ExecutionStatus.Succeeded);
            assertThat(build.stages()).extracting(StageExecution::status).containsOnly(ExecutionStatus.Succeeded);
            ModelVersion v1 = p.models().version(1);
            assertThat(v1.metrics()).containsKey("mse");
            assertThat(v1.lineage()).containsEntry("sourceCommit", build.sourceCommit().orElseThrow())
                    .containsEntry("pipelineExecution", build.id());
            v1.approve("good");
            p.environments().staging().awaitDeployed(v1, Duration.ofMinutes(5));
            Gate gate = p.gates().awaitPending(v1, Duration.ofMinutes(5));
            assertThat(p.environments().prod().deployedVersion()).isEmpty();
            gate.approve("staging fine");
            p.environments().prod().awaitDeployed(v1, Duration.ofMinutes(5));
            String answer = p.environments().prod().endpoint().invoke("M,0.455,0.365,0.095,0.514,0.2245,0.101,0.15");
            assertThat(Double.parseDouble(answer.strip())).isBetween(1.0, 30.0);
            Execution deploy = p.pipelines().deploy().awaitLatest(Duration.ofMinutes(5));
            assertThat(deploy.status()).isEqualTo(ExecutionStatus.Succeeded);
            assertThat(deploy.trigger()).contains("1").contains("Approved");
            // With a read lag the creation's own events are not readable yet when create() returns: listeners hear
            // from the first execution on.
            assertThat(heard).extracting(ProjectEvent::type).containsSubsequence(ProjectEventType.ExecutionStarted,
                    ProjectEventType.ModelRegistered,
                    ProjectEventType.ModelApprovalChanged, ProjectEventType.EndpointInService,
                    ProjectEventType.GatePending, ProjectEventType.GateApproved, ProjectEventType.EndpointInService);
            assertThat(memory.calls()).containsKeys("orchestrator.executions", "registry.updateApprovalStatus",
                    "endpoints.describe", "orchestrator.decide");
        }
    }

    @Test
    void listeners_hearTheCreation_whenReadsDoNotLag() {
        List<ProjectEvent> heard = new CopyOnWriteArrayList<>();
        try (InMemoryBackend memory = InMemoryBackend.builder().ticker(new FakeTicker()).build();
                Project p = MlopsProjects.builder().name("heard").backend(memory).listener(heard::add).create()) {
            p.pipelines().build().awaitLatest(Duration.ofMinutes(5));
            assertThat(heard).extracting(ProjectEvent::type).containsSubsequence(ProjectEventType.RepositorySeeded,
                    ProjectEventType.ProjectCreated, ProjectEventType.ExecutionStarted, ProjectEventType.ModelRegistered,
                    ProjectEventType.ExecutionEnded);
            assertThat(heard).extracting(ProjectEvent::id).doesNotHaveDuplicates();
            assertThat(p.events(dev.mlops.event.EventCursor.START).events()).containsAll(heard);
        }
    }
}
