package dev.mlops.aws.pipelines;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.mlops.exception.UnsupportedByBackendException;
import dev.mlops.pipeline.Condition;
import dev.mlops.pipeline.ConditionStep;
import dev.mlops.pipeline.JsonGet;
import dev.mlops.pipeline.MlPipeline;
import dev.mlops.pipeline.Parameter;
import dev.mlops.pipeline.PipelineValue;
import dev.mlops.pipeline.ProcessingStep;
import dev.mlops.pipeline.PropertyFile;
import dev.mlops.pipeline.RegisterModelStep;
import dev.mlops.pipeline.Step;
import dev.mlops.pipeline.StepOutput;
import dev.mlops.pipeline.TrainingStep;
import java.util.Map;

/**
 * Renders an ML pipeline to a SageMaker Pipelines definition (schema version {@code 2020-12-01}) for a target.
 * Processing steps run their Java class from the code jar in the SDK image; training steps use the built-in
 * algorithm's regional image; parameters, step properties and property files become {@code Get} and
 * {@code Std:JsonGet} references.
 *
 * <p>This is the build stage's minimal renderer; the renderable DSL (images, entry points, versions) replaces it.
 */
public final class PipelineDefinitionRenderer {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** Regional registry accounts of the built-in XGBoost image (AWS's "Docker Registry Paths" table). */
    private static final Map<String, String> XGBOOST_ACCOUNTS = Map.of("us-east-1", "683313688378",
            "us-east-2", "257758044811", "us-west-1", "746614075791", "us-west-2", "246618743249",
            "eu-west-1", "141502667606", "eu-central-1", "492215442770");
    private static final String XGBOOST_VERSION = "1.7-1";

    private final PipelineTarget target;

    private PipelineDefinitionRenderer(PipelineTarget target) {
        this.target = target;
    }

    /**
     * A renderer for a target.
     *
     * @param target where the pipeline runs
     * @return the renderer
     */
    public static PipelineDefinitionRenderer of(PipelineTarget target) {
        return new PipelineDefinitionRenderer(java.util.Objects.requireNonNull(target, "target"));
    }

    /**
     * Renders a pipeline.
     *
     * @param pipeline the pipeline
     * @return the SageMaker pipeline definition, JSON
     * @throws UnsupportedByBackendException if a step cannot run on SageMaker in this region
     */
    public String render(MlPipeline pipeline) {
        ObjectNode root = JSON.createObjectNode().put("Version", "2020-12-01");
        root.putObject("Metadata");
        ArrayNode params = root.putArray("Parameters");
        for (Parameter p : pipeline.parameters()) {
            ObjectNode n = params.addObject().put("Name", p.name());
            switch (p.type()) {
                case Integer -> n.put("Type", "Integer").put("DefaultValue", java.lang.Long.parseLong(p.defaultValue()));
                case Float -> n.put("Type", "Float").put("DefaultValue", java.lang.Double.parseDouble(p.defaultValue()));
                default -> n.put("Type", "String").put("DefaultValue", p.defaultValue());
            }
        }
        ObjectNode experiment = root.putObject("PipelineExperimentConfig");
        experiment.putObject("ExperimentName").put("Get", "Execution.PipelineName");
        experiment.putObject("TrialName").put("Get", "Execution.PipelineExecutionId");
        ArrayNode steps = root.putArray("Steps");
        for (Step s : pipeline.steps()) {
            steps.add(step(s));
        }
        try {
            return JSON.writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a tree of plain nodes always writes", e);
        }
    }

    private ObjectNode step(Step s) {
        if (s instanceof ProcessingStep p) {
            return processing(p);
        }
        if (s instanceof TrainingStep t) {
            return training(t);
        }
        if (s instanceof ConditionStep c) {
            return condition(c);
        }
        if (s instanceof RegisterModelStep r) {
            return register(r);
        }
        throw new UnsupportedByBackendException("aws", "render a " + s.type() + " step to a SageMaker pipeline",
                "use Processing, Training, Condition or RegisterModel steps");
    }

    private ObjectNode processing(ProcessingStep p) {
        ObjectNode n = JSON.createObjectNode().put("Name", p.name()).put("Type", "Processing");
        ObjectNode args = n.putObject("Arguments");
        ObjectNode cluster = args.putObject("ProcessingResources").putObject("ClusterConfig");
        cluster.set("InstanceType", TextNode.valueOf(p.instanceType()));
        cluster.put("InstanceCount", 1).put("VolumeSizeInGB", 30);
        ObjectNode app = args.putObject("AppSpecification").put("ImageUri", target.sdkImageUri());
        String script = p.script();
        String className = script.substring(0, script.length() - ".java".length()).replace('/', '.');
        app.putArray("ContainerEntrypoint").add("java").add("-cp").add("/opt/ml/processing/input/code/*:/app/libs/*")
                .add("dev.mlops.container.ProcessingStepMain").add(className);
        if (!p.arguments().isEmpty()) {
            ArrayNode a = app.putArray("ContainerArguments");
            p.arguments().forEach(a::add);
        }
        ArrayNode inputs = args.putArray("ProcessingInputs");
        inputs.add(input("code", TextNode.valueOf(target.codeUri()), "/opt/ml/processing/input/code"));
        p.inputs().forEach((name, value) -> inputs.add(input(name, value(value), "/opt/ml/processing/input/" + name)));
        ArrayNode outputs = args.putObject("ProcessingOutputConfig").putArray("Outputs");
        for (String o : p.outputs()) {
            ObjectNode out = outputs.addObject().put("OutputName", o).put("AppManaged", false);
            out.putObject("S3Output").put("S3Uri", "s3://" + target.defaultBucket() + "/" + target.baseJobPrefix() + "/"
                    + p.name() + "/" + o).put("LocalPath", "/opt/ml/processing/output/" + o).put("S3UploadMode", "EndOfJob");
        }
        args.put("RoleArn", target.roleArn());
        p.timeout().ifPresent(t -> args.putObject("StoppingCondition").put("MaxRuntimeInSeconds", t.toSeconds()));
        if (!p.propertyFiles().isEmpty()) {
            ArrayNode files = n.putArray("PropertyFiles");
            for (PropertyFile f : p.propertyFiles()) {
                files.addObject().put("PropertyFileName", f.name()).put("OutputName", f.outputName())
                        .put("FilePath", f.path());
            }
        }
        return n;
    }

    private static ObjectNode input(String name, JsonNode uri, String local) {
        ObjectNode in = JSON.createObjectNode().put("InputName", name).put("AppManaged", false);
        ObjectNode s3 = in.putObject("S3Input");
        s3.set("S3Uri", uri);
        s3.put("LocalPath", local).put("S3DataType", "S3Prefix").put("S3InputMode", "File")
                .put("S3DataDistributionType", "FullyReplicated");
        return in;
    }

    private ObjectNode training(TrainingStep t) {
        String account = XGBOOST_ACCOUNTS.get(target.region());
        if (account == null) {
            throw new UnsupportedByBackendException("aws", "find the built-in XGBoost image in region " + target.region(),
                    "use one of the regions " + new java.util.TreeSet<>(XGBOOST_ACCOUNTS.keySet()));
        }
        ObjectNode n = JSON.createObjectNode().put("Name", t.name()).put("Type", "Training");
        ObjectNode args = n.putObject("Arguments");
        args.putObject("AlgorithmSpecification").put("TrainingImage", account + ".dkr.ecr." + target.region()
                + ".amazonaws.com/sagemaker-xgboost:" + XGBOOST_VERSION).put("TrainingInputMode", "File");
        args.putObject("OutputDataConfig").put("S3OutputPath", "s3://" + target.defaultBucket() + "/"
                + target.baseJobPrefix() + "/" + t.name());
        args.putObject("StoppingCondition").put("MaxRuntimeInSeconds", t.timeout().map(d -> d.toSeconds()).orElse(86400L));
        ObjectNode resources = args.putObject("ResourceConfig").put("InstanceCount", 1);
        resources.set("InstanceType", TextNode.valueOf(t.instanceType()));
        resources.put("VolumeSizeInGB", 30);
        args.put("RoleArn", target.roleArn());
        ObjectNode hp = args.putObject("HyperParameters");
        t.hyperparameters().forEach(hp::put);
        ArrayNode channels = args.putArray("InputDataConfig");
        t.channels().forEach((name, value) -> {
            ObjectNode c = channels.addObject().put("ChannelName", name).put("ContentType", "text/csv");
            ObjectNode s3 = c.putObject("DataSource").putObject("S3DataSource").put("S3DataType", "S3Prefix");
            s3.set("S3Uri", value(value));
            s3.put("S3DataDistributionType", "FullyReplicated");
        });
        return n;
    }

    private ObjectNode condition(ConditionStep c) {
        ObjectNode n = JSON.createObjectNode().put("Name", c.name()).put("Type", "Condition");
        ObjectNode args = n.putObject("Arguments");
        ArrayNode conditions = args.putArray("Conditions");
        for (Condition k : c.conditions()) {
            ObjectNode cond = conditions.addObject().put("Type", k.operator().name());
            cond.set("LeftValue", value(k.left()));
            cond.put("RightValue", k.right());
        }
        ArrayNode ifSteps = args.putArray("IfSteps");
        c.ifSteps().forEach(s -> ifSteps.add(step(s)));
        ArrayNode elseSteps = args.putArray("ElseSteps");
        c.elseSteps().forEach(s -> elseSteps.add(step(s)));
        return n;
    }

    private ObjectNode register(RegisterModelStep r) {
        String account = XGBOOST_ACCOUNTS.get(target.region());
        ObjectNode n = JSON.createObjectNode().put("Name", r.name()).put("Type", "RegisterModel");
        ObjectNode args = n.putObject("Arguments").put("ModelPackageGroupName", target.modelPackageGroupName());
        ObjectNode spec = args.putObject("InferenceSpecification");
        ArrayNode containers = spec.putArray("Containers");
        r.containers().forEach((kind, artifacts) -> {
            ObjectNode c = containers.addObject();
            c.put("Image", "xgboost".equals(kind) && account != null ? account + ".dkr.ecr." + target.region()
                    + ".amazonaws.com/sagemaker-xgboost:" + XGBOOST_VERSION : target.sdkImageUri());
            c.set("ModelDataUrl", value(artifacts));
        });
        ArrayNode content = spec.putArray("SupportedContentTypes");
        r.contentTypes().forEach(content::add);
        ArrayNode response = spec.putArray("SupportedResponseMIMETypes");
        r.responseTypes().forEach(response::add);
        ArrayNode instances = spec.putArray("SupportedRealtimeInferenceInstanceTypes");
        r.inferenceInstances().forEach(instances::add);
        args.set("ModelApprovalStatus", value(r.approvalStatus()));
        if (r.metrics() != null) {
            ObjectNode stats = args.putObject("ModelMetrics").putObject("ModelQuality").putObject("Statistics")
                    .put("ContentType", "application/json");
            ObjectNode uri = stats.putObject("S3Uri");
            ArrayNode join = uri.putObject("Std:Join").put("On", "/").putArray("Values");
            join.add(value(r.metrics())).add(r.metricsFile());
        }
        return n;
    }

    /** A value where SageMaker accepts {@code Get}: a parameter, a step output's S3 URI, or a property file's field. */
    private JsonNode value(PipelineValue v) {
        if (v instanceof Parameter p) {
            return JSON.createObjectNode().put("Get", "Parameters." + p.name());
        }
        if (v instanceof StepOutput o) {
            if (TrainingStep.MODEL_ARTIFACTS.equals(o.output())) {
                return JSON.createObjectNode().put("Get", "Steps." + o.step() + ".ModelArtifacts.S3ModelArtifacts");
            }
            return JSON.createObjectNode().put("Get", "Steps." + o.step() + ".ProcessingOutputConfig.Outputs['"
                    + o.output() + "'].S3Output.S3Uri");
        }
        if (v instanceof JsonGet g) {
            ObjectNode n = JSON.createObjectNode();
            n.putObject("Std:JsonGet").put("PropertyFile", g.propertyFile().name()).put("Path", g.jsonPath())
                    .putObject("PropertyFileStep").put("Get", "Steps." + g.step());
            return n;
        }
        if (v instanceof PipelineValue.Literal l) {
            return TextNode.valueOf(l.value());
        }
        throw new UnsupportedByBackendException("aws", "render the pipeline value " + v,
                "use a Parameter, a step's output, a JsonGet or a literal");
    }
}
