package dev.mlops.aws.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.aws.cfn.ResolvedStack;
import dev.mlops.aws.fakes.ActionContext;
import dev.mlops.aws.fakes.ActionOutcome;
import dev.mlops.aws.fixtures.ModelValidator;
import dev.mlops.aws.fixtures.Violation;
import dev.mlops.aws.internal.monitors.MonitorExport;
import dev.mlops.exception.MlopsException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.codecommit.CodeCommitClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;

/**
 * The Model Monitor template's side of the simulation: the monitor build runs the SDK's own
 * {@link MonitorExport} (the GetBaselinesAndConfigs main's work) with the environment the rendered CodeBuild project
 * gives it and the seed configurations from the model-monitor repository; the monitor deploy actions play the
 * exported template with its configuration as CloudFormation would, making each job definition in moto (the
 * request checked against botocore's model) and each monitoring schedule in {@link FakeModelMonitor}; and
 * {@link #execute} stands for SageMaker running a schedule: a Processing job in moto and the report files in
 * SageMaker's layout in moto's S3.
 */
public final class MonitorPlay {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("yyyy/MM/dd/HH").withZone(ZoneOffset.UTC);
    private final SageMakerClient sageMaker;
    private final S3Client s3;
    private final CloudFormationClient cfn;
    private final CodeCommitClient commits;
    private final FakeModelMonitor fake;
    private final URI moto;
    private final HttpClient http = HttpClient.newHttpClient();
    private final Map<String, Path> exports = new ConcurrentHashMap<>();
    private final Map<String, String> outputs = new ConcurrentHashMap<>();
    private final Map<String, JsonNode> scheduled = new ConcurrentHashMap<>();
    private final List<String> log = new java.util.concurrent.CopyOnWriteArrayList<>();

    MonitorPlay(SageMakerClient sageMaker, S3Client s3, CloudFormationClient cfn, CodeCommitClient commits,
            FakeModelMonitor fake, URI moto) {
        this.sageMaker = sageMaker;
        this.s3 = s3;
        this.cfn = cfn;
        this.commits = commits;
        this.fake = fake;
        this.moto = moto;
        fake.onNow((schedule, endpoint) -> execute(schedule, endpoint, List.of()));
    }

    /** @return the monitoring schedules the monitor stacks made */
    public java.util.Set<String> schedules() {
        return fake.names();
    }

    /** @return the Scheduler schedules the monitor stacks made, with the Processing job each starts */
    public Map<String, JsonNode> schedulerSchedules() {
        return Map.copyOf(scheduled);
    }

    /**
     * EventBridge Scheduler fires a schedule: the Processing job of its target's input in moto (as the universal
     * target would start it), and the report files the SDK's image writes to its output.
     *
     * @param schedule the Scheduler schedule
     * @param violations the violations the analysis found
     * @return the report prefix
     */
    public String fire(String schedule, List<String> violations) {
        JsonNode req = scheduled.get(schedule);
        String job = req.path("ProcessingJobName").asText();
        String prefix = req.at("/ProcessingOutputConfig/Outputs/0/S3Output/S3Uri").asText();
        sageMaker.createProcessingJob(p -> p.processingJobName(job).roleArn(req.path("RoleArn").asText())
                .appSpecification(a -> a.imageUri(req.at("/AppSpecification/ImageUri").asText()))
                .processingResources(r -> r.clusterConfig(c -> c.instanceCount(1)
                        .instanceType(req.at("/ProcessingResources/ClusterConfig/InstanceType").asText()).volumeSizeInGB(20)))
                .processingOutputConfig(o -> o.outputs(x -> x.outputName("monitoring_output").s3Output(s -> s
                        .s3Uri(prefix).localPath("/opt/ml/processing/output").s3UploadMode("EndOfJob"))))
                .stoppingCondition(s -> s.maxRuntimeInSeconds(1800)));
        reports(prefix, violations);
        return prefix + "/";
    }

    private void reports(String prefix, List<String> violations) {
        String bucket = prefix.substring(5, prefix.indexOf('/', 5));
        String key = prefix.substring(prefix.indexOf('/', 5) + 1);
        StringBuilder v = new StringBuilder("{\"violations\":[");
        for (int i = 0; i < violations.size(); i++) {
            v.append(i == 0 ? "" : ",").append("{\"feature_name\":\"").append(violations.get(i))
                    .append("\",\"constraint_check_type\":\"baseline_drift_check\",\"description\":\"Baseline drift distance: 0.2 exceeds threshold: 0.1\"}");
        }
        v.append("]}");
        put(bucket, key + "/constraint_violations.json", v.toString());
        put(bucket, key + "/statistics.json", "{\"version\":0.0,\"dataset\":{\"item_count\":120},\"features\":[]}");
    }

    /** @return the monitor builds' log lines */
    public List<String> log() {
        return List.copyOf(log);
    }

