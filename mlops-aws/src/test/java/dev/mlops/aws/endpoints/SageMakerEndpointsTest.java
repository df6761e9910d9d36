package dev.mlops.aws.endpoints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.mlops.aws.AwsBackend;
import dev.mlops.aws.AwsService;
import dev.mlops.aws.fixtures.AwsTestClients;
import dev.mlops.aws.fixtures.MotoServer;
import dev.mlops.aws.fixtures.SageMakerInvokeResult;
import dev.mlops.aws.fixtures.ValidatingInterceptor;
import dev.mlops.aws.registry.MotoBackends;
import dev.mlops.exception.MlopsClientException;
import dev.mlops.exception.NotFoundException;
import dev.mlops.spi.EndpointHost;
import dev.mlops.spi.EndpointInfo;
import dev.mlops.spi.ProjectRecord;
import dev.mlops.template.Capability;
import dev.mlops.template.Templates;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;

import static dev.mlops.aws.fixtures.AwsWire.awsJson;
import static dev.mlops.aws.fixtures.AwsWire.awsJsonError;

/**
 * SageMaker endpoints on moto: an endpoint made as the originals make it (the deploy stack
 * {@code sagemaker-<name>-<id>-deploy-staging} with a model of the registered package), described with what it
 * serves, invoked with moto's seeded answers, and undeployed by deleting its stack; an endpoint without a stack is
 * deleted itself. Runtime errors moto does not produce (an unknown endpoint, a model's 4xx) come from WireMock.
 */
@ExtendWith(MotoServer.class)
class SageMakerEndpointsTest {
    private static final String ROLE = "arn:aws:iam::123456789012:role/sagemaker-execution";

    @TempDir
    Path scratch;

    private final ValidatingInterceptor validator = new ValidatingInterceptor();
    private final List<String> inferenceIds = new CopyOnWriteArrayList<>();
    private MotoServer moto;
    private AwsBackend aws;
    private EndpointHost host;
    private SageMakerClient sageMaker;
    private CloudFormationClient cloudFormation;
    private ProjectRecord project;

