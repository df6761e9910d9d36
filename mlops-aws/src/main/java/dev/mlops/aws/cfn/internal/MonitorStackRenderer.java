package dev.mlops.aws.cfn.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.aws.cfn.MonitorMode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The monitor stack {@code sagemaker-<name>-<id>-modelmonitor-<environment>} that the monitor build exports as
 * {@code model-monitor-template-export.yml}: one template for every environment, whose parameters (endpoint,
 * schedule, switches, baselines, images) each environment's exported configuration fills in, as the original's
 * {@code model-monitor-template.yml}. A monitor deploys when its switch is {@code yes}; model quality and bias
 * also need {@code GroundTruthInput}, as in the original. The resources depend on the {@link MonitorMode}:
 * monitoring schedules with job definitions ({@link MonitorJobDefinitions}) or Scheduler schedules starting
 * Processing jobs ({@link ScheduledProcessingRenderer}).
 */
public final class MonitorStackRenderer {
    /** The parameter naming the monitored endpoint. */
    public static final String ENDPOINT = "EndpointName";
    /** The schedule expression parameter, e.g. {@code cron(0 * ? * * *)}. */
    public static final String SCHEDULE = "ScheduleExpression";
    /** Where reports go: {@code s3://<bucket>/monitoring/reports}. */
    public static final String OUTPUTS = "MonitorOutputsS3Uri";
    /** The role the jobs run as. */
    public static final String ROLE = "ModelMonitorRoleArn";
    /** The image of the data- and model-quality jobs. */
    public static final String ANALYZER_IMAGE = "AnalyzerImageUri";
    /** The image of the bias and explainability jobs. */
    public static final String CLARIFY_IMAGE = "ClarifyImageUri";
    /** The ground-truth prefix; empty disables model quality and bias. */
    public static final String GROUND_TRUTH = "GroundTruthInput";
    /** The endpoint's data-capture prefix (Scheduler mode reads it directly). */
    public static final String CAPTURE = "DataCaptureS3Uri";
    /** The condition that {@link #GROUND_TRUTH} is set. */
    public static final String HAS_GROUND_TRUTH = "HasGroundTruthInput";

    /** The baseline parameters of each kind, in the order the exported configuration lists them. */
    public static final Map<MonitorKind, List<String>> BASELINES = Map.of(
            MonitorKind.DATA_QUALITY, List.of("DataQualityStatisticsS3Uri", "DataQualityConstraintsS3Uri"),
            MonitorKind.MODEL_QUALITY, List.of("ModelQualityConstraintsS3Uri"),
            MonitorKind.MODEL_BIAS, List.of("ModelBiasConfigS3Uri", "ModelBiasConstraintsS3Uri"),
            MonitorKind.MODEL_EXPLAINABILITY, List.of("ModelExplainabilityConfigS3Uri", "ModelExplainabilityConstraintsS3Uri"));

    /** The model-quality settings, from the seed configuration, with their defaults. */
    public static final Map<String, String> QUALITY_SETTINGS = qualitySettings();

    private MonitorStackRenderer() {
    }