    /** The baselines the simulated model build registers: uploaded, and their URIs by parameter. */
    Map<String, String> uploadBaselines(String bucket, String prefix) {
        Map<String, String> uris = new LinkedHashMap<>();
        put(bucket, prefix + "/baseline/statistics.json", "{\"version\":0.0,\"dataset\":{\"item_count\":2923},\"features\":[]}");
        put(bucket, prefix + "/baseline/constraints.json", "{\"version\":0.0,\"features\":[]}");
        put(bucket, prefix + "/shap/analysis_config.json", "{\"dataset_type\":\"text/csv\",\"methods\":{\"shap\":{}}}");
        put(bucket, prefix + "/shap/analysis.json", "{\"version\":\"1.0\",\"explanations\":{}}");
        uris.put("statistics", "s3://" + bucket + "/" + prefix + "/baseline/statistics.json");
        uris.put("constraints", "s3://" + bucket + "/" + prefix + "/baseline/constraints.json");
        uris.put("shapConfig", "s3://" + bucket + "/" + prefix + "/shap/analysis_config.json");
        uris.put("shap", "s3://" + bucket + "/" + prefix + "/shap/analysis.json");
        return uris;
    }

    private void put(String bucket, String key, String body) {
        s3.putObject(o -> o.bucket(bucket).key(key).contentType("application/json"), RequestBody.fromString(body));
    }

