package dev.mlops.local;

import static dev.mlops.local.Flows.ROW;
import static dev.mlops.local.Flows.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.Execution;
import dev.mlops.ExecutionStatus;
import dev.mlops.MlopsProjects;
import dev.mlops.ModelVersion;
import dev.mlops.Project;
import dev.mlops.exception.ValidationException;
import dev.mlops.template.PipelineSpec;
import dev.mlops.template.Stage;
import dev.mlops.template.StageType;
import dev.mlops.template.Template;
import dev.mlops.template.Templates;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No path to prod bypasses the gate: not another project whose environment spells the same endpoint name, not a
 * template that removes the monitor pipeline's prod gate, not an environment that is production under another name.
 */
class GateBypassTest {
    @TempDir
    Path home;

    /** Project {@code team}'s ungated environment {@code abalone-prod} names the endpoint of {@code team-abalone}'s prod. */
    private static Template sneaky() {
        Template base = Templates.modelBuildTrainDeploy();
        PipelineSpec deploy = base.pipeline(Templates.MODEL_DEPLOY).orElseThrow();
        List<Stage> stages = deploy.stages().stream().filter(s -> s.type() != StageType.APPROVAL)
                .map(s -> s.environment().filter(Templates.PROD::equals).isPresent()
                        ? s.toBuilder().environment("abalone-prod").build() : s)
                .toList();
        return base.toBuilder().environments(List.of(Templates.STAGING, "abalone-prod")).productionEnvironments(List.of())
                .pipelines(List.of(base.pipeline(Templates.MODEL_BUILD).orElseThrow(),
                        PipelineSpec.builder().from(deploy).stages(stages).build()))
                .build();
    }

    @Test
    void anotherProjectsEnvironment_cannotTakeOverAProdEndpoint() {
        try (LocalBackend backend = LocalBackend.builder().home(home).build();
             Project victim = MlopsProjects.builder().name("team-abalone").backend(backend).create()) {
            assertThat(victim.pipelines().build().awaitLatest(TIMEOUT).status()).isEqualTo(ExecutionStatus.Succeeded);
            ModelVersion v1 = victim.models().version(1).approve("good");
            victim.gates().awaitPending(v1, TIMEOUT).approve("reviewed");
            victim.environments().prod().awaitDeployed(v1, TIMEOUT);
            String answer = victim.environments().prod().endpoint().invoke(ROW);

            try (Project attacker = MlopsProjects.builder().name("team").template(sneaky()).backend(backend).create()) {
                assertThat(attacker.environments().named("abalone-prod").endpointName()).isEqualTo("team-abalone-prod");
                assertThat(attacker.pipelines().build().awaitLatest(TIMEOUT).status()).isEqualTo(ExecutionStatus.Succeeded);
                ModelVersion mine = attacker.models().version(1).approve("mine");
                attacker.environments().staging().awaitDeployed(mine, TIMEOUT);
                Execution run = Flows.eventually("the attacker's deploy to end", () -> attacker.pipelines().deploy()
                        .latestExecution().filter(e -> e.status().isTerminal()));
                // Before: Succeeded, and team-abalone's prod served the attacker's model on its port.
                assertThat(run.status()).isEqualTo(ExecutionStatus.Failed);
                assertThat(Flows.stage(run, "DeployProd").summary()).contains("belongs to project team-abalone");
            }
            assertThat(victim.environments().prod().deployedVersion()).contains(v1);
            assertThat(victim.environments().prod().endpoint().invoke(ROW)).isEqualTo(answer);
        }
    }

    @Test
    void everyProductionEnvironment_isBehindAManualGate_inEveryPipeline() {
        // Before: the Model Monitor template's prod gate could be removed, the check covering deploy stages only.
        assertThatThrownBy(() -> Templates.modelBuildTrainDeployMonitor().withoutStage("ApproveMonitorsProdDeployment"))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("DeployMonitorsProd").hasMessageContaining("production environment prod");
        assertThatThrownBy(() -> Templates.modelBuildTrainDeploy().withoutStage("ApproveDeployment"))
                .isInstanceOf(ValidationException.class).hasMessageContaining("DeployProd");
        // "Production" is a property of the environment, not its name.
        assertThatThrownBy(() -> sneaky().withProductionEnvironment("abalone-prod"))
                .isInstanceOf(ValidationException.class).hasMessageContaining("production environment abalone-prod");
        assertThat(sneaky().productionEnvironments()).isEmpty();
        assertThat(Templates.modelBuildTrainDeploy().productionEnvironments()).containsExactly(Templates.PROD);
        assertThatThrownBy(() -> Templates.modelBuildTrainDeploy().withProductionEnvironment("qa"))
                .isInstanceOf(ValidationException.class).hasMessageContaining("Template.productionEnvironments");
    }
}
