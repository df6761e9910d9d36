package dev.mlops.aws.cfn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.aws.fixtures.AwsTestClients;
import dev.mlops.aws.fixtures.ModelValidator;
import dev.mlops.aws.fixtures.MotoServer;
import dev.mlops.aws.fixtures.ValidatingInterceptor;
import dev.mlops.aws.internal.monitors.MonitorExport;
import dev.mlops.exception.NotFoundException;
import dev.mlops.exception.UnsupportedByBackendException;
import dev.mlops.exception.ValidationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;

/**
 * The monitor build's export on moto: the staging endpoint's model package and its baselines are found through
 * endpoint, endpoint configuration and model; the exported template passes cfn-lint in each {@link MonitorMode};
 * resolved with each environment's exported configuration, its job definitions, schedules and Processing-job
 * requests are valid requests of botocore's {@code Create*JobDefinition}, {@code CreateMonitoringSchedule},
 * {@code CreateSchedule} and {@code CreateProcessingJob}; a missing baseline is an error naming the package and the
 * metric.
 */
@ExtendWith(MotoServer.class)
class MonitorStackTest {
    private static final String BUCKET = "sagemaker-project-p-abc123";
    private static final String IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/mlops-monitor:1.0";
    private static final String ROLE = "arn:aws:iam::123456789012:role/service-role/AmazonSageMakerServiceCatalogProductsExecutionRole";

    @TempDir
    Path dir;

    private final ValidatingInterceptor validator = new ValidatingInterceptor();
    private SageMakerClient sageMaker;
    private Path source;
    private final List<String> log = new ArrayList<>();
    private String packageArn;

    @BeforeEach
    void setUp(MotoServer moto) throws Exception {
        moto.reset();
        sageMaker = AwsTestClients.configure(SageMakerClient.builder(), moto.endpoint(), validator).build();
        source = dir.resolve("src");
        Files.createDirectories(source);
        for (String f : List.of("staging-monitoring-schedule-config.json", "prod-monitoring-schedule-config.json")) {
            Files.write(source.resolve(f), getClass().getResourceAsStream("/dev/mlops/seed/modelmonitor/" + f).readAllBytes());
        }
        packageArn = deployed("abalone-staging", true);
    }

    @AfterEach
    void tearDown() {
        sageMaker.close();
        validator.assertNoViolations();
    }

    /** Registers a version with baselines and serves it on an endpoint with data capture, as the deploy stack does. */
    private String deployed(String endpoint, boolean withBaselines) {
        String group = "abalone-p-abc123";
        try {
            sageMaker.createModelPackageGroup(g -> g.modelPackageGroupName(group));
        } catch (software.amazon.awssdk.services.sagemaker.model.SageMakerException e) {
            // made by an earlier call
        }
        String base = "s3://" + BUCKET + "/pipelines/exec-1";
        String arn = sageMaker.createModelPackage(p -> {
            p.modelPackageGroupName(group).modelApprovalStatus("Approved")
                    .inferenceSpecification(i -> i.containers(c -> c.image("683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1")
                            .modelDataUrl(base + "/model.tar.gz")).supportedContentTypes("text/csv").supportedResponseMIMETypes("text/csv"))
                    .modelMetrics(m -> m.modelQuality(q -> q.statistics(s -> s.contentType("application/json").s3Uri(base + "/evaluation.json"))));
            if (withBaselines) {
                p.driftCheckBaselines(d -> d
                        .modelDataQuality(q -> q.statistics(s -> s.contentType("application/json").s3Uri(base + "/baseline/statistics.json"))
                                .constraints(s -> s.contentType("application/json").s3Uri(base + "/baseline/constraints.json")))
                        .modelQuality(q -> q.constraints(s -> s.contentType("application/json").s3Uri(base + "/quality/constraints.json")))
                        .bias(b -> b.configFile(f -> f.contentType("application/json").s3Uri(base + "/bias/analysis_config.json"))
                                .postTrainingConstraints(s -> s.contentType("application/json").s3Uri(base + "/bias/analysis.json")))
                        .explainability(x -> x.configFile(f -> f.contentType("application/json").s3Uri(base + "/shap/analysis_config.json"))
                                .constraints(s -> s.contentType("application/json").s3Uri(base + "/shap/analysis.json"))));
            }
        }).modelPackageArn();
        String model = endpoint + "-model";
        sageMaker.createModel(m -> m.modelName(model).executionRoleArn(ROLE).primaryContainer(c -> c.modelPackageName(arn)));
        sageMaker.createEndpointConfig(c -> c.endpointConfigName(model).productionVariants(v -> v.variantName("AllTraffic")
                .modelName(model).initialInstanceCount(1).instanceType("ml.m5.large").initialVariantWeight(1.0f))
                .dataCaptureConfig(d -> d.enableCapture(true).initialSamplingPercentage(100)
                        .destinationS3Uri("s3://" + BUCKET + "/datacapture").captureOptions(o -> o.captureMode("Input"), o -> o.captureMode("Output"))));
        sageMaker.createEndpoint(e -> e.endpointName(endpoint).endpointConfigName(model));
        return arn;
    }