    /** GetBaselinesAndConfigs: the SDK's export, with the project's variables and the repository's configurations. */
    ActionOutcome export(StackTemplate t, ActionContext ctx) {
        JsonNode project = t.resolve(t.resources("AWS::CodeBuild::Project").get("GetBaselinesAndConfigs").path("Properties"));
        Map<String, String> env = new LinkedHashMap<>();
        project.at("/Environment/EnvironmentVariables").forEach(v -> env.put(v.path("Name").asText(), v.path("Value").asText()));
        // the repository's files are its seed (the fake CodeCommit keeps commits, not files): the archive in S3
        JsonNode code = t.resolve(t.resources("AWS::CodeCommit::Repository").get("ModelMonitorCodeCommitRepository")
                .path("Properties")).path("Code").path("S3");
        try {
            Path dir = Files.createTempDirectory("monitor-build-");
            Path src = Files.createDirectories(dir.resolve("src"));
            byte[] zip = s3.getObjectAsBytes(g -> g.bucket(code.path("Bucket").asText()).key(code.path("Key").asText()))
                    .asByteArray();
            try (java.util.zip.ZipInputStream in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(zip))) {
                for (java.util.zip.ZipEntry e; (e = in.getNextEntry()) != null; ) {
                    if (!e.isDirectory() && !e.getName().contains("/") && !e.getName().contains("..")) {
                        Files.write(src.resolve(e.getName()), in.readAllBytes());
                    }
                }
            }
            List<String> lines = new ArrayList<>();
            new MonitorExport(sageMaker, env, lines::add).run(src, dir.resolve("out"));
            log.addAll(lines);
            exports.put(ctx.executionId(), dir.resolve("out"));
            return ActionOutcome.succeeded("Exported the monitor stacks").withLog(lines);
        } catch (MlopsException e) {
            log.add("GetBaselinesAndConfigs failed: " + e.getMessage());
            return ActionOutcome.failed(e.getMessage());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A monitor deploy action: the exported template with the environment's configuration, played. */
    ActionOutcome deploy(String stackName, JsonNode config, ActionContext ctx) {
        Path out = exports.get(ctx.executionId());
        if (out == null) {
            return ActionOutcome.failed("No export from the build of " + ctx.executionId());
        }
        try {
            JsonNode template = ResolvedStack.parse(Files.readString(out.resolve(after(config.path("TemplatePath").asText()))));
            JsonNode parameters = ResolvedStack.parse(Files.readString(out.resolve(after(config.path("TemplateConfiguration").asText()))));
            String endpoint = parameters.at("/Parameters/EndpointName").asText();
            Map<String, String> names = new LinkedHashMap<>();
            template.path("Resources").fields().forEachRemaining(r -> {
                if (r.getValue().path("Type").asText().endsWith("JobDefinition")) {
                    names.put(r.getKey() + ".JobDefinitionName", endpoint + "-" + r.getKey().replace("JobDefinition", "")
                            .replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase() + "-" + ctx.executionId().substring(0, 8));
                }
            });
            ResolvedStack stack = new ResolvedStack(template, parameters, names);
            outputs.put(endpoint, stack.value("MonitorOutputsS3Uri"));
            List<String> made = new ArrayList<>();
            for (Map.Entry<String, ObjectNode> r : stack.resources().entrySet()) {
                String type = r.getValue().path("Type").asText();
                ObjectNode props = (ObjectNode) r.getValue().get("Properties");
                if (type.endsWith("JobDefinition")) {
                    String kind = type.substring("AWS::SageMaker::".length());
                    props.remove("EndpointName");
                    props.put("JobDefinitionName", names.get(r.getKey() + ".JobDefinitionName"));
                    call("Create" + kind, props);
                    made.add(props.path("JobDefinitionName").asText());
                } else if (type.equals("AWS::SageMaker::MonitoringSchedule")) {
                    String name = props.path("MonitoringScheduleName").asText();
                    props.remove("EndpointName");
                    List<Violation> v = ModelValidator.of("sagemaker").validateInput("CreateMonitoringSchedule", props);
                    if (!v.isEmpty()) {
                        return ActionOutcome.failed("CreateMonitoringSchedule " + v);
                    }
                    if (!fake.names().contains(name)) {
                        fake.create(name, endpoint, props.path("MonitoringScheduleConfig"));
                    }
                    made.add(name);
                } else if (type.equals("AWS::Scheduler::Schedule")) {
                    List<Violation> v = ModelValidator.of("scheduler").validateInput("CreateSchedule", props);
                    String input = props.at("/Target/Input").asText()
                            .replace("<aws.scheduler.execution-id>", java.util.UUID.randomUUID().toString())
                            .replace("<aws.scheduler.scheduled-time>", Instant.now().truncatedTo(ChronoUnit.HOURS).toString());
                    v = new ArrayList<>(v);
                    v.addAll(ModelValidator.of("sagemaker").validateInput("CreateProcessingJob", input));
                    if (!v.isEmpty()) {
                        return ActionOutcome.failed("CreateSchedule " + v);
                    }
                    scheduled.put(props.path("Name").asText(), ResolvedStack.parse(input));
                    made.add(props.path("Name").asText());
                } else if (type.equals("AWS::IAM::Role")) {
                    made.add(r.getKey());
                } else {
                    return ActionOutcome.failed("resource type not simulated in a monitor stack: " + type);
                }
            }
            boolean exists = cfn.describeStacks().stacks().stream().anyMatch(s -> s.stackName().equals(stackName)
                    && !s.stackStatusAsString().startsWith("DELETE"));
            if (!exists) {
                List<Parameter> ps = new ArrayList<>();
                parameters.path("Parameters").fields().forEachRemaining(p -> ps.add(Parameter.builder()
                        .parameterKey(p.getKey()).parameterValue(p.getValue().asText()).build()));
                cfn.createStack(s -> s.stackName(stackName).templateBody("{\"Parameters\":" + paramsOf(parameters)
                        + ",\"Resources\":{\"Marker\":{\"Type\":\"AWS::CloudFormation::WaitConditionHandle\"}}}").parameters(ps));
            }
            return ActionOutcome.succeeded("Stack " + stackName + " made " + made);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String paramsOf(JsonNode parameters) {
        ObjectNode p = JSON.createObjectNode();
        parameters.path("Parameters").fieldNames().forEachRemaining(n -> p.putObject(n).put("Type", "String"));
        return p.toString();
    }

    private static String after(String artifactPath) {
        return artifactPath.substring(artifactPath.indexOf("::") + 2);
    }

    /** A SageMaker JSON request to moto, checked against botocore's model first. */
    private void call(String operation, ObjectNode body) {
        List<Violation> v = ModelValidator.of("sagemaker").validateInput(operation, body);
        if (!v.isEmpty()) {
            throw new IllegalStateException(operation + " from the monitor stack breaks the model: " + v);
        }
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(moto.resolve("/"))
                    .header("X-Amz-Target", "SageMaker." + operation)
                    .header("Content-Type", "application/x-amz-json-1.1")
                    .header("Authorization", "AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/sagemaker/aws4_request,"
                            + " SignedHeaders=host, Signature=0")
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException(operation + " failed in moto: " + r.statusCode() + " " + r.body());
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * SageMaker runs a schedule: a Processing job of its job definition in moto and, when it completes, the report
     * files under {@code <outputs>/<endpoint>/<schedule>/yyyy/MM/dd/HH/}.
     *
     * @param schedule the schedule
     * @param endpoint its endpoint
     * @param violations the constraint violations the analysis found (each a baseline drift of one column)
     * @return the report prefix
     */
    public String execute(String schedule, String endpoint, List<String> violations) {
        Instant scheduled = Instant.now().truncatedTo(ChronoUnit.HOURS);
        String base = outputs.get(endpoint);
        String prefix = base + "/" + endpoint + "/" + schedule + "/" + HOUR.format(scheduled);
        String job = "model-monitoring-" + Long.toHexString(System.nanoTime());
        String role = "arn:aws:iam::" + StackTemplate.ACCOUNT + ":role/service-role/AmazonSageMakerServiceCatalogProductsExecutionRole";
        String arn = sageMaker.createProcessingJob(p -> p.processingJobName(job).roleArn(role)
                .appSpecification(a -> a.imageUri("156813124566.dkr.ecr.us-east-1.amazonaws.com/sagemaker-model-monitor-analyzer:latest"))
                .processingResources(r -> r.clusterConfig(c -> c.instanceCount(1).instanceType("ml.m5.xlarge").volumeSizeInGB(20)))
                .processingOutputConfig(o -> o.outputs(x -> x.outputName("monitoring_output").s3Output(s -> s
                        .s3Uri(prefix).localPath("/opt/ml/processing/output").s3UploadMode("EndOfJob"))))
                .stoppingCondition(s -> s.maxRuntimeInSeconds(1800))).processingJobArn();
        reports(prefix, violations);
        fake.executed(schedule, scheduled, violations.isEmpty() ? "Completed" : "CompletedWithViolations", arn);
        return prefix + "/";
    }
}
