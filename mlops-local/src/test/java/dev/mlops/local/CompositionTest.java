package dev.mlops.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.Execution;
import dev.mlops.ExecutionStatus;
import dev.mlops.Gate;
import dev.mlops.MlopsProjects;
import dev.mlops.ModelApprovalStatus;
import dev.mlops.ModelVersion;
import dev.mlops.Project;
import dev.mlops.exception.UnsupportedByBackendException;
import dev.mlops.spi.ModelRegistry;
import dev.mlops.spi.ModelVersionInfo;
import dev.mlops.testkit.memory.InMemoryBackend;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Components of two backends in one project: the in-memory backend's registry with the embedded backend for the
 * rest runs the whole flow, following approvals through the registry's events; compositions that cannot work are
 * refused before anything is made, naming the missing link.
 */
class CompositionTest {
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final String ROW = "M,0.455,0.365,0.095,0.514,0.2245,0.101,0.15";

    @TempDir
    Path home;

    private LocalBackend local;

    @BeforeEach
    void startLocal() {
        local = LocalBackend.builder().home(home).build();
    }

    @AfterEach
    void stopLocal() {
        local.close();
    }

    @Test
    void memoryRegistry_withTheEmbeddedBackend_buildsRegistersApprovesAndDeploysThroughStagingToProd() {
        try (InMemoryBackend memory = InMemoryBackend.builder().latency(Duration.ofMillis(2)).approvalEvents(true).build()) {
            ModelRegistry registry = memory.registry().orElseThrow();
            try (Project p = MlopsProjects.builder().name("composed").registry(registry).backend(local).create()) {
                assertThat(p.backend()).isEqualTo("local+memory");

                Execution build = p.pipelines().build().awaitLatest(TIMEOUT);
                assertThat(build.status()).as("%s %s", build, build.stages()).isEqualTo(ExecutionStatus.Succeeded);
                ModelVersion v1 = p.models().version(1);
                assertThat(v1.version()).isEqualTo(1);
                assertThat(v1.arn()).startsWith("arn:mlops:memory:");
                ModelVersionInfo stored = registry.version(p.models().group(), 1).orElseThrow();
                assertThat(stored.status()).isEqualTo(ModelApprovalStatus.PendingManualApproval);
                assertThat(stored.lineage()).containsEntry("pipelineExecution", build.id());
                assertThat(registry.metrics(v1.arn())).containsKey("mse");

                v1.approve("composed: good enough");
                assertThat(registry.version(p.models().group(), 1).orElseThrow().status())
                        .isEqualTo(ModelApprovalStatus.Approved);
                // the embedded engine reads the memory registry's events (at most once a second) and starts the deploy
                p.environments().staging().awaitDeployed(v1, TIMEOUT);
                assertThat(p.environments().staging().deployedVersion()).contains(v1);

                Gate gate = p.gates().awaitPending(v1, TIMEOUT);
                assertThat(p.environments().prod().deployedVersion()).isEmpty();
                gate.approve("composed: staging passed");
                p.environments().prod().awaitDeployed(v1, TIMEOUT);
                String answer = p.environments().prod().endpoint().invoke(ROW).strip();
                assertThat(Double.parseDouble(answer)).isBetween(1.0, 30.0);

                Execution deploy = p.pipelines().deploy().awaitLatest(TIMEOUT);
                assertThat(deploy.status()).isEqualTo(ExecutionStatus.Succeeded);
                assertThat(deploy.trigger()).contains("1").contains("Approved");
                assertThat(memory.calls()).containsKeys("registry.register", "registry.events",
                        "registry.updateApprovalStatus");
                String group = p.models().group();
                p.delete();
                assertThat(registry.version(group, 1)).as("deleted with the project").isEmpty();
            }
        }
    }

    @Test
    void memoryRegistry_withoutApprovalEvents_isRefusedBeforeAnythingIsMade() {
        try (InMemoryBackend memory = InMemoryBackend.builder().approvalEvents(false).build()) {
            assertThatThrownBy(() -> MlopsProjects.builder().name("no-route").registry(memory.registry().orElseThrow())
                    .backend(local).create())
                    .isInstanceOf(UnsupportedByBackendException.class)
                    .hasMessageContaining("needs a route for model approval events")
                    .hasMessageContaining("registry.approval-events")
                    .hasMessageContaining("local orchestrator with the memory registry");
            assertThat(local.projectStore().orElseThrow().find("no-route")).isEmpty();
            assertThat(memory.calls()).doesNotContainKeys("registry.register", "registry.events");
            assertThat(home.resolve("projects").resolve("no-route")).doesNotExist();
        }
    }

    @Test
    void memoryEndpointHost_withTheEmbeddedOrchestrator_isRefusedBeforeAnythingIsMade() {
        try (InMemoryBackend memory = InMemoryBackend.create()) {
            assertThatThrownBy(() -> MlopsProjects.builder().name("no-serving").endpoints(memory.endpoints().orElseThrow())
                    .backend(local).create())
                    .isInstanceOf(UnsupportedByBackendException.class)
                    .hasMessageContaining("endpoints.embedded-serving")
                    .hasMessageContaining("local orchestrator with the memory endpoint host");
            assertThat(local.projectStore().orElseThrow().find("no-serving")).isEmpty();
            assertThat(memory.totalCalls()).isZero();
        }
    }
}
