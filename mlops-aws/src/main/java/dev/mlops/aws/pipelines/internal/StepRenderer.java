package dev.mlops.aws.pipelines.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.aws.pipelines.PipelineTarget;
import dev.mlops.aws.pipelines.internal.Expressions.Kind;
import dev.mlops.exception.ValidationException;
import dev.mlops.pipeline.BuiltInImages;
import dev.mlops.pipeline.Condition;
import dev.mlops.pipeline.ConditionStep;
import dev.mlops.pipeline.MlPipeline;
import dev.mlops.pipeline.Parameter;
import dev.mlops.pipeline.PipelineValue;
import dev.mlops.pipeline.ProcessingStep;
import dev.mlops.pipeline.PropertyFile;
import dev.mlops.pipeline.RegisterModelStep;
import dev.mlops.pipeline.Step;
import dev.mlops.pipeline.StepOutput;
import dev.mlops.pipeline.StepVisitor;
import dev.mlops.pipeline.TrainingStep;
import java.util.List;
import java.util.Map;

/**
 * Renders one step as SageMaker Pipelines' definition holds it: {@code Name}, {@code Type} and {@code Arguments}, the
 * arguments being the request of the API the step calls without the job's name ({@code CreateProcessingJob},
 * {@code CreateTrainingJob}, {@code CreateModelPackage}), as the SageMaker Python SDK writes them.
 */
