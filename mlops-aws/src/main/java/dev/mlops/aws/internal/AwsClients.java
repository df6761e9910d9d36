package dev.mlops.aws.internal;

import dev.mlops.aws.AwsService;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.codebuild.CodeBuildClient;
import software.amazon.awssdk.services.codecommit.CodeCommitClient;
import software.amazon.awssdk.services.codepipeline.CodePipelineClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;
import software.amazon.awssdk.services.servicecatalog.ServiceCatalogClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The SDK clients of one backend: each built once, on first use, and shared by every component and thread, as AWS
 * SDK v2 clients are meant to be. They share one HTTP client, one credentials provider and one retry strategy; every
 * request passes this backend's rate limiter and the caller's interceptors.
 */
public final class AwsClients implements AutoCloseable {
    private final Region region;
    private final AwsCredentialsProvider credentials;
    private final SdkHttpClient http;
    private final boolean ownsHttp;
    private final Map<AwsService, URI> overrides;
    private final RetryStrategy retry;
    private final List<ExecutionInterceptor> interceptors;
    private final RateLimits rateLimits;
    private final Map<AwsService, SdkClient> clients = new ConcurrentHashMap<>();
    private volatile String accountId;

    /**
     * Creates the holder; no client is built yet.
     *
     * @param region the region of every regional client
     * @param credentials the credentials provider
     * @param http the shared HTTP client
     * @param ownsHttp whether {@link #close()} closes {@code http} (not when the caller gave it)
     * @param overrides endpoint overrides per service
     * @param retry the retry strategy of every client
     * @param interceptors the caller's interceptors, after the rate limiter
     * @param rateLimits the per-service rate limiters
     */
    public AwsClients(Region region, AwsCredentialsProvider credentials, SdkHttpClient http, boolean ownsHttp,
            Map<AwsService, URI> overrides, RetryStrategy retry, List<ExecutionInterceptor> interceptors,
            RateLimits rateLimits) {
        this.region = region;
        this.credentials = credentials;
        this.http = http;
        this.ownsHttp = ownsHttp;
        this.overrides = Map.copyOf(overrides);
        this.retry = retry;
        this.interceptors = List.copyOf(interceptors);
        this.rateLimits = rateLimits;
    }

    /** @return the region */
    public Region region() {
        return region;
    }

    /** @return the partition of the region, e.g. {@code aws} or {@code aws-cn} */
    public String partition() {
        return region.metadata() == null ? "aws" : region.metadata().partition().id();
    }

    /** @return the rate limiters, for reporting */
    public RateLimits rateLimits() {
        return rateLimits;
    }

    /**
     * The caller's account, from STS {@code GetCallerIdentity}, asked once.
     *
     * @return the 12-digit account id
     */
    public String accountId() {
        String a = accountId;
        if (a == null) {
            a = AwsErrors.call(AwsService.STS, "find the caller's account", Map.of(),
                    () -> sts().getCallerIdentity(r -> { }).account());
            accountId = a;
        }
        return a;
    }

    /** @return the SageMaker client */
    public SageMakerClient sageMaker() {
        return get(AwsService.SAGEMAKER, SageMakerClient::builder);
    }

    /** @return the SageMaker Runtime client */
    public SageMakerRuntimeClient sageMakerRuntime() {
        return get(AwsService.SAGEMAKER_RUNTIME, SageMakerRuntimeClient::builder);
    }

    /** @return the CodePipeline client */
    public CodePipelineClient codePipeline() {
        return get(AwsService.CODEPIPELINE, CodePipelineClient::builder);
    }

    /** @return the CodeBuild client */
    public CodeBuildClient codeBuild() {
        return get(AwsService.CODEBUILD, CodeBuildClient::builder);
    }

    /** @return the CodeCommit client */
    public CodeCommitClient codeCommit() {
        return get(AwsService.CODECOMMIT, CodeCommitClient::builder);
    }

    /** @return the S3 client (path-style addressing when its endpoint is overridden) */
    public S3Client s3() {
        return (S3Client) clients.computeIfAbsent(AwsService.S3, s -> {
            var b = configure(s, S3Client.builder());
            if (overrides.containsKey(s)) {
                // Emulators and VPC endpoints address buckets by path, and may not speak the SDK's checksums.
                b.forcePathStyle(true)
                        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
            }
            return b.build();
        });
    }

    /** @return the IAM client */
    public IamClient iam() {
        return get(AwsService.IAM, IamClient::builder);
    }

    /** @return the STS client */
    public StsClient sts() {
        return get(AwsService.STS, StsClient::builder);
    }

    /** @return the CloudFormation client */
    public CloudFormationClient cloudFormation() {
        return get(AwsService.CLOUDFORMATION, CloudFormationClient::builder);
    }

    /** @return the CloudWatch Logs client */
    public CloudWatchLogsClient logs() {
        return get(AwsService.LOGS, CloudWatchLogsClient::builder);
    }

    /** @return the Service Catalog client */
    public ServiceCatalogClient serviceCatalog() {
        return get(AwsService.SERVICE_CATALOG, ServiceCatalogClient::builder);
    }

    /** @return the EventBridge client */
    public EventBridgeClient eventBridge() {
        return get(AwsService.EVENTBRIDGE, EventBridgeClient::builder);
    }

    /** @return the ECR client (the SDK image's repository) */
    public software.amazon.awssdk.services.ecr.EcrClient ecr() {
        return get(AwsService.ECR, software.amazon.awssdk.services.ecr.EcrClient::builder);
    }

    /** @return the CodeConnections client (the connection to third-party repositories) */
    public software.amazon.awssdk.services.codeconnections.CodeConnectionsClient codeConnections() {
        return get(AwsService.CODECONNECTIONS, software.amazon.awssdk.services.codeconnections.CodeConnectionsClient::builder);
    }

    @SuppressWarnings("unchecked")
    private <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C extends SdkClient> C get(AwsService service,
            Supplier<B> builder) {
        return (C) clients.computeIfAbsent(service, s -> configure(s, builder.get()).build());
    }

    private <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> B configure(AwsService service, B b) {
        b.region(region).credentialsProvider(credentials).httpClient(http);
        URI override = overrides.get(service);
        if (override != null) {
            b.endpointOverride(override);
        }
        List<ExecutionInterceptor> all = new ArrayList<>();
        all.add(rateLimits.interceptor(service));
        all.addAll(interceptors);
        b.overrideConfiguration(o -> o.retryStrategy(retry).executionInterceptors(all));
        return b;
    }

    @Override
    public void close() {
        for (SdkClient c : clients.values()) {
            c.close();
        }
        clients.clear();
        if (ownsHttp) {
            http.close();
        }
    }
}
