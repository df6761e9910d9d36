package dev.mlops.aws.cfn.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The monitor stack's resources where the account cannot use Model Monitor: per enabled monitor an EventBridge
 * Scheduler schedule {@code <endpoint>-<type>} whose universal target {@code sagemaker:createProcessingJob} starts
 * a Processing job with the SDK's monitor image, the inputs a monitoring schedule would give it (the endpoint's
 * captured data, the baselines, the ground truth, Clarify's {@code analysis_config.json}) and the bring-your-own-
 * container environment ({@code dataset_source}, {@code output_path}, {@code baseline_statistics},
 * {@code baseline_constraints}, {@code dataset_format}, …); and the role the scheduler starts the jobs with.
 *
 * <p>Jobs are named {@code <prefix>-<kind>-<execution id>}, the prefix a digest of the endpoint's name
 * ({@link #jobPrefix}), so that the monitors find a schedule's jobs by name. The reports go to
 * {@code <MonitorOutputsS3Uri>/<endpoint>/<schedule>/<scheduled time>/}. A Processing job sees every file under the
 * endpoint's capture prefix: Scheduler cannot compute the hour's folder, so the job analyses all captures it is
 * given (expire old captures with an S3 lifecycle rule).
 */
public final class ScheduledProcessingRenderer {
    /** The role's logical id. */
    public static final String ROLE_ID = "MonitorSchedulerRole";
    /** Where the baselines are put in the job's container. */
    public static final String BASELINE = "/opt/ml/processing/baseline";
    /** Where the ground truth is put. */
    public static final String GROUND_TRUTH = "/opt/ml/processing/groundtruth";
    /** Where Clarify's configuration is put. */
    public static final String CONFIG = "/opt/ml/processing/input/config";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ScheduledProcessingRenderer() {
    }

    /**
     * The prefix of the Processing jobs an endpoint's schedules start: {@code mm-} and 10 hex digits of the
     * SHA-256 of the endpoint's name.
     *
     * @param endpoint the endpoint's name
     * @return the prefix
     */
    public static String jobPrefix(String endpoint) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(endpoint.getBytes(StandardCharsets.UTF_8));
            return "mm-" + HexFormat.of().formatHex(d).substring(0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /**
     * The short name of a kind in job names: {@code dq}, {@code mq}, {@code mb}, {@code me}.
     *
     * @param kind the monitor
     * @return its code
     */
    public static String code(MonitorKind kind) {
        return switch (kind) {
            case DATA_QUALITY -> "dq";
            case MODEL_QUALITY -> "mq";
            case MODEL_BIAS -> "mb";
            case MODEL_EXPLAINABILITY -> "me";
        };
    }

    /**
     * Adds the role and the schedules to a monitor stack whose parameters and conditions {@link MonitorStackRenderer}
     * added; the stack also takes the {@code JobNamePrefix} parameter.
     *
     * @param stack the monitor stack
     */
    static void render(StackBuilder stack) {
        stack.parameter("JobNamePrefix", Cfn.object().put("Type", "String")
                .put("Description", "Prefix of the Processing jobs' names (mm- and a digest of the endpoint's name)")
                .put("AllowedPattern", "^mm-[0-9a-f]{10}$"));
        ArrayNode any = Cfn.array();
        MonitorKind.ALL.forEach(k -> any.add(Cfn.object().put("Condition", MonitorStackRenderer.condition(k))));
        stack.condition("DeployAnyMonitor", Cfn.object().set("Fn::Or", any));
        role(stack);
        for (MonitorKind kind : MonitorKind.ALL) {
            ObjectNode target = Cfn.object();
            target.set("Arn", Cfn.sub("arn:${AWS::Partition}:scheduler:::aws-sdk:sagemaker:createProcessingJob"));
            target.set("RoleArn", Cfn.getAtt(ROLE_ID, "Arn"));
            target.set("Input", Cfn.sub(input(kind)));
            target.set("RetryPolicy", Cfn.object().put("MaximumRetryAttempts", 0));
            ObjectNode props = Cfn.object();
            props.set("Name", Cfn.sub(kind.scheduleName("${" + MonitorStackRenderer.ENDPOINT + "}")));
            props.set("Description", Cfn.sub("The " + kind.type() + " monitor of endpoint ${"
                    + MonitorStackRenderer.ENDPOINT + "}: a SageMaker Processing job with the SDK's monitor image"));
            props.set("ScheduleExpression", Cfn.ref(MonitorStackRenderer.SCHEDULE));
            props.put("ScheduleExpressionTimezone", "UTC");
            props.set("FlexibleTimeWindow", Cfn.object().put("Mode", "OFF"));
            props.put("State", "ENABLED");
            props.set("Target", target);
            stack.resource(kind.type() + "Schedule", "AWS::Scheduler::Schedule", props)
                    .put("Condition", MonitorStackRenderer.condition(kind));
        }
    }

    /** The {@code CreateProcessingJob} request, as an {@code Fn::Sub} text over the stack's parameters. */
    static String input(MonitorKind kind) {
        String schedule = kind.scheduleName("${" + MonitorStackRenderer.ENDPOINT + "}");
        ObjectNode req = Cfn.object();
        req.put("ProcessingJobName", "${JobNamePrefix}-" + code(kind) + "-<aws.scheduler.execution-id>");
        ObjectNode cluster = Cfn.object().put("InstanceCount", 1).put("InstanceType", "${InstanceType}")
                .put("VolumeSizeInGB", 20);
        req.set("ProcessingResources", Cfn.object().set("ClusterConfig", cluster));
        req.set("StoppingCondition", Cfn.object().put("MaxRuntimeInSeconds", MonitorJobDefinitions.MAX_RUNTIME));
        req.set("AppSpecification", Cfn.object().put("ImageUri", kind.clarify()
                ? "${" + MonitorStackRenderer.CLARIFY_IMAGE + "}" : "${" + MonitorStackRenderer.ANALYZER_IMAGE + "}"));
        ObjectNode env = Cfn.object();
        env.put("sagemaker_endpoint_name", "${" + MonitorStackRenderer.ENDPOINT + "}");
        env.put("sagemaker_monitoring_schedule_name", schedule);
        env.put("dataset_source", MonitorJobDefinitions.ENDPOINT_INPUT);
        env.put("dataset_format", "{\"sagemakerCaptureJson\":{\"captureIndexNames\":[\"endpointInput\",\"endpointOutput\"]}}");
        env.put("output_path", MonitorJobDefinitions.OUTPUT);
        env.put("publish_cloudwatch_metrics", "Disabled");
        ArrayNode inputs = Cfn.array();
        inputs.add(input("endpoint", "${" + MonitorStackRenderer.CAPTURE + "}/${" + MonitorStackRenderer.ENDPOINT + "}",
                MonitorJobDefinitions.ENDPOINT_INPUT));
        List<String> baselines = MonitorStackRenderer.BASELINES.get(kind);
        switch (kind) {
            case DATA_QUALITY -> {
                env.put("analysis_type", "DATA_QUALITY");
                // folders: each holds the one baseline object under its own name, which the container reads
                env.put("baseline_statistics", BASELINE + "/statistics");
                env.put("baseline_constraints", BASELINE + "/constraints");
                inputs.add(input("baseline-statistics", "${" + baselines.get(0) + "}", BASELINE + "/statistics"));
                inputs.add(input("baseline-constraints", "${" + baselines.get(1) + "}", BASELINE + "/constraints"));
            }
            case MODEL_QUALITY -> {
                env.put("analysis_type", "MODEL_QUALITY");
                env.put("problem_type", "${ProblemType}");
                env.put("inference_attribute", "${InferenceAttribute}");
                env.put("ground_truth_attribute", "${GroundTruthAttribute}");
                env.put("probability_threshold_attribute", "${ProbabilityThresholdAttribute}");   // empty: none
                env.put("ground_truth_source", GROUND_TRUTH);
                env.put("baseline_constraints", BASELINE + "/constraints");
                inputs.add(input("groundtruth", "${" + MonitorStackRenderer.GROUND_TRUTH + "}", GROUND_TRUTH));
                inputs.add(input("baseline-constraints", "${" + baselines.get(0) + "}", BASELINE + "/constraints"));
            }
            default -> {
                // the bias baseline's constraints.json (bootstrap bounds) or, for older baselines and explainability,
                // its analysis.json: whichever object the constraints URI names
                env.put("baseline_constraints", BASELINE + "/constraints");
                inputs.add(input("analysis-config", "${" + baselines.get(0) + "}", CONFIG));
                inputs.add(input("baseline-constraints", "${" + baselines.get(1) + "}", BASELINE + "/constraints"));
                if (kind.needsGroundTruth()) {
                    env.put("ground_truth_source", GROUND_TRUTH);
                    inputs.add(input("groundtruth", "${" + MonitorStackRenderer.GROUND_TRUTH + "}", GROUND_TRUTH));
                }
            }
        }
        req.set("Environment", env);
        req.set("ProcessingInputs", inputs);
        ObjectNode s3 = Cfn.object().put("S3Uri", "${" + MonitorStackRenderer.OUTPUTS + "}/${"
                + MonitorStackRenderer.ENDPOINT + "}/" + schedule + "/<aws.scheduler.scheduled-time>")
                .put("LocalPath", MonitorJobDefinitions.OUTPUT).put("S3UploadMode", "EndOfJob");
        req.set("ProcessingOutputConfig", Cfn.object().set("Outputs", Cfn.array()
                .add(Cfn.object().put("OutputName", "monitoring_output").set("S3Output", s3))));
        req.put("RoleArn", "${" + MonitorStackRenderer.ROLE + "}");
        ArrayNode tags = Cfn.array();
        tags.add(Cfn.object().put("Key", "sagemaker:project-name").put("Value", "${" + Names.PROJECT_NAME + "}"));
        tags.add(Cfn.object().put("Key", "sagemaker:project-id").put("Value", "${" + Names.PROJECT_ID + "}"));
        tags.add(Cfn.object().put("Key", "mlops:monitoring-schedule").put("Value", schedule));
        req.set("Tags", tags);
        try {
            return JSON.writeValueAsString(req);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings always serializes", e);
        }
    }

    private static ObjectNode input(String name, String uri, String localPath) {
        ObjectNode s3 = Cfn.object().put("S3Uri", uri).put("LocalPath", localPath).put("S3DataType", "S3Prefix")
                .put("S3InputMode", "File").put("S3DataDistributionType", "FullyReplicated");
        return Cfn.object().put("InputName", name).set("S3Input", s3);
    }

    private static void role(StackBuilder stack) {
        ObjectNode statement = Cfn.object().put("Effect", "Allow").put("Action", "sts:AssumeRole");
        statement.set("Principal", Cfn.object().put("Service", "scheduler.amazonaws.com"));
        statement.set("Condition", Cfn.object().set("StringEquals",
                Cfn.object().set("aws:SourceAccount", Cfn.ref("AWS::AccountId"))));
        ObjectNode trust = Cfn.object().put("Version", "2012-10-17");
        trust.set("Statement", Cfn.array().add(statement));
        ObjectNode start = Cfn.object().put("Effect", "Allow");
        start.set("Action", Cfn.strings("sagemaker:CreateProcessingJob", "sagemaker:AddTags"));
        start.set("Resource", Cfn.sub("arn:${AWS::Partition}:sagemaker:${AWS::Region}:${AWS::AccountId}:processing-job/${JobNamePrefix}-*"));
        ObjectNode pass = Cfn.object().put("Effect", "Allow").put("Action", "iam:PassRole");
        pass.set("Resource", Cfn.ref(MonitorStackRenderer.ROLE));
        pass.set("Condition", Cfn.object().set("StringEquals",
                Cfn.object().put("iam:PassedToService", "sagemaker.amazonaws.com")));
        ObjectNode policy = Cfn.object().put("Version", "2012-10-17");
        policy.set("Statement", Cfn.array().add(start).add(pass));
        ObjectNode props = Cfn.object();
        props.set("Description", Cfn.sub("Starts the monitors' Processing jobs of endpoint ${"
                + MonitorStackRenderer.ENDPOINT + "}"));
        props.set("AssumeRolePolicyDocument", trust);
        props.set("Policies", Cfn.array().add(Cfn.object().put("PolicyName", "StartMonitoringJobs")
                .set("PolicyDocument", policy)));
        props.set("Tags", MonitorStackRenderer.tags());
        stack.resource(ROLE_ID, "AWS::IAM::Role", props).put("Condition", "DeployAnyMonitor");
    }
}
