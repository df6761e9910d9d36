package dev.mlops.aws.pipelines;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.pipeline.Condition;
import dev.mlops.pipeline.ConditionStep;
import dev.mlops.pipeline.ExecutionVariable;
import dev.mlops.pipeline.Join;
import dev.mlops.pipeline.JsonGet;
import dev.mlops.pipeline.MlPipeline;
import dev.mlops.pipeline.Parameter;
import dev.mlops.pipeline.PipelineValue;
import dev.mlops.pipeline.ProcessingStep;
import dev.mlops.pipeline.PropertyFile;
import dev.mlops.pipeline.RegisterModelStep;
import dev.mlops.pipeline.TrainingStep;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every pipeline the tests render, and the step arguments of a rendered definition with its expressions replaced by
 * plain values, as SageMaker has resolved them when it calls the job's API.
 */
final class RenderedDefinitions {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RenderedDefinitions() {
    }

    /** {@return every pipeline rendered in tests, by name: the seed's, and one using every other feature} */
    static Map<String, String> all() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("abalone", PipelineDefinitionRendererTest.renderAbalone());
        out.put("everything", PipelineDefinitionRenderer.of(SeedPipelines.target("eu-west-1")).render(everything()));
        return out;
    }

    /** A pipeline with what the seed leaves out: own image, destinations, Joins, timeouts, else-steps, Float values. */
    static MlPipeline everything() {
        Parameter data = Parameter.string("Data", "s3://my-data/raw/");
        Parameter threshold = Parameter.floating("MaxMse", 6.5);
        Parameter rounds = Parameter.integer("Rounds", 80);
        Parameter volume = Parameter.integer("Volume", 50);
        ProcessingStep prep = ProcessingStep.builder("Prep").script("pipelines/x/Prep.java")
                .input("raw", data).outputs("train", "test")
                .output("model", Join.on("/", PipelineValue.literal("s3://my-models"), ExecutionVariable.PIPELINE_NAME,
                        ExecutionVariable.PIPELINE_EXECUTION_ID, PipelineValue.literal("preprocessor")))
                .arguments(PipelineValue.literal("--data"), data, PipelineValue.literal("--rounds"), rounds)
                .instanceType("ml.c5.2xlarge").instanceCount(2).volumeSizeGb(volume).timeout(Duration.ofMinutes(20))
                .build();
        TrainingStep train = TrainingStep.builder("Train").builtIn("xgboost", "1.5-1")
                .hyperparameter("num_round", rounds).hyperparameter("objective", "reg:squarederror")
                .channel("train", prep.output("train")).instanceCount(1).volumeSizeGb(40)
                .outputPath(Join.on("/", PipelineValue.literal("s3://my-models/training"), ExecutionVariable.START_DATE_TIME))
                .timeout(Duration.ofHours(2)).build();
        PropertyFile report = PropertyFile.of("Report", "evaluation", "evaluation.json");
        ProcessingStep eval = ProcessingStep.builder("Eval").script("pipelines/x/Eval.java")
                .image("763104351884.dkr.ecr.eu-west-1.amazonaws.com/my-evaluator:1.0", "python3", "/opt/program/evaluate.py")
                .input("model", train.modelArtifacts()).input("test", prep.output("test")).outputs("evaluation")
                .propertyFile(report).build();
        RegisterModelStep register = RegisterModelStep.builder("Register").container("xgboost", train.modelArtifacts())
                .container("preprocessor", prep.output("model")).metrics(eval.output("evaluation"), "evaluation.json")
                .approvalStatus("Approved").inferenceInstances("ml.m5.xlarge").build();
        ProcessingStep report2 = ProcessingStep.builder("Explain").script("pipelines/x/Explain.java")
                .input("evaluation", eval.output("evaluation")).outputs("notes").build();
        ConditionStep check = ConditionStep.builder("Check")
                .condition(Condition.of(Condition.Operator.LessThanOrEqualTo,
                        JsonGet.of(eval, report, "regression_metrics.mse.value"), threshold))
                .condition(Condition.greaterThan(JsonGet.of(eval, report, "regression_metrics.mse.value"), 0))
                .ifSteps(register).elseSteps(report2).build();
        return MlPipeline.builder("everything-p-1").parameters(data, threshold, rounds, volume)
                .steps(prep, train, eval, check).build();
    }

    /** A step's name, type and resolved arguments. */
    record StepArguments(String name, String type, ObjectNode arguments) {
    }

    /** {@return every step of a definition (condition branches included) with its arguments resolved} */
    static List<StepArguments> resolvedSteps(String definition) throws Exception {
        JsonNode root = JSON.readTree(definition);
        Map<String, JsonNode> defaults = new LinkedHashMap<>();
        root.path("Parameters").forEach(p -> defaults.put(p.path("Name").asText(), p.path("DefaultValue")));
        List<StepArguments> out = new ArrayList<>();
        collect(root.path("Steps"), defaults, out);
        return out;
    }

    private static void collect(JsonNode steps, Map<String, JsonNode> defaults, List<StepArguments> out) {
        for (JsonNode s : steps) {
            out.add(new StepArguments(s.path("Name").asText(), s.path("Type").asText(),
                    (ObjectNode) resolve(s.path("Arguments"), defaults)));
            collect(s.path("Arguments").path("IfSteps"), defaults, out);
            collect(s.path("Arguments").path("ElseSteps"), defaults, out);
        }
    }

    /**
     * Replaces {@code Get}, {@code Std:Join} and {@code Std:JsonGet} by what SageMaker would put there: a parameter's
     * default, an S3 URI for a step's S3 property, an id for an execution variable, a number for a JsonGet.
     */
    static JsonNode resolve(JsonNode node, Map<String, JsonNode> defaults) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (node.isObject() && node.size() == 1 && node.has("Get")) {
            String path = node.get("Get").asText();
            if (path.startsWith("Parameters.")) {
                return defaults.get(path.substring("Parameters.".length()));
            }
            if (path.startsWith("Execution.")) {
                return f.textNode("execution-" + path.substring("Execution.".length()).toLowerCase());
            }
            if (path.endsWith("S3Uri") || path.endsWith("S3ModelArtifacts")) {
                return f.textNode("s3://resolved-bucket/" + path.split("\\.")[1] + "/out");
            }
            return f.textNode("resolved-" + path);
        }
        if (node.isObject() && node.size() == 1 && node.has("Std:Join")) {
            List<String> parts = new ArrayList<>();
            node.get("Std:Join").get("Values").forEach(v -> parts.add(resolve(v, defaults).asText()));
            return f.textNode(String.join(node.get("Std:Join").get("On").asText(), parts));
        }
        if (node.isObject() && node.size() == 1 && node.has("Std:JsonGet")) {
            return f.numberNode(4.2);
        }
        if (node.isObject()) {
            ObjectNode out = f.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                out.set(e.getKey(), resolve(e.getValue(), defaults));
            }
            return out;
        }
        if (node.isArray()) {
            var out = f.arrayNode();
            node.forEach(v -> out.add(resolve(v, defaults)));
            return out;
        }
        return node;
    }
}
