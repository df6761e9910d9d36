package dev.mlops.aws.cfn.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The monitor stack's resources where the account can use Model Monitor: per enabled monitor an
 * {@code AWS::SageMaker::<Type>JobDefinition} (data quality, model quality, model bias, model explainability)
 * running the analyzer or Clarify image (AWS's, or the SDK's monitor image, which writes the same reports) over
 * the endpoint's captured data, and the {@code AWS::SageMaker::MonitoringSchedule} {@code <endpoint>-<type>}
 * that runs it. SageMaker writes the reports under {@code <MonitorOutputsS3Uri>/<endpoint>/<schedule>/yyyy/mm/dd/hh/}.
 */
public final class MonitorJobDefinitions {
    /** Where SageMaker puts the captured data in the job's container. */
    public static final String ENDPOINT_INPUT = "/opt/ml/processing/input/endpoint";
    /** Where the job writes its report. */
    public static final String OUTPUT = "/opt/ml/processing/output";
    /** The longest a job of an hourly schedule may run. */
    public static final int MAX_RUNTIME = 1800;

    private MonitorJobDefinitions() {
    }

    /**
     * Adds the job definitions and schedules to a monitor stack whose parameters and conditions
     * {@link MonitorStackRenderer} added.
     *
     * @param stack the monitor stack
     */
    static void render(StackBuilder stack) {
        for (String optional : List.of("ProbabilityAttribute", "ProbabilityThresholdAttribute")) {
            stack.condition("Has" + optional, Cfn.object().set("Fn::Not",
                    Cfn.array().add(Cfn.equalsParameter(optional, ""))));
        }
        for (MonitorKind kind : MonitorKind.ALL) {
            String type = kind.type();
            ObjectNode props = Cfn.object();
            props.set(type + "AppSpecification", appSpecification(kind));
            ObjectNode baseline = Cfn.object();
            List<String> uris = MonitorStackRenderer.BASELINES.get(kind);
            String constraints = uris.get(uris.size() - 1);
            baseline.set("ConstraintsResource", Cfn.object().set("S3Uri", Cfn.ref(constraints)));
            if (kind == MonitorKind.DATA_QUALITY) {
                baseline.set("StatisticsResource", Cfn.object().set("S3Uri", Cfn.ref(uris.get(0))));
            }
            props.set(type + "BaselineConfig", baseline);
            ObjectNode input = Cfn.object();
            input.set("EndpointInput", endpointInput(kind));
            if (kind.needsGroundTruth()) {
                input.set("GroundTruthS3Input", Cfn.object().set("S3Uri", Cfn.ref(MonitorStackRenderer.GROUND_TRUTH)));
            }
            props.set(type + "JobInput", input);
            props.set(type + "JobOutputConfig", outputConfig());
            ObjectNode cluster = Cfn.object().put("InstanceCount", 1).put("VolumeSizeInGB", 20);
            cluster.set("InstanceType", Cfn.ref("InstanceType"));
            props.set("JobResources", Cfn.object().set("ClusterConfig", cluster));
            props.set("RoleArn", Cfn.ref(MonitorStackRenderer.ROLE));
            props.set("StoppingCondition", Cfn.object().put("MaxRuntimeInSeconds", MAX_RUNTIME));
            props.set("Tags", MonitorStackRenderer.tags());
            String definition = type + "JobDefinition";
            stack.resource(definition, "AWS::SageMaker::" + type + "JobDefinition", props)
                    .put("Condition", MonitorStackRenderer.condition(kind));

            ObjectNode config = Cfn.object();
            config.set("MonitoringJobDefinitionName", Cfn.getAtt(definition, "JobDefinitionName"));
            config.put("MonitoringType", type);
            config.set("ScheduleConfig", Cfn.object().set("ScheduleExpression", Cfn.ref(MonitorStackRenderer.SCHEDULE)));
            ObjectNode schedule = Cfn.object();
            schedule.set("MonitoringScheduleName", Cfn.sub(kind.scheduleName("${" + MonitorStackRenderer.ENDPOINT + "}")));
            schedule.set("EndpointName", Cfn.ref(MonitorStackRenderer.ENDPOINT));
            schedule.set("MonitoringScheduleConfig", config);
            schedule.set("Tags", MonitorStackRenderer.tags());
            stack.resource(type + "MonitoringSchedule", "AWS::SageMaker::MonitoringSchedule", schedule)
                    .put("Condition", MonitorStackRenderer.condition(kind));
        }
    }

    private static ObjectNode appSpecification(MonitorKind kind) {
        ObjectNode spec = Cfn.object();
        if (kind.clarify()) {
            spec.set("ImageUri", Cfn.ref(MonitorStackRenderer.CLARIFY_IMAGE));
            spec.set("ConfigUri", Cfn.ref(MonitorStackRenderer.BASELINES.get(kind).get(0)));
            return spec;
        }
        spec.set("ImageUri", Cfn.ref(MonitorStackRenderer.ANALYZER_IMAGE));
        ObjectNode env = Cfn.object().put("publish_cloudwatch_metrics", "Enabled");
        if (kind == MonitorKind.MODEL_QUALITY) {
            spec.set("ProblemType", Cfn.ref("ProblemType"));
            env.put("analysis_type", "MODEL_QUALITY");
            // the container's model-quality variables, in case Model Monitor passes only the request's fields
            // to a BYOC image [INFERRED]
            env.set("problem_type", Cfn.ref("ProblemType"));
            env.set("probability_threshold_attribute", Cfn.ifThen("HasProbabilityThresholdAttribute",
                    Cfn.ref("ProbabilityThresholdAttribute"), Cfn.ref("AWS::NoValue")));
        }
        spec.set("Environment", env);
        return spec;
    }

    private static ObjectNode endpointInput(MonitorKind kind) {
        ObjectNode in = Cfn.object();
        in.set("EndpointName", Cfn.ref(MonitorStackRenderer.ENDPOINT));
        in.put("LocalPath", ENDPOINT_INPUT).put("S3DataDistributionType", "FullyReplicated").put("S3InputMode", "File");
        if (kind == MonitorKind.MODEL_QUALITY || kind == MonitorKind.MODEL_BIAS) {
            in.set("InferenceAttribute", Cfn.ref("InferenceAttribute"));
            for (String optional : List.of("ProbabilityAttribute", "ProbabilityThresholdAttribute")) {
                in.set(optional, Cfn.ifThen("Has" + optional, Cfn.ref(optional), Cfn.ref("AWS::NoValue")));
            }
        }
        return in;
    }

    private static ObjectNode outputConfig() {
        ObjectNode s3 = Cfn.object().put("LocalPath", OUTPUT).put("S3UploadMode", "EndOfJob");
        s3.set("S3Uri", Cfn.ref(MonitorStackRenderer.OUTPUTS));
        return Cfn.object().set("MonitoringOutputs", Cfn.array().add(Cfn.object().set("S3Output", s3)));
    }
}