    private Map<String, String> env(MonitorMode mode) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SAGEMAKER_PROJECT_NAME", "abalone");
        env.put("SAGEMAKER_PROJECT_ID", "p-abc123");
        env.put("AWS_REGION", "us-east-1");
        env.put("ARTIFACT_BUCKET", BUCKET);
        env.put("MONITOR_OUTPUTS_BUCKET", BUCKET);
        env.put("MODEL_MONITOR_ROLE_ARN", ROLE);
        env.put("EXPORT_TEMPLATE_NAME", "model-monitor-template-export.yml");
        env.put("EXPORT_TEMPLATE_STAGING_CONFIG", "staging-monitoring-schedule-config-export.json");
        env.put("EXPORT_TEMPLATE_PROD_CONFIG", "prod-monitoring-schedule-config-export.json");
        env.put("STAGING_CONFIG", "staging-monitoring-schedule-config.json");
        env.put("PROD_CONFIG", "prod-monitoring-schedule-config.json");
        env.put("MONITOR_MODE", mode.name());
        env.put("MONITOR_IMAGE_URI", mode.needsImage() ? IMAGE : "");
        return env;
    }

    private Path export(MonitorMode mode, Map<String, String> env) throws Exception {
        Path out = dir.resolve("out-" + mode);
        new MonitorExport(sageMaker, env, log::add).run(source, out);
        return out;
    }

    private static JsonNode read(Path p) throws Exception {
        return ResolvedStack.parse(Files.readString(p));
    }

    @ParameterizedTest
    @EnumSource(MonitorMode.class)
    void theExportLints_andResolvesToValidSageMakerRequests(MonitorMode mode) throws Exception {
        Path out = export(mode, env(mode));

        assertThat(log).contains("Endpoint abalone-staging serves model package " + packageArn,
                "Endpoint abalone-prod does not exist yet: its monitors take the baselines of " + packageArn);
        Path template = out.resolve("model-monitor-template-export.yml");
        if (CfnLint.version() != null) {
            List<CfnLint.Finding> findings = CfnLint.lint(List.of(template));
            findings.forEach(f -> System.out.println("cfn-lint (monitor stack, " + mode + "): " + f));
            assertThat(findings).filteredOn(f -> !f.level().equals("Informational")).isEmpty();
        }
        for (String env : List.of("staging", "prod")) {
            ResolvedStack stack = new ResolvedStack(read(template), read(out.resolve(env + "-monitoring-schedule-config-export.json")));
            Map<String, ObjectNode> resources = stack.resources();
            // the seed enables all four with GroundTruthInput empty: data quality and explainability deploy
            if (mode == MonitorMode.SCHEDULED_PROCESSING) {
                assertThat(resources).containsOnlyKeys("MonitorSchedulerRole", "DataQualitySchedule", "ModelExplainabilitySchedule");
            } else {
                assertThat(resources).containsOnlyKeys("DataQualityJobDefinition", "DataQualityMonitoringSchedule",
                        "ModelExplainabilityJobDefinition", "ModelExplainabilityMonitoringSchedule");
            }
            resources.forEach((id, r) -> assertThat(violations(r)).as(mode + " " + env + " " + id).isEmpty());
            assertThat(stack.value("EndpointName")).isEqualTo("abalone-" + env);
            assertThat(stack.value("DataQualityStatisticsS3Uri")).endsWith("/baseline/statistics.json");
            String analyzer = stack.value("AnalyzerImageUri");
            assertThat(analyzer).isEqualTo(mode.needsImage() ? IMAGE
                    : "156813124566.dkr.ecr.us-east-1.amazonaws.com/sagemaker-model-monitor-analyzer:latest");
        }
    }

    /** What botocore says of a resolved resource as the request CloudFormation sends for it. */
    private static List<String> violations(ObjectNode r) {
        ObjectNode props = (ObjectNode) r.get("Properties").deepCopy();
        String type = r.get("Type").asText();
        List<String> out = new ArrayList<>();
        switch (type) {
            case "AWS::SageMaker::MonitoringSchedule" -> {
                props.remove("EndpointName");
                ModelValidator.of("sagemaker").validateInput("CreateMonitoringSchedule", props).forEach(v -> out.add(v.toString()));
            }
            case "AWS::Scheduler::Schedule" -> {
                ModelValidator.of("scheduler").validateInput("CreateSchedule", props).forEach(v -> out.add(v.toString()));
                String input = props.at("/Target/Input").asText()
                        .replace("<aws.scheduler.execution-id>", "2b7bf8e4-0d4c-4c3b-a3c7-97d1f8a1c9d0")
                        .replace("<aws.scheduler.scheduled-time>", "2026-12-01T15:00:00Z");
                ModelValidator.of("sagemaker").validateInput("CreateProcessingJob", input).forEach(v -> out.add(v.toString()));
                assertThat(props.at("/Target/Arn").asText()).isEqualTo("arn:aws:scheduler:::aws-sdk:sagemaker:createProcessingJob");
            }
            case "AWS::IAM::Role" -> assertThat(props.at("/AssumeRolePolicyDocument/Statement/0/Principal/Service").asText())
                    .isEqualTo("scheduler.amazonaws.com");
            default -> {
                String kind = type.substring("AWS::SageMaker::".length());
                props.remove("EndpointName");
                props.put("JobDefinitionName", "abalone-staging-" + kind.toLowerCase());
                ModelValidator.of("sagemaker").validateInput("Create" + kind, props).forEach(v -> out.add(v.toString()));
            }
        }
        return out;
    }

    @Test
    void withGroundTruth_modelQualityAndBiasDeployToo() throws Exception {
        String config = Files.readString(source.resolve("staging-monitoring-schedule-config.json"))
                .replace("\"GroundTruthInput\": \"\"", "\"GroundTruthInput\": \"s3://" + BUCKET + "/ground-truth/abalone-staging\"");
        Files.writeString(source.resolve("staging-monitoring-schedule-config.json"), config);

        for (MonitorMode mode : List.of(MonitorMode.MODEL_MONITOR_BYOC, MonitorMode.SCHEDULED_PROCESSING)) {
            Path out = export(mode, env(mode));
            ResolvedStack stack = new ResolvedStack(read(out.resolve("model-monitor-template-export.yml")),
                    read(out.resolve("staging-monitoring-schedule-config-export.json")));
            Map<String, ObjectNode> resources = stack.resources();
            assertThat(resources).hasSize(mode == MonitorMode.SCHEDULED_PROCESSING ? 5 : 8);
            resources.forEach((id, r) -> assertThat(violations(r)).as(mode + " " + id).isEmpty());
        }
    }

    @Test
    void aMissingBaseline_namesThePackageAndTheMetric() throws Exception {
        sageMaker.deleteEndpoint(d -> d.endpointName("abalone-staging"));
        String bare = deployed("abalone-staging", false);

        assertThatThrownBy(() -> export(MonitorMode.MODEL_MONITOR_MANAGED, env(MonitorMode.MODEL_MONITOR_MANAGED)))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("model package " + bare + " has no DriftCheckBaselines.ModelDataQuality.Statistics"
                        + " or ModelMetrics.ModelDataQuality.Statistics")
                .hasMessageContaining("EnableDataQualityMonitor");
    }

    @Test
    void noEndpointYet_isNotFound_andTheChoiceIsNamedWhenItCannotApply() throws Exception {
        sageMaker.deleteEndpoint(d -> d.endpointName("abalone-staging"));
        assertThatThrownBy(() -> export(MonitorMode.MODEL_MONITOR_MANAGED, env(MonitorMode.MODEL_MONITOR_MANAGED)))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("abalone-staging");

        Map<String, String> noImage = env(MonitorMode.SCHEDULED_PROCESSING);
        noImage.put("MONITOR_IMAGE_URI", "");
        assertThatThrownBy(() -> export(MonitorMode.SCHEDULED_PROCESSING, noImage))
                .isInstanceOf(ValidationException.class).hasMessageContaining("MonitorMode SCHEDULED_PROCESSING");
        Map<String, String> farAway = env(MonitorMode.MODEL_MONITOR_MANAGED);
        farAway.put("AWS_REGION", "mars-west-1");
        assertThatThrownBy(() -> export(MonitorMode.MODEL_MONITOR_MANAGED, farAway))
                .isInstanceOf(UnsupportedByBackendException.class)
                .hasMessageContaining("mode MODEL_MONITOR_MANAGED in region mars-west-1")
                .hasMessageContaining("MODEL_MONITOR_BYOC or SCHEDULED_PROCESSING");
    }

    @Test
    void theTemplateIsDeterministic() {
        for (MonitorMode mode : MonitorMode.values()) {
            assertThat(Stream.of(1, 2).map(i -> dev.mlops.aws.cfn.internal.CanonicalJson.write(
                    dev.mlops.aws.cfn.internal.MonitorStackRenderer.render(mode))).distinct()).hasSize(1);
        }
    }
}
