package dev.mlops.local;

import static dev.mlops.local.Flows.ROW;
import static dev.mlops.local.Flows.TIMEOUT;
import static dev.mlops.local.Flows.describe;
import static dev.mlops.local.Flows.stage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.Environment;
import dev.mlops.Execution;
import dev.mlops.ExecutionStatus;
import dev.mlops.Gate;
import dev.mlops.MlopsProjects;
import dev.mlops.ModelVersion;
import dev.mlops.Project;
import dev.mlops.exception.IllegalStateTransitionException;
import dev.mlops.exception.MlopsClientException;
import dev.mlops.exception.NotFoundException;
import dev.mlops.template.ApprovalGate;
import dev.mlops.template.Template;
import dev.mlops.template.Templates;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ApproveDeployment gate between staging and prod, customized to one approver. */
class GateTest {
    @TempDir
    Path home;

    private static final Template ONLY_BOB_APPROVES = Templates.modelBuildTrainDeploy()
            .withApprovalGate(ApprovalGate.manual("ApproveDeployment").approvers("bob").build());

    @Test
    void gate_keepsProdEmptyWhilePending_refusesOtherUsers_andRejectionFailsTheRunLeavingProdAsItWas() {
        // Each identity is a backend configured with it: decisions are made under the component's identity.
        try (LocalBackend asAlice = LocalBackend.builder().home(home).user("alice").build();
             LocalBackend asBob = LocalBackend.builder().home(home).user("bob").build();
             Project alice = MlopsProjects.builder().name("gated").template(ONLY_BOB_APPROVES).backend(asAlice).create();
             Project bob = MlopsProjects.open("gated", asBob)) {
            Environment prod = alice.environments().prod();
            assertThat(alice.pipelines().build().awaitLatest(TIMEOUT).status()).isEqualTo(ExecutionStatus.Succeeded);
            ModelVersion v1 = alice.models().version(1).approve("alice: MSE is fine");
            alice.environments().staging().awaitDeployed(v1, TIMEOUT);

            // While ApproveDeployment is pending, prod has nothing.
            Gate gate = alice.gates().awaitPending(TIMEOUT);
            assertThat(gate.name()).isEqualTo("ApproveDeployment");
            assertThat(prod.deployedVersion()).isEmpty();
            assertThatThrownBy(prod::endpoint).isInstanceOf(NotFoundException.class).hasMessageContaining("gated-prod");

            // Only bob may decide.
            assertThatThrownBy(() -> gate.approve("I am not bob"))
                    .isInstanceOf(MlopsClientException.class)
                    .hasMessageContaining("alice").hasMessageContaining("ApproveDeployment").hasMessageContaining("bob");
            assertThat(alice.gates().pending()).extracting(Gate::id).containsExactly(gate.id());

            // Rejecting fails the run; prod stays empty; the gate cannot be decided again.
            Gate rejected = bob.gates().pending().get(0).reject("staging latency too high");
            assertThat(rejected.status()).isEqualTo(dev.mlops.GateStatus.Rejected);
            assertThat(rejected.decision()).contains("bob: staging latency too high");
            Execution failed = alice.pipelines().deploy().executions().stream()
                    .filter(e -> e.id().equals(gate.executionId())).findFirst().orElseThrow().await(TIMEOUT);
            assertThat(failed.status()).as(describe(failed)).isEqualTo(ExecutionStatus.Failed);
            assertThat(stage(failed, "ApproveDeployment").summary()).contains("rejected by bob").contains("staging latency too high");
            assertThat(stage(failed, "DeployProd").status()).isEqualTo(ExecutionStatus.Skipped);
            assertThat(prod.deployedVersion()).isEmpty();
            assertThatThrownBy(() -> bob.gates().all().get(0).approve("changed my mind"))
                    .isInstanceOf(IllegalStateTransitionException.class)
                    .hasMessageContaining("Rejected").hasMessageContaining("only once");

            // Put v1 in prod, then reject v2's promotion: prod keeps serving v1.
            bob.pipelines().deploy().start();
            bob.gates().awaitPending(TIMEOUT).approve("second look: fine");
            prod.awaitDeployed(v1, TIMEOUT);
            String v1Answer = prod.endpoint().invoke(ROW);

            Execution second = alice.pipelines().build().start().await(TIMEOUT);
            assertThat(second.status()).as(describe(second)).isEqualTo(ExecutionStatus.Succeeded);
            ModelVersion v2 = alice.models().version(2).approve("alice: retrained");
            alice.environments().staging().awaitDeployed(v2, TIMEOUT);
            Gate promoteV2 = bob.gates().awaitPending(TIMEOUT);
            promoteV2.reject("keep v1 in prod");
            Execution rejectedRun = bob.pipelines().deploy().executions().stream()
                    .filter(e -> e.id().equals(promoteV2.executionId())).findFirst().orElseThrow().await(TIMEOUT);
            assertThat(rejectedRun.status()).isEqualTo(ExecutionStatus.Failed);
            assertThat(prod.deployedVersion()).contains(v1);
            assertThat(prod.endpoint().invoke(ROW)).isEqualTo(v1Answer);
        }
    }
}
