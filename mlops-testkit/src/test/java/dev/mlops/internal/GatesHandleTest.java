package dev.mlops.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.Execution;
import dev.mlops.ExecutionStatus;
import dev.mlops.Gate;
import dev.mlops.GateStatus;
import dev.mlops.Gates;
import dev.mlops.ModelVersion;
import dev.mlops.exception.IllegalStateTransitionException;
import dev.mlops.exception.MlopsBackendException;
import dev.mlops.exception.NotFoundException;
import dev.mlops.exception.ValidationException;
import dev.mlops.spi.GateRef;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class GatesHandleTest {

    @Test
    void emptyListings_sayWhy() {
        try (MemoryFixture f = new MemoryFixture("nogates")) {
            Gates gates = f.project.gates();
            assertThat(gates).isInstanceOf(GatesHandle.class);
            assertThatThrownBy(() -> gates.pending().get(0)).isInstanceOf(NotFoundException.class)
                    .hasMessageContaining("awaitPending");
            assertThatThrownBy(() -> gates.all().get(0)).isInstanceOf(NotFoundException.class)
                    .hasMessageContaining("no execution has reached a gate yet");
        }
    }

    @Test
    void pendingGate_carriesItsExecutionAndVersion_andItsIdRoundTrips() {
        try (MemoryFixture f = new MemoryFixture("gate")) {
            ModelVersion v1 = f.built();
            Gate gate = f.inStaging(v1);
            Execution deploy = f.project.pipelines().deploy().latestExecution().orElseThrow();
            assertThat(gate.name()).isEqualTo("ApproveDeployment");
            assertThat(gate.pipeline()).isEqualTo("modeldeploy");
            assertThat(gate.executionId()).isEqualTo(deploy.id());
            assertThat(gate.message()).isEqualTo("Approve this model for Production");
            assertThat(gate.status()).isEqualTo(GateStatus.Pending);
            assertThat(gate.createdAt()).isNotNull();
            assertThat(gate.modelArn()).contains(v1.arn());
            assertThat(gate.modelVersion()).contains(v1);
            assertThat(gate.decision()).isEmpty();
            assertThat(GateRef.decode(gate.id()).kind()).isEqualTo("codepipeline");
            assertThat(gate.toString()).contains("ApproveDeployment").doesNotContain(GateRef.decode(gate.id()).field("token"));

            Gate same = f.project.gates().get(gate.id());
            assertThat(same.executionId()).isEqualTo(gate.executionId());
            assertThat(f.project.gates().pending()).extracting(Gate::id).containsExactly(gate.id());
            assertThat(f.project.gates().all()).extracting(Gate::id).containsExactly(gate.id());
            assertThatThrownBy(() -> f.project.gates().get("not a gate id")).isInstanceOf(ValidationException.class);
            assertThatThrownBy(() -> f.project.gates().get(" ")).isInstanceOf(ValidationException.class);
            String unknown = GateRef.codePipeline("p", "s", "a", "t").encode();
            assertThatThrownBy(() -> f.project.gates().get(unknown)).isInstanceOf(NotFoundException.class);
            String foreign = GateRef.jenkins("job", 1, "input").encode();
            assertThatThrownBy(() -> f.project.gates().get(foreign)).isInstanceOf(ValidationException.class)
                    .hasMessageContaining("jenkins");
        }
    }

    @Test
    void approve_isOnce_andLetsTheDeployReachProd() {
        try (MemoryFixture f = new MemoryFixture("approve", MemoryFixture.withoutBuildTrigger(), b -> b.identity("bob"))) {
            f.project.pipelines().build().start().await(MemoryFixture.WAIT);
            ModelVersion v1 = f.project.models().version(1);
            Gate gate = f.inStaging(v1);
            Gate approved = gate.approve("tests: staging passed");
            assertThat(approved.status()).isEqualTo(GateStatus.Approved);
            assertThat(approved.decision()).contains("bob: tests: staging passed");
            assertThat(gate.refresh().status()).isEqualTo(GateStatus.Approved);
            assertThatThrownBy(() -> gate.approve("again")).isInstanceOf(IllegalStateTransitionException.class)
                    .hasMessageContaining("decided only once");
            assertThatThrownBy(() -> gate.reject("too late")).isInstanceOf(IllegalStateTransitionException.class);
            f.project.environments().prod().awaitDeployed(v1, MemoryFixture.WAIT);
            assertThat(f.project.pipelines().deploy().awaitLatest(MemoryFixture.WAIT).status())
                    .isEqualTo(ExecutionStatus.Succeeded);
        }
    }

    @Test
    void reject_failsTheDeploy_andProdStaysEmpty() {
        try (MemoryFixture f = new MemoryFixture("reject")) {
            Gate gate = f.inStaging(f.built());
            Gate rejected = gate.reject(null);
            assertThat(rejected.status()).isEqualTo(GateStatus.Rejected);
            Execution deploy = f.project.pipelines().deploy().awaitLatest(MemoryFixture.WAIT);
            assertThat(deploy.status()).isEqualTo(ExecutionStatus.Failed);
            assertThat(f.project.environments().prod().deployedVersion()).isEmpty();
            assertThat(f.project.gates().pending()).isEmpty();
        }
    }

    @Test
    void awaitPending_forAVersion_skipsAnotherVersionsGate() {
        try (MemoryFixture f = new MemoryFixture("skip")) {
            ModelVersion v1 = f.built();
            Gate first = f.inStaging(v1);
            ModelVersion v2 = f.buildAgain();
            assertThat(v2.version()).isEqualTo(2);

            // v1's gate is pending, but it is not v2's: the wait for v2's gate times out
            assertThatThrownBy(() -> f.project.gates().awaitPending(v2, Duration.ofMinutes(1)))
                    .isInstanceOf(MlopsBackendException.class)
                    .hasMessageContaining("the pending gate of model version 2");
            assertThat(f.project.gates().pending()).extracting(Gate::id).containsExactly(first.id());
            assertThat(f.project.gates().awaitPending(Duration.ofMinutes(1)).id()).isEqualTo(first.id());

            // approving v2 runs the deploy again; its gate is v2's, and v1's expired with the run it held
            v2.approve("tests: better");
            Gate second = f.project.gates().awaitPending(v2, MemoryFixture.WAIT);
            assertThat(second.id()).isNotEqualTo(first.id());
            assertThat(second.modelArn()).contains(v2.arn());
            assertThat(first.refresh().status()).isEqualTo(GateStatus.Expired);
            assertThatThrownBy(() -> f.project.gates().awaitPending(null, MemoryFixture.WAIT))
                    .isInstanceOf(ValidationException.class);
        }
    }
}
