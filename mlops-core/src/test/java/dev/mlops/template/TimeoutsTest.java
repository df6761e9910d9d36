package dev.mlops.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.exception.ValidationException;
import dev.mlops.pipeline.Parameter;
import dev.mlops.pipeline.ProcessingStep;
import dev.mlops.pipeline.TrainingStep;
import dev.mlops.spi.TemplateCodec;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Timeouts of pipeline steps and of test and command stages: validated, optional, and stored with the template. */
class TimeoutsTest {
    private static final Parameter DATA = Parameter.string("InputDataUrl", "data/abalone.csv");

    @Test
    void stepTimeouts_areOptionalAndMustBePositive() {
        ProcessingStep plain = ProcessingStep.builder("Prep").script("p/Prep.java").input("raw", DATA).outputs("train").build();
        assertThat(plain.timeout()).isEmpty();
        ProcessingStep timed = ProcessingStep.builder("Prep").script("p/Prep.java").input("raw", DATA).outputs("train")
                .timeout(Duration.ofSeconds(2)).build();
        assertThat(timed.timeout()).contains(Duration.ofSeconds(2));
        TrainingStep train = TrainingStep.builder("Train").channel("train", plain.output("train"))
                .timeout(Duration.ofMinutes(5)).build();
        assertThat(train.timeout()).contains(Duration.ofMinutes(5));
        assertThat(TrainingStep.builder("Train").channel("train", plain.output("train")).build().timeout()).isEmpty();

        for (Duration bad : new Duration[] {null, Duration.ZERO, Duration.ofSeconds(-1)}) {
            assertThatThrownBy(() -> ProcessingStep.builder("Prep").timeout(bad))
                    .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("ProcessingStep.timeout"))
                    .hasMessageContaining("positive");
            assertThatThrownBy(() -> TrainingStep.builder("Train").timeout(bad))
                    .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("TrainingStep.timeout"));
        }
    }

    @Test
    void stageTimeouts_onTestAndCommandStagesOnly_positive_andKeptByTheTemplateCodec() {
        Stage test = Stage.test("TestStaging").environment("staging").timeout(Duration.ofMinutes(3)).build();
        assertThat(test.timeout()).contains(Duration.ofMinutes(3));
        assertThat(Stage.command("Lint", "true").timeout(Duration.ofSeconds(30)).build().timeout()).contains(Duration.ofSeconds(30));
        assertThat(Stage.test("TestStaging").environment("staging").build().timeout()).isEmpty();

        assertThatThrownBy(() -> Stage.test("TestStaging").environment("staging").timeout(Duration.ZERO).build())
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("Stage.timeout"));
        assertThatThrownBy(() -> Stage.of("DeployProd", StageType.DEPLOY).environment("prod").timeout(Duration.ofMinutes(1)).build())
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("Stage.timeout"))
                .hasMessageContaining("TEST or COMMAND").hasMessageContaining("DeployProd");

        Template t = Templates.modelBuildTrainDeploy().withStageAfter("TestStaging", Stage.command("LoadTest", "./load.sh")
                .environment("staging").timeout(Duration.ofSeconds(90)).build());
        Template back = TemplateCodec.decode(TemplateCodec.encode(t));
        Stage load = back.pipeline(Templates.MODEL_DEPLOY).orElseThrow().stages().stream()
                .filter(s -> s.name().equals("LoadTest")).findFirst().orElseThrow();
        assertThat(load.timeout()).contains(Duration.ofSeconds(90));
        assertThat(back).isEqualTo(t);
    }
}