public final class StepRenderer implements StepVisitor<ObjectNode> {
    /** The container kind the SDK's own image serves: the seed's fitted feature transform. */
    static final String PREPROCESSOR = "preprocessor";
    /** The SageMaker Python SDK's default for a training job's {@code MaxRuntimeInSeconds}: one day. */
    static final long DEFAULT_MAX_RUNTIME_SECONDS = 24 * 60 * 60;

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final java.util.regex.Pattern ENV_NAME = java.util.regex.Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]{0,255}");

    private final MlPipeline pipeline;
    private final PipelineTarget target;
    private final Map<String, Step> steps;
    private final Expressions expr;

    /**
     * Makes a renderer for a pipeline's steps.
     *
     * @param pipeline the pipeline
     * @param target where it runs
     */
    public StepRenderer(MlPipeline pipeline, PipelineTarget target) {
        this.pipeline = pipeline;
        this.target = target;
        this.steps = pipeline.allSteps();
        this.expr = new Expressions(steps);
    }

    private static ObjectNode step(Step s) {
        ObjectNode n = JSON.objectNode();
        n.put("Name", s.name());
        n.put("Type", s.type());
        return n;
    }

    private String field(Step s, String name) {
        return s.getClass().getSimpleName() + "." + s.name() + "." + name;
    }

    @Override
    public ObjectNode visitProcessing(ProcessingStep p) {
        ObjectNode n = step(p);
        ObjectNode args = n.putObject("Arguments");
        ObjectNode cluster = args.putObject("ProcessingResources").putObject("ClusterConfig");
        cluster.set("InstanceType", expr.render(p.instanceType(), Kind.STRING, field(p, "instanceType")));
        cluster.set("InstanceCount", expr.render(p.instanceCount(), Kind.INTEGER, field(p, "instanceCount")));
        cluster.set("VolumeSizeInGB", expr.render(p.volumeSizeGb(), Kind.INTEGER, field(p, "volumeSizeGb")));
        ObjectNode app = args.putObject("AppSpecification");
        app.put("ImageUri", p.image().orElse(target.sdkImageUri()));
        ArrayNode entry = app.putArray("ContainerEntrypoint");
        p.entryPoint().forEach(entry::add);
        if (!p.arguments().isEmpty()) {
            ArrayNode a = app.putArray("ContainerArguments");
            for (int i = 0; i < p.arguments().size(); i++) {
                a.add(expr.render(p.arguments().get(i), Kind.STRING, field(p, "arguments[" + i + "]")));
            }
        }
        args.put("RoleArn", target.roleArn());
        ArrayNode inputs = args.putArray("ProcessingInputs");
        p.inputs().forEach((name, value) -> inputs.add(processingInput(name, s3Input(p, name, value))));
        if (p.runsSdkImage()) {
            inputs.add(processingInput(ProcessingStep.CODE_INPUT, JSON.textNode(target.codeUri())));
        }
        if (!p.outputs().isEmpty()) {
            ArrayNode outputs = args.putObject("ProcessingOutputConfig").putArray("Outputs");
            for (String o : p.outputs()) {
                ObjectNode out = outputs.addObject();
                out.put("OutputName", o);
                out.put("AppManaged", false);
                ObjectNode s3 = out.putObject("S3Output");
                PipelineValue dest = p.destinations().get(o);
                s3.set("S3Uri", dest != null ? expr.render(dest, Kind.STRING, field(p, "destination." + o)) : defaultDestination(p, o));
                s3.put("LocalPath", ProcessingStep.PROCESSING_ROOT + "/" + o);
                s3.put("S3UploadMode", "EndOfJob");
            }
        }
        if (p.runsSdkImage()) {
            ObjectNode env = args.putObject("Environment");
            // As on the embedded backend, the script sees the pipeline's parameters in its environment (those whose
            // names are environment variable names).
            for (Parameter par : pipeline.parameters()) {
                if (ENV_NAME.matcher(par.name()).matches()) {
                    env.set(par.name(), expr.render(par, Kind.STRING, field(p, "environment." + par.name())));
                }
            }
            env.put("MLOPS_PROCESSING_OUTPUTS", String.join(",", p.outputs()));
        }
        p.timeout().ifPresent(t -> args.putObject("StoppingCondition").put("MaxRuntimeInSeconds", Math.max(1, t.toSeconds())));
        if (!p.propertyFiles().isEmpty()) {
            ArrayNode files = n.putArray("PropertyFiles");
            for (PropertyFile f : p.propertyFiles()) {
                files.addObject().put("PropertyFileName", f.name()).put("OutputName", f.outputName()).put("FilePath", f.path());
            }
        }
        return n;
    }

    /** Where the SageMaker Python SDK puts an output of a pipeline's processing step when none is given. */
    private JsonNode defaultDestination(ProcessingStep p, String output) {
        return Expressions.join("/", JSON.textNode("s3:/"), JSON.textNode(target.defaultBucket()),
                JSON.textNode(pipeline.name()), Expressions.get("Execution.PipelineExecutionId"), JSON.textNode(p.name()),
                JSON.textNode("output"), JSON.textNode(output));
    }

    /** An input's S3 URI; a literal or parameter default that is no S3 URI cannot reach a job. */
    private JsonNode s3Input(Step s, String name, PipelineValue value) {
        String text = value instanceof PipelineValue.Literal l ? l.value()
                : value instanceof Parameter par ? par.defaultValue() : null;
        if (text != null && !text.startsWith("s3://")) {
            throw new ValidationException(field(s, "input." + name), text, "an s3:// URI (a repository path or file: URL"
                    + " reaches the embedded backend only; pass the S3 location, e.g. as the parameter's default when"
                    + " PipelineSettings.region() is set)");
        }
        return expr.render(value, Kind.STRING, field(s, "input." + name));
    }

    private static ObjectNode processingInput(String name, JsonNode s3Uri) {
        ObjectNode in = JSON.objectNode();
        in.put("InputName", name);
        in.put("AppManaged", false);
        ObjectNode s3 = in.putObject("S3Input");
        s3.set("S3Uri", s3Uri);
        s3.put("LocalPath", ProcessingStep.PROCESSING_ROOT + "/input/" + name);
        s3.put("S3DataType", "S3Prefix");
        s3.put("S3InputMode", "File");
        s3.put("S3DataDistributionType", "FullyReplicated");
        return in;
    }

    @Override
    public ObjectNode visitTraining(TrainingStep t) {
        ObjectNode n = step(t);
        ObjectNode args = n.putObject("Arguments");
        ObjectNode algorithm = args.putObject("AlgorithmSpecification");
        algorithm.put("TrainingImage", BuiltInImages.published().uri(t.algorithm(), t.version(), target.region()));
        algorithm.put("TrainingInputMode", "File");
        args.putObject("OutputDataConfig").set("S3OutputPath", t.outputPath()
                .map(o -> expr.render(o, Kind.STRING, field(t, "outputPath")))
                .orElse(JSON.textNode("s3://" + target.defaultBucket() + "/" + target.baseJobPrefix() + "/" + t.name())));
        args.putObject("StoppingCondition").put("MaxRuntimeInSeconds",
                t.timeout().map(d -> Math.max(1, d.toSeconds())).orElse(DEFAULT_MAX_RUNTIME_SECONDS));
        ObjectNode resources = args.putObject("ResourceConfig");
        resources.set("VolumeSizeInGB", expr.render(t.volumeSizeGb(), Kind.INTEGER, field(t, "volumeSizeGb")));
        resources.set("InstanceCount", expr.render(t.instanceCount(), Kind.INTEGER, field(t, "instanceCount")));
        resources.set("InstanceType", expr.render(t.instanceType(), Kind.STRING, field(t, "instanceType")));
        args.put("RoleArn", target.roleArn());
        ArrayNode channels = args.putArray("InputDataConfig");
        t.channels().forEach((name, value) -> {
            ObjectNode ch = channels.addObject();
            ObjectNode s3 = ch.putObject("DataSource").putObject("S3DataSource");
            s3.put("S3DataType", "S3Prefix");
            s3.set("S3Uri", s3Input(t, name, value));
            s3.put("S3DataDistributionType", "FullyReplicated");
            ch.put("ContentType", t.contentType());
            ch.put("ChannelName", name);
        });
        ObjectNode hp = args.putObject("HyperParameters");
        t.hyperparameters().forEach((k, v) -> hp.set(k, expr.render(v, Kind.STRING, field(t, "hyperparameter." + k))));
        return n;
    }

    @Override
    public ObjectNode visitCondition(ConditionStep c) {
        ObjectNode n = step(c);
        ObjectNode args = n.putObject("Arguments");
        ArrayNode conditions = args.putArray("Conditions");
        for (Condition x : c.conditions()) {
            ObjectNode cn = conditions.addObject();
            cn.put("Type", x.operator().name());
            cn.set("LeftValue", operand(x.left(), field(c, "condition.left")));
            cn.set("RightValue", operand(x.right(), field(c, "condition.right")));
        }
        ArrayNode ifs = args.putArray("IfSteps");
        c.ifSteps().forEach(s -> ifs.add(s.accept(this)));
        ArrayNode elses = args.putArray("ElseSteps");
        c.elseSteps().forEach(s -> elses.add(s.accept(this)));
        return n;
    }

    /** A condition's operand keeps its literal's type: a threshold 6.0 stays a number. */
    private JsonNode operand(PipelineValue v, String field) {
        if (v instanceof PipelineValue.Literal l) {
            return expr.render(v, switch (l.type()) {
                case Integer -> Kind.INTEGER;
                case Float -> Kind.FLOAT;
                case String -> Kind.STRING;
            }, field);
        }
        return expr.render(v, Kind.STRING, field);
    }

    @Override
    public ObjectNode visitRegisterModel(RegisterModelStep r) {
        ObjectNode n = step(r);
        ObjectNode args = n.putObject("Arguments");
        args.put("ModelPackageGroupName", target.modelPackageGroupName());
        if (r.metrics() != null) {
            ObjectNode stats = args.putObject("ModelMetrics").putObject("ModelQuality").putObject("Statistics");
            stats.put("ContentType", "application/json");
            stats.set("S3Uri", Expressions.join("/", expr.render(r.metrics(), Kind.STRING, field(r, "metrics")),
                    JSON.textNode(r.metricsFile())));
        }
        ObjectNode spec = args.putObject("InferenceSpecification");
        ArrayNode containers = spec.putArray("Containers");
        ObjectNode metadata = JSON.objectNode();
        metadata.put("lineage:pipeline", pipeline.name());
        metadata.set("lineage:pipelineExecution", Expressions.get("Execution.PipelineExecutionId"));
        // The preprocessor goes first whatever the step's order, as the embedded endpoint host runs it first.
        r.containers().forEach((kind, artifacts) -> {
            if (kind.equals(PREPROCESSOR)) {
                containers.add(container(r, kind, artifacts));
            }
        });
        r.containers().forEach((kind, artifacts) -> {
            if (!kind.equals(PREPROCESSOR)) {
                containers.add(container(r, kind, artifacts));
            }
        });
        if (r.containers().keySet().stream().noneMatch(k -> !k.equals(PREPROCESSOR))) {
            // A transform alone answers features, not predictions; the embedded host refuses it too.
            throw new ValidationException(field(r, "containers"), r.containers().keySet(),
                    "at least one container SageMaker can serve a prediction from (a built-in algorithm "
                            + BuiltInImages.published().algorithms() + "), after an optional " + PREPROCESSOR);
        }
        strings(spec.putArray("SupportedContentTypes"), r.contentTypes());
        strings(spec.putArray("SupportedResponseMIMETypes"), r.responseTypes());
        strings(spec.putArray("SupportedRealtimeInferenceInstanceTypes"), r.inferenceInstances());
        strings(spec.putArray("SupportedTransformInstanceTypes"), r.transformInstances());
        args.set("ModelApprovalStatus", expr.render(r.approvalStatus(), Kind.STRING, field(r, "approvalStatus")));
        args.set("CustomerMetadataProperties", metadata);
        return n;
    }

    /**
     * One container of the registered inference pipeline, in the step's order. A {@code preprocessor} is the SDK's
     * image serving the feature transform ({@code serve}, dev.mlops.container.PreprocessorServer) over the
     * uncompressed files of its step output, which SageMaker copies to {@code /opt/ml/model}: an S3 prefix, so it
     * ends with a slash. A built-in algorithm is its image of the version that trained the artifacts, over the
     * training job's {@code model.tar.gz}.
     */
    private ObjectNode container(RegisterModelStep r, String kind, PipelineValue artifacts) {
        ObjectNode cn = JSON.objectNode();
        cn.put("ContainerHostname", kind);
        JsonNode data = expr.render(artifacts, Kind.STRING, field(r, "container." + kind));
        if (kind.equals(PREPROCESSOR)) {
            cn.put("Image", target.sdkImageUri());
            ObjectNode s3 = cn.putObject("ModelDataSource").putObject("S3DataSource");
            s3.set("S3Uri", Expressions.join("/", data, JSON.textNode("")));
            s3.put("S3DataType", "S3Prefix");
            s3.put("CompressionType", "None");
            return cn;
        }
        if (!BuiltInImages.published().algorithms().contains(kind)) {
            throw new ValidationException(field(r, "container"), kind, "a built-in algorithm "
                    + BuiltInImages.published().algorithms() + " or " + PREPROCESSOR);
        }
        cn.put("Image", BuiltInImages.published().uri(kind, versionOf(kind, artifacts), target.region()));
        cn.set("ModelDataUrl", data);
        return cn;
    }

    /** The version of the training step that made the artifacts, so that the model serves with the image it trained in. */
    private String versionOf(String kind, PipelineValue artifacts) {
        if (artifacts instanceof StepOutput o && steps.get(o.step()) instanceof TrainingStep t && t.algorithm().equals(kind)) {
            return t.version();
        }
        return TrainingStep.DEFAULT_VERSION;
    }

    private static void strings(ArrayNode into, List<String> values) {
        values.forEach(into::add);
    }
}
