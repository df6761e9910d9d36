package dev.mlops.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.exception.ValidationException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The DSL's renderable parts: the visitor, values in every field SageMaker takes a Get for, and the image table. */
class RenderableDslTest {
    private static final PipelineValue DATA = PipelineValue.literal("s3://b/raw");

    @Test
    void everyStepKind_reachesItsOwnVisitorMethod() {
        ProcessingStep p = ProcessingStep.builder("P").script("a/P.java").input("raw", DATA).outputs("out").build();
        TrainingStep t = TrainingStep.builder("T").channel("train", p.output("out")).build();
        RegisterModelStep r = RegisterModelStep.builder("R").container("xgboost", t.modelArtifacts()).build();
        ConditionStep c = ConditionStep.builder("C").condition(Condition.greaterThan(PipelineValue.literal(1L), 0))
                .ifSteps(r).build();
        List<String> seen = new ArrayList<>();
        StepVisitor<String> v = new StepVisitor<>() {
            @Override
            public String visitProcessing(ProcessingStep s) {
                return "processing " + s.name();
            }

            @Override
            public String visitTraining(TrainingStep s) {
                return "training " + s.name();
            }

            @Override
            public String visitCondition(ConditionStep s) {
                return "condition " + s.name();
            }

            @Override
            public String visitRegisterModel(RegisterModelStep s) {
                return "register " + s.name();
            }
        };
        for (Step s : List.<Step>of(p, t, c, r)) {
            seen.add(s.accept(v));
        }
        assertThat(seen).containsExactly("processing P", "training T", "condition C", "register R");
    }

    @Test
    void parametersWiredIntoInstanceFields_areReferencesThePipelineChecks() {
        Parameter type = Parameter.string("ProcessingInstanceType", "ml.m5.xlarge");
        Parameter count = Parameter.integer("ProcessingInstanceCount", 1);
        ProcessingStep p = ProcessingStep.builder("P").script("a/P.java").input("raw", DATA).outputs("out")
                .instanceType(type).instanceCount(count).arguments(PipelineValue.literal("--n"), count).build();
        assertThat(p.instanceType()).isSameAs(type);
        assertThat(p.references()).contains(type, count);
        assertThat(MlPipeline.builder("ok").parameters(type, count).steps(p).build().steps()).hasSize(1);
        assertThatThrownBy(() -> MlPipeline.builder("missing").parameters(count).steps(p).build())
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.getMessage()).contains("ProcessingInstanceType"));
    }

    @Test
    void aJoin_dependsOnTheStepsItReads() {
        ProcessingStep p = ProcessingStep.builder("P").script("a/P.java").input("raw", DATA).outputs("out").build();
        ProcessingStep q = ProcessingStep.builder("Q").script("a/Q.java")
                .input("in", DATA).outputs("out")
                .arguments(Join.on("/", p.output("out"), PipelineValue.literal("file.csv"))).build();
        assertThat(q.references()).contains(p.output("out"));
        // Q reads P's output through the Join, so a pipeline without P is refused.
        assertThatThrownBy(() -> MlPipeline.builder("x").steps(q).build()).isInstanceOf(ValidationException.class)
                .hasMessageContaining("P.out");
    }

    @Test
    void theSdkEntryPoint_runsTheScriptsClass_andACustomImageNeedsACommand() {
        ProcessingStep p = ProcessingStep.builder("P").script("pipelines/abalone/Preprocess.java").input("raw", DATA).build();
        assertThat(p.runsSdkImage()).isTrue();
        assertThat(p.entryPoint()).containsExactly("java", "-cp", "/opt/mlops/lib/*:/opt/ml/processing/input/code/*",
                "dev.mlops.container.ProcessingStepMain", "pipelines.abalone.Preprocess");
        ProcessingStep own = ProcessingStep.builder("P").script("a/P.java").image("1.dkr.ecr.x/y:1", "python3", "e.py").build();
        assertThat(own.entryPoint()).containsExactly("python3", "e.py");
        assertThatThrownBy(() -> ProcessingStep.builder("P").script("a/P.java").image("1.dkr.ecr.x/y:1"))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("ProcessingStep.entryPoint"));
        assertThatThrownBy(() -> ProcessingStep.builder("P").script("a/P.java").input("code", DATA).build())
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.getMessage()).contains("model-build code"));
        assertThatThrownBy(() -> ProcessingStep.builder("P").script("a/P.java").instanceCount(0))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("ProcessingStep.instanceCount"));
    }

    @Test
    void theImageTable_resolvesRegionalUris_andNamesWhatExistsOtherwise() {
        BuiltInImages t = BuiltInImages.published();
        assertThat(t.uri("xgboost", "1.7-1", "us-west-2")).isEqualTo("246618743249.dkr.ecr.us-west-2.amazonaws.com/sagemaker-xgboost:1.7-1");
        assertThat(t.uri("xgboost", "1.0-1", "eu-west-1")).isEqualTo("141502667606.dkr.ecr.eu-west-1.amazonaws.com/sagemaker-xgboost:1.0-1-cpu-py3");
        assertThat(t.uri("xgboost", "1.7-1", "cn-northwest-1")).endsWith(".dkr.ecr.cn-northwest-1.amazonaws.com.cn/sagemaker-xgboost:1.7-1");
        assertThat(t.uri("xgboost", "1.7-1", "us-isob-east-1")).contains(".sc2s.sgov.gov/");
        assertThat(t.versions("xgboost")).contains("1.0-1", "1.5-1", "1.7-1");
        assertThatThrownBy(() -> t.uri("xgboost", "1.7-1", "mars-north-1")).isInstanceOfSatisfying(ValidationException.class,
                e -> assertThat(e.getMessage()).contains("mars-north-1").contains("us-east-1"));
        assertThatThrownBy(() -> t.versions("lightgbm")).isInstanceOfSatisfying(ValidationException.class,
                e -> assertThat(e.getMessage()).contains("[xgboost]"));
        assertThat(TrainingStep.builder("T").builtIn("xgboost", "1.5-1").channel("train", DATA).build().version()).isEqualTo("1.5-1");
    }

    @Test
    void approvalStatusLiterals_areChecked() {
        assertThatThrownBy(() -> RegisterModelStep.builder("R").approvalStatus("Maybe"))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.getMessage()).contains("PendingManualApproval"));
        assertThat(RegisterModelStep.builder("R").approvalStatus("Approved").container("xgboost", DATA).build().approvalStatus())
                .isEqualTo(PipelineValue.literal("Approved"));
    }
}