    private static Map<String, String> qualitySettings() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("ProblemType", "Regression");
        m.put("InferenceAttribute", "0");
        m.put("ProbabilityAttribute", "");
        m.put("ProbabilityThresholdAttribute", "");
        m.put("GroundTruthAttribute", "");
        m.put("InstanceType", "ml.m5.xlarge");
        return m;
    }

    /**
     * The condition under which a kind deploys.
     *
     * @param kind the monitor
     * @return its condition's logical id, e.g. {@code DeployDataQualityMonitor}
     */
    public static String condition(MonitorKind kind) {
        return "Deploy" + kind.type() + "Monitor";
    }

    /**
     * Renders the monitor stack's template for a mode.
     *
     * @param mode how the monitors run
     * @return the template
     */
    public static ObjectNode render(MonitorMode mode) {
        StackBuilder stack = new StackBuilder("The monitors of one environment's endpoint (" + mode + "): data quality,"
                + " model quality, bias drift and feature attribution drift, each deployed when enabled");
        string(stack, Names.PROJECT_NAME, "Name of the project", null);
        string(stack, Names.PROJECT_ID, "Id of the project", null);
        string(stack, "StageName", "The environment, e.g. staging", null);
        string(stack, ENDPOINT, "The monitored endpoint, <project>-<environment>", null);
        string(stack, SCHEDULE, "When the monitors run", "cron(0 * ? * * *)");
        string(stack, OUTPUTS, "S3 URI the reports are written under", null);
        string(stack, ROLE, "ARN of the role the monitoring jobs run as", null);
        string(stack, ANALYZER_IMAGE, "Image of the data- and model-quality jobs", null);
        string(stack, CLARIFY_IMAGE, "Image of the bias and explainability jobs", null);
        string(stack, GROUND_TRUTH, "S3 URI of the ground truth; empty disables model quality and bias", "");
        boolean scheduled = mode == MonitorMode.SCHEDULED_PROCESSING;
        if (scheduled) {
            string(stack, CAPTURE, "S3 URI of the endpoint's captured data", "");
        }
        QUALITY_SETTINGS.forEach((k, v) -> {
            // each mode declares the settings it uses: the probability attributes are Model Monitor's, the label's
            // column the container's
            boolean used = scheduled ? !k.equals("ProbabilityAttribute") : !k.equals("GroundTruthAttribute");
            if (used) {
                string(stack, k, "Model-quality setting " + k, v);
            }
        });
        for (MonitorKind kind : MonitorKind.ALL) {
            ObjectNode p = Cfn.object().put("Type", "String").put("Description", "Deploy the " + kind.type()
                    + " monitor (yes or no)").put("Default", "no");
            p.set("AllowedValues", Cfn.strings("yes", "no"));
            stack.parameter(kind.enableKey(), p);
            // no default: the export always gives one (empty for a monitor that does not deploy)
            BASELINES.get(kind).forEach(b -> string(stack, b, "S3 URI of the " + kind.type() + " baseline's "
                    + b.substring(kind.type().length(), b.length() - "S3Uri".length()).toLowerCase(java.util.Locale.ROOT), null));
        }
        stack.condition(HAS_GROUND_TRUTH, not(Cfn.equalsParameter(GROUND_TRUTH, "")));
        for (MonitorKind kind : MonitorKind.ALL) {
            ObjectNode enabled = Cfn.equalsParameter(kind.enableKey(), "yes");
            if (kind.needsGroundTruth()) {
                ArrayNode both = Cfn.array().add(enabled).add(Cfn.object().put("Condition", HAS_GROUND_TRUTH));
                stack.condition(condition(kind), Cfn.object().set("Fn::And", both));
            } else {
                stack.condition(condition(kind), enabled);
            }
        }
        if (mode == MonitorMode.SCHEDULED_PROCESSING) {
            ScheduledProcessingRenderer.render(stack);
        } else {
            MonitorJobDefinitions.render(stack);
        }
        return stack.build();
    }

    /**
     * The tags of every monitor resource: the project's and the monitored endpoint.
     *
     * @return a new {@code Tags} list
     */
    static ArrayNode tags() {
        ArrayNode tags = Cfn.array();
        tags.add(Cfn.tag("sagemaker:project-name", Cfn.ref(Names.PROJECT_NAME)));
        tags.add(Cfn.tag("sagemaker:project-id", Cfn.ref(Names.PROJECT_ID)));
        tags.add(Cfn.tag("sagemaker:deployment-stage", Cfn.ref("StageName")));
        return tags;
    }

    private static ObjectNode not(ObjectNode condition) {
        return Cfn.object().set("Fn::Not", Cfn.array().add(condition));
    }

    private static void string(StackBuilder stack, String name, String description, String defaultValue) {
        ObjectNode p = Cfn.object().put("Type", "String").put("Description", description);
        if (defaultValue != null) {
            p.put("Default", defaultValue);
        }
        stack.parameter(name, p);
    }
}