    @BeforeEach
    void setUp(MotoServer moto) {
        this.moto = moto;
        ExecutionInterceptor headers = new ExecutionInterceptor() {
            @Override
            public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                context.httpRequest().firstMatchingHeader("X-Amzn-SageMaker-Inference-Id").ifPresent(inferenceIds::add);
            }
        };
        aws = MotoBackends.builder(moto.endpoint(), validator, scratch.resolve("cache")).addExecutionInterceptor(headers)
                .waitPolicy(MotoBackends.instant()).build();
        host = aws.endpoints().orElseThrow();
        sageMaker = AwsTestClients.configure(SageMakerClient.builder(), moto.endpoint(), validator).build();
        cloudFormation = AwsTestClients.configure(CloudFormationClient.builder(), moto.endpoint(), validator).build();
        project = new ProjectRecord("abalone", "p-abcdef123456", Templates.modelBuildTrainDeploy(),
                Map.of("sagemaker:project-name", "abalone", "sagemaker:project-id", "p-abcdef123456"), Instant.now());
    }

    @AfterEach
    void tearDown() {
        aws.close();
        sageMaker.close();
        cloudFormation.close();
        validator.assertNoViolations();
    }

    private String registeredPackage() {
        sageMaker.createModelPackageGroup(b -> b.modelPackageGroupName(project.nameId()));
        return sageMaker.createModelPackage(b -> b.modelPackageGroupName(project.nameId()).modelApprovalStatus("Approved"))
                .modelPackageArn();
    }

    /**
     * An endpoint as the originals' deploy stack makes it (a model of the package, its config, the endpoint
     * {@code <name>-<environment>}) beside the stack {@code sagemaker-<name>-<id>-deploy-<environment>}. The three are
     * made directly, not by the stack, because moto's CloudFormation names SageMaker resources itself
     * ({@code <stack>-<logical id>-<random>}), ignoring {@code EndpointName}; the stack holds a model of the package.
     */
    private void deployStack(String environment, String packageArn) {
        String endpoint = project.endpointName(environment);
        sageMaker.createModel(b -> b.modelName(endpoint + "-model").executionRoleArn(ROLE)
                .primaryContainer(c -> c.modelPackageName(packageArn)));
        sageMaker.createEndpointConfig(b -> b.endpointConfigName(endpoint + "-config").productionVariants(v -> v
                .variantName("AllTraffic").modelName(endpoint + "-model").initialInstanceCount(1)
                .instanceType("ml.m5.large")));
        sageMaker.createEndpoint(b -> b.endpointName(endpoint).endpointConfigName(endpoint + "-config"));
        String template = """
                {"Resources": {"Model": {"Type": "AWS::SageMaker::Model", "Properties": {
                   "ExecutionRoleArn": "%1$s", "PrimaryContainer": {"ModelPackageName": "%2$s"}}}}}
                """.formatted(ROLE, packageArn);
        cloudFormation.createStack(b -> b.stackName(project.resourceName("deploy-" + environment)).templateBody(template));
    }

    @Test
    void describe_ofAStackDeployedEndpoint_namesTheEnvironmentAndThePackageItServes() {
        String arn = registeredPackage();
        deployStack(Templates.STAGING, arn);
        EndpointInfo info = host.describe(project, "abalone-staging").orElseThrow();
        assertThat(info.name()).isEqualTo("abalone-staging");
        assertThat(info.environment()).isEqualTo(Templates.STAGING);
        assertThat(info.status()).isEqualTo("InService");
        assertThat(info.modelArn()).contains(arn);
        assertThat(info.url()).hasValueSatisfying(u -> assertThat(u.toString())
                .isEqualTo(moto.endpoint() + "/endpoints/abalone-staging/invocations"));
        assertThat(info.updatedAt()).isNotNull();
        assertThat(host.describe(project, "abalone-prod")).isEmpty();
        assertThat(host.capabilities()).contains(Capability.ENDPOINTS);
    }

    @Test
    void invoke_returnsTheEndpointsAnswer_andPassesTheInferenceId() {
        deployStack(Templates.STAGING, registeredPackage());
        moto.seedSageMakerEndpointResults(List.of(new SageMakerInvokeResult("9.5\n", "text/csv", "AllTraffic", null),
                new SageMakerInvokeResult("10.25\n", "text/csv", "AllTraffic", null)));
        byte[] row = "M,0.455,0.365,0.095,0.514,0.2245,0.101,0.15\n".getBytes(StandardCharsets.UTF_8);
        assertThat(new String(host.invoke(project, "abalone-staging", "text/csv", "text/csv", row), StandardCharsets.UTF_8))
                .isEqualTo("9.5\n");
        assertThat(new String(host.invoke(project, "abalone-staging", "text/csv", "text/csv", "F,1\n".getBytes(
                StandardCharsets.UTF_8), "ground-truth-42"), StandardCharsets.UTF_8)).isEqualTo("10.25\n");
        assertThat(inferenceIds).containsExactly("ground-truth-42");
    }

    @Test
    void undeploy_deletesTheDeployStack_andWaitsForTheEndpointToGo() {
        deployStack(Templates.STAGING, registeredPackage());
        String stack = project.resourceName("deploy-staging");
        assertThat(host.undeploy(project, "abalone-staging")).isTrue();
        assertThat(host.describe(project, "abalone-staging")).isEmpty();
        assertThatThrownBy(() -> cloudFormation.describeStacks(b -> b.stackName(stack)))
                .hasMessageContaining("does not exist");
        assertThat(host.undeploy(project, "abalone-staging")).as("a second undeploy").isFalse();
        assertThat(host.undeploy(project, "abalone-nowhere")).isFalse();
        assertThat(validator.calls()).containsKey("CloudFormation.DeleteStack");
    }

    @Test
    void undeploy_ofAnEndpointWithoutItsStack_deletesTheEndpoint() {
        String arn = registeredPackage();
        sageMaker.createModel(b -> b.modelName("loose-model").executionRoleArn(ROLE)
                .primaryContainer(c -> c.modelPackageName(arn)));
        sageMaker.createEndpointConfig(b -> b.endpointConfigName("loose-config").productionVariants(v -> v
                .variantName("AllTraffic").modelName("loose-model").initialInstanceCount(1).instanceType("ml.m5.large")));
        sageMaker.createEndpoint(b -> b.endpointName("abalone-prod").endpointConfigName("loose-config"));
        assertThat(host.describe(project, "abalone-prod")).hasValueSatisfying(i -> assertThat(i.modelArn()).contains(arn));
        assertThat(host.undeploy(project, "abalone-prod")).isTrue();
        assertThat(host.describe(project, "abalone-prod")).isEmpty();
        assertThat(validator.calls()).containsKey("SageMaker.DeleteEndpoint").doesNotContainKey("CloudFormation.DeleteStack");
    }

    @Test
    void deleteProject_undeploysEveryEnvironmentsEndpoint() {
        String arn = registeredPackage();
        deployStack(Templates.STAGING, arn);
        deployStack(Templates.PROD, arn);
        host.deleteProject(project);
        assertThat(host.describe(project, "abalone-staging")).isEmpty();
        assertThat(host.describe(project, "abalone-prod")).isEmpty();
    }

    @Test
    void invoke_ofAnUnknownEndpoint_isNotFound_andAModelsRefusalAClientError() {
        WireMockServer runtime = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        runtime.start();
        try (AwsBackend stubbed = MotoBackends.builder(moto.endpoint(), validator, scratch.resolve("cache2"))
                .endpointOverride(AwsService.SAGEMAKER_RUNTIME, java.net.URI.create(runtime.baseUrl())).build()) {
            // InvokeEndpoint is rest-json: POST /endpoints/<name>/invocations.
            runtime.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post("/endpoints/abalone-nowhere/invocations")
                    .willReturn(awsJsonError("sagemaker-runtime", 400, "ValidationError",
                            "Endpoint abalone-nowhere of account 123456789012 not found.")));
            runtime.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post("/endpoints/abalone-staging/invocations")
                    .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(424)
                            .withHeader("Content-Type", "application/json").withHeader("x-amzn-ErrorType", "ModelError")
                            .withBody("{\"message\":\"Received client error (400) from primary\",\"OriginalStatusCode\":400,"
                                    + "\"OriginalMessage\":\"could not parse row 1\",\"LogStreamArn\":\"arn:aws:logs:us-east-1:"
                                    + "123456789012:log-group:/aws/sagemaker/Endpoints/abalone-staging\"}")));
            EndpointHost h = stubbed.endpoints().orElseThrow();
            byte[] row = "x\n".getBytes(StandardCharsets.UTF_8);
            assertThatThrownBy(() -> h.invoke(project, "abalone-nowhere", "text/csv", "text/csv", row))
                    .isInstanceOf(NotFoundException.class).hasMessageContaining("abalone-nowhere");
            assertThatThrownBy(() -> h.invoke(project, "abalone-staging", "text/csv", "text/csv", row))
                    .isInstanceOf(MlopsClientException.class).isNotInstanceOf(NotFoundException.class)
                    .hasMessageContaining("400").hasMessageContaining("could not parse row 1");
        } finally {
            runtime.stop();
        }
    }
}
