package dev.mlops.local.internal.child;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.exception.MlopsClientException;
import dev.mlops.pipeline.Condition;
import dev.mlops.pipeline.ConditionStep;
import dev.mlops.pipeline.ExecutionVariable;
import dev.mlops.pipeline.Join;
import dev.mlops.pipeline.JsonGet;
import dev.mlops.pipeline.PipelineValue;
import dev.mlops.pipeline.MlPipeline;
import dev.mlops.pipeline.Parameter;
import dev.mlops.pipeline.ProcessingStep;
import dev.mlops.pipeline.PropertyFile;
import dev.mlops.pipeline.RegisterModelStep;
import dev.mlops.pipeline.Step;
import dev.mlops.pipeline.StepOutput;
import dev.mlops.pipeline.TrainingStep;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pipeline a repository's factory builds in the child JVM reaches the leader whole, through one line of JSON. */
class PipelineCodecTest {

    private static MlPipeline everything() {
        Parameter count = Parameter.integer("ProcessingInstanceCount", 2);
        Parameter ratio = Parameter.floating("TestRatio", 0.15);
        Parameter status = Parameter.string("ModelApprovalStatus", "PendingManualApproval");
        Parameter data = Parameter.string("InputDataUrl", "data/abalone.csv");
        ProcessingStep prep = ProcessingStep.builder("Prep").script("pipelines/p/Prep.java").input("raw", data)
                .outputs("train", "validation").output("test", Join.on("/", PipelineValue.literal("s3://b"),
                        ExecutionVariable.PIPELINE_EXECUTION_ID, PipelineValue.literal("test")))
                .arguments("--ratio", "0.15").arguments(PipelineValue.literal("--count"), count).instanceType("ml.c5.xlarge")
                .instanceCount(count).volumeSizeGb(50).timeout(Duration.ofSeconds(90)).build();
        TrainingStep train = TrainingStep.builder("Train").builtIn("xgboost", "1.5-1").hyperparameter("num_round", "50")
                .hyperparameter("eta", ratio).instanceType(PipelineValue.literal("ml.m5.2xlarge"))
                .channel("train", prep.output("train")).channel("validation", prep.output("validation"))
                .timeout(Duration.ofMinutes(7)).build();
        PropertyFile report = PropertyFile.of("Report", "evaluation", "evaluation.json");
        ProcessingStep eval = ProcessingStep.builder("Eval").script("pipelines/p/Eval.java")
                .input("model", train.modelArtifacts()).input("test", prep.output("test")).outputs("evaluation")
                .propertyFile(report).build();
        RegisterModelStep register = RegisterModelStep.builder("Register").container("xgboost", train.modelArtifacts())
                .metrics(eval.output("evaluation"), "evaluation.json").approvalStatus(status).build();
        ProcessingStep alarm = ProcessingStep.builder("Alarm").script("pipelines/p/Alarm.java")
                .input("report", eval.output("evaluation")).build();
        ConditionStep check = ConditionStep.builder("Check")
                .condition(Condition.lessThanOrEqualTo(JsonGet.of(eval, report, "regression_metrics.mse.value"), 6.0))
                .condition(Condition.greaterThan(count, 0))
                .condition(Condition.of(Condition.Operator.LessThan, ratio, PipelineValue.literal(0.5)))
                .ifSteps(register).elseSteps(alarm).build();
        return MlPipeline.builder("everything").parameters(count, ratio, status, data).steps(prep, train, eval, check).build();
    }

    @Test
    void everyKindOfStepAndValue_survivesTheRoundTrip() throws Exception {
        MlPipeline original = everything();
        Map<String, Object> encoded = PipelineCodec.encode(original);
        MlPipeline back = PipelineCodec.decode(ChildJson.parse(ChildJson.write(encoded)));

        assertThat(PipelineCodec.encode(back)).isEqualTo(encoded);
        assertThat(back.name()).isEqualTo("everything");
        assertThat(back.parameters()).extracting(Parameter::name, Parameter::type, Parameter::defaultValue)
                .containsExactlyElementsOf(original.parameters().stream()
                        .map(p -> org.assertj.core.groups.Tuple.tuple(p.name(), p.type(), p.defaultValue())).toList());
        assertThat(back.allSteps().keySet()).containsExactlyElementsOf(original.allSteps().keySet());
        ProcessingStep prep = (ProcessingStep) back.allSteps().get("Prep");
        assertThat(prep.arguments()).extracting(String::valueOf).containsExactly("--ratio", "0.15", "--count",
                String.valueOf(back.parameters().get(0)));
        assertThat(prep.arguments().get(3)).isSameAs(back.parameters().get(0));
        assertThat(prep.timeout()).contains(Duration.ofSeconds(90));
        assertThat(prep.instanceType()).isEqualTo(PipelineValue.literal("ml.c5.xlarge"));
        assertThat(prep.instanceCount()).isSameAs(back.parameters().get(0));
        assertThat(prep.volumeSizeGb()).isEqualTo(PipelineValue.literal(50L));
        assertThat(prep.destinations().get("test")).isEqualTo(Join.on("/", PipelineValue.literal("s3://b"),
                ExecutionVariable.PIPELINE_EXECUTION_ID, PipelineValue.literal("test")));
        TrainingStep train = (TrainingStep) back.allSteps().get("Train");
        assertThat(train.timeout()).contains(Duration.ofMinutes(7));
        assertThat(train.version()).isEqualTo("1.5-1");
        assertThat(train.hyperparameters()).containsExactly(Map.entry("num_round", PipelineValue.literal("50")),
                Map.entry("eta", back.parameters().get(1)));
        assertThat(train.channels().get("train")).isEqualTo(((ProcessingStep) original.allSteps().get("Prep")).output("train"));
        RegisterModelStep register = (RegisterModelStep) back.allSteps().get("Register");
        assertThat(register.metricsFile()).isEqualTo("evaluation.json");
        assertThat(register.metrics()).isInstanceOf(StepOutput.class).hasToString("Eval.evaluation");
        assertThat(register.approvalStatus()).isSameAs(back.parameters().get(2));
        ConditionStep check = (ConditionStep) back.allSteps().get("Check");
        assertThat(check.conditions()).hasSize(3);
        JsonGet left = (JsonGet) check.conditions().get(0).left();
        assertThat(left.step()).isEqualTo("Eval");
        assertThat(left.jsonPath()).isEqualTo("regression_metrics.mse.value");
        assertThat(left.propertyFile().path()).isEqualTo("evaluation.json");
        assertThat(check.conditions().get(0).operator()).isEqualTo(Condition.Operator.LessThanOrEqualTo);
        assertThat(check.conditions().get(1).right()).isEqualTo(PipelineValue.literal(0.0));
        assertThat(check.conditions().get(2).right()).isEqualTo(PipelineValue.literal(0.5));
        assertThat(check.ifSteps()).extracting(Step::name).containsExactly("Register");
        assertThat(check.elseSteps()).extracting(Step::name).containsExactly("Alarm");
    }

    @Test
    void somethingTheBackendCannotRun_isRefusedNamingIt() {
        Map<String, Object> encoded = PipelineCodec.encode(everything());
        @SuppressWarnings("unchecked")
        List<Object> steps = (List<Object>) encoded.get("steps");
        steps.add(Map.of("name", "Custom", "type", "unsupported:Lambda (com.acme.LambdaStep)"));
        assertThatThrownBy(() -> PipelineCodec.decode(encoded)).isInstanceOf(MlopsClientException.class)
                .hasMessageContaining("Custom").hasMessageContaining("Lambda");

    }
}
