package dev.mlops.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.ModelApprovalStatus;
import dev.mlops.ModelVersion;
import dev.mlops.exception.IllegalStateTransitionException;
import org.junit.jupiter.api.Test;

class ModelVersionHandleTest {

    @Test
    void metrics_areReadOnFirstUse_once() {
        try (MemoryFixture f = new MemoryFixture("lazy")) {
            f.built();
            f.memory.resetCalls();
            ModelVersion v1 = f.project.models().version(1);
            assertThat(v1).isInstanceOf(ModelVersionHandle.class);
            assertThat(f.memory.calls()).doesNotContainKey("registry.metrics");
            assertThat(v1.metrics()).containsKeys("mse", "rmse");
            assertThat(f.memory.calls()).containsEntry("registry.metrics", 1L);
            assertThat(v1.metrics()).containsKey("mse");
            assertThat(f.memory.calls()).as("the second read uses what the first read").containsEntry("registry.metrics", 1L);
            f.project.models().versions().forEach(v -> { });
            assertThat(f.memory.calls()).as("listing reads no metrics").containsEntry("registry.metrics", 1L);
        }
    }

    @Test
    void snapshot_carriesWhatTheBuildRegistered() {
        try (MemoryFixture f = new MemoryFixture("snapshot")) {
            ModelVersion v1 = f.built();
            assertThat(v1.group()).isEqualTo(f.project.models().group());
            assertThat(v1.version()).isEqualTo(1);
            assertThat(v1.status()).isEqualTo(ModelApprovalStatus.PendingManualApproval);
            assertThat(v1.lineage()).containsKeys("sourceCommit", "pipelineExecution");
            assertThat(v1.containers()).containsKey("model");
            assertThat(v1.containers().get("model")).startsWith("memory://artifacts/sha256/");
            assertThat(v1.createdAt()).isNotNull();
            assertThat(v1.decision()).isEmpty();
            assertThat(v1.history()).hasSize(1);
            assertThat(v1.toString()).contains("/1").contains("PendingManualApproval");
        }
    }

    @Test
    void approveAndReject_recordTheDecision_andRefuseTheStatusItHas() {
        try (MemoryFixture f = new MemoryFixture("decide", MemoryFixture.withoutBuildTrigger(), b -> b.identity("alice"))) {
            f.project.pipelines().build().start().await(MemoryFixture.WAIT);
            ModelVersion v1 = f.project.models().version(1);
            ModelVersion approved = v1.approve("looks good");
            assertThat(approved.status()).isEqualTo(ModelApprovalStatus.Approved);
            assertThat(approved.decision()).contains("alice: looks good");
            assertThat(approved.history()).hasSize(2);
            assertThat(approved).isEqualTo(v1).hasSameHashCodeAs(v1);
            assertThat(v1.status()).as("the old snapshot").isEqualTo(ModelApprovalStatus.PendingManualApproval);
            assertThat(v1.refresh().status()).isEqualTo(ModelApprovalStatus.Approved);
            assertThatThrownBy(() -> approved.approve("again")).isInstanceOf(IllegalStateTransitionException.class)
                    .hasMessageContaining("already Approved").hasMessageContaining("alice");
            ModelVersion rejected = approved.reject(null);
            assertThat(rejected.status()).isEqualTo(ModelApprovalStatus.Rejected);
            assertThat(rejected.decision()).contains("alice");
            assertThat(rejected.history()).hasSize(3);
        }
    }
}
