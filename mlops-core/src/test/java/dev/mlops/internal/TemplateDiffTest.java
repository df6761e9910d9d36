package dev.mlops.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.PlannedChange;
import dev.mlops.template.Stage;
import dev.mlops.template.Template;
import dev.mlops.template.Templates;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** A change of a stage's variables is a planned change of its pipeline that says which variable changed and how. */
class TemplateDiffTest {
    private static final Function<String, String> NAMES = role -> "sagemaker-abalone-p-1-" + role;

    @Test
    void aVariableAddedChangedOrRemoved_isAPlannedUpdateOfThePipeline() {
        Template base = Templates.modelBuildTrainDeploy()
                .withStageAfter("TestStaging", Stage.command("LoadTest", "./load.sh").variable("RATE", "10").build());
        Template changed = base.withoutStage("LoadTest").withStageAfter("TestStaging",
                Stage.command("LoadTest", "./load.sh").variable("RATE", "20").variable("HTTPS_PROXY", "http://proxy:3128").build());

        List<PlannedChange> changes = TemplateDiff.between(NAMES, base, changed);
        assertThat(changes).hasSize(1);
        PlannedChange c = changes.get(0);
        assertThat(c.action()).isEqualTo(PlannedChange.Action.UPDATE);
        assertThat(c.resource()).isEqualTo("pipeline");
        assertThat(c.name()).isEqualTo("sagemaker-abalone-p-1-modeldeploy");
        assertThat(c.detail()).isEqualTo("stage LoadTest changed: variable RATE '10' → '20', variable HTTPS_PROXY"
                + " (unset) → 'http://proxy:3128'");

        assertThat(TemplateDiff.between(NAMES, changed, base)).singleElement()
                .satisfies(x -> assertThat(x.detail()).contains("variable HTTPS_PROXY 'http://proxy:3128' → (unset)"));
        assertThat(TemplateDiff.between(NAMES, base, Templates.modelBuildTrainDeploy()
                .withStageAfter("TestStaging", Stage.command("LoadTest", "./load.sh").variable("RATE", "10").build())))
                .as("equal variables plan to nothing").isEmpty();

        Template stock = Templates.modelBuildTrainDeploy();
        assertThat(TemplateDiff.between(NAMES, stock, stock.withStageVariable("TestStaging", "NO_PROXY", "localhost")))
                .singleElement().satisfies(x -> assertThat(x.detail())
                        .isEqualTo("stage TestStaging changed: variable NO_PROXY (unset) → 'localhost'"));

        Template both = base.withoutStage("LoadTest").withStageAfter("TestStaging",
                Stage.command("LoadTest", "./load.sh", "--fast").variable("RATE", "30").build());
        assertThat(TemplateDiff.between(NAMES, base, both)).singleElement()
                .satisfies(x -> assertThat(x.detail()).isEqualTo("stage LoadTest changed: variable RATE '10' → '30', and"
                        + " other settings"));
    }
}
