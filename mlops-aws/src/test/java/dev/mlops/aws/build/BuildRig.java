package dev.mlops.aws.build;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.mlops.aws.faults.FaultProxy;
import dev.mlops.aws.fixtures.AwsTestClients;
import dev.mlops.aws.fixtures.MotoServer;
import dev.mlops.aws.fixtures.ValidatingInterceptor;
import dev.mlops.template.SeedCode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;

/**
 * The build mains' rig: moto for what it implements (S3, CreatePipeline, UpdatePipeline, DescribePipeline,
 * StartPipelineExecution, AddTags, model packages, endpoints, InvokeEndpoint), WireMock stubs shaped like SageMaker's
 * API for what it does not (ListPipelineExecutionSteps; DescribePipelineExecution, whose executions moto ends at
 * once), one proxy in front routing by {@code X-Amz-Target}, and every request validated against botocore's models.
 */
final class BuildRig implements AutoCloseable {
    /** The operations the WireMock stubs answer. */
    static final Set<String> STUBBED = Set.of("SageMaker.ListPipelineExecutionSteps", "SageMaker.DescribePipelineExecution");
    static final String PROJECT = "abalone";
    static final String PROJECT_ID = "p-abc123def456";
    static final String BUCKET = "sagemaker-project-" + PROJECT_ID;
    static final String ROLE = "arn:aws:iam::123456789012:role/service-role/AmazonSageMakerServiceCatalogProductsExecutionRole";
    static final String IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/mlops-sdk:0.1.0";

    final MotoServer moto;
    final WireMockServer stubs;
    final FaultProxy front;
    final ValidatingInterceptor interceptor = new ValidatingInterceptor();
    final BuildClients clients;
    final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    final PrintStream log = new PrintStream(logBytes, true, StandardCharsets.UTF_8);

    BuildRig(MotoServer moto) throws IOException {
        this.moto = moto;
        this.stubs = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        stubs.start();
        URI stubUri = URI.create("http://127.0.0.1:" + stubs.port());
        this.front = new FaultProxy(ex -> {
            String target = ex.getRequestHeaders().getFirst("X-Amz-Target");
            return target != null && STUBBED.contains(target) ? stubUri : moto.endpoint();
        }, 0, 1);
        URI f = front.endpoint();
        this.clients = new BuildClients(AwsTestClients.configure(SageMakerClient.builder(), f, interceptor).build(),
                AwsTestClients.configure(S3Client.builder(), f, interceptor).build(),
                AwsTestClients.configure(SageMakerRuntimeClient.builder(), f, interceptor).build());
    }

    /** @return the build log so far */
    String log() {
        return logBytes.toString(StandardCharsets.UTF_8);
    }

    /** Writes a seed repository (e.g. {@code modelbuild}) into a directory, as CodeBuild checks it out. */
    static Path checkout(String seed, Path dir) throws IOException {
        for (Map.Entry<String, byte[]> e : SeedCode.fromClasspath("dev/mlops/seed/" + seed).files().entrySet()) {
            Path p = dir.resolve(e.getKey());
            Files.createDirectories(p.getParent());
            Files.write(p, e.getValue());
        }
        return dir;
    }

    /** The environment CodeBuild gives the build projects, as rendered. */
    static Map<String, String> modelBuildEnv() {
        return Map.of("SAGEMAKER_PROJECT_NAME", PROJECT, "SAGEMAKER_PROJECT_ID", PROJECT_ID, "ARTIFACT_BUCKET", BUCKET,
                "SAGEMAKER_PIPELINE_ROLE_ARN", ROLE, "AWS_REGION", "us-east-1", "MLOPS_SDK_IMAGE_URI", IMAGE,
                "CODEBUILD_BUILD_ID", "sagemaker-abalone-p-abc123def456-modelbuild:0b5c7e1e");
    }

    @Override
    public void close() {
        clients.close();
        front.close();
        stubs.stop();
    }
}
