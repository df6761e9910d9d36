package dev.mlops.aws.build;

import java.time.Duration;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;

/**
 * The clients a build main uses, with the build's credentials (CodeBuild's service role, from the container's
 * credential endpoint) and the SDK's standard retries with jitter, which also ride out throttling.
 *
 * @param sageMaker SageMaker
 * @param s3 S3
 * @param runtime SageMaker Runtime
 */
record BuildClients(SageMakerClient sageMaker, S3Client s3, SageMakerRuntimeClient runtime) implements AutoCloseable {

    /**
     * Clients for a region from the default credential chain.
     *
     * @param region e.g. {@code eu-west-1}
     * @return the clients
     */
    static BuildClients forRegion(String region) {
        Region r = Region.of(region);
        return new BuildClients(configure(SageMakerClient.builder(), r).build(), configure(S3Client.builder(), r).build(),
                configure(SageMakerRuntimeClient.builder(), r).build());
    }

    private static <B extends AwsClientBuilder<B, ?>> B configure(B builder, Region region) {
        builder.region(region).overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.standardRetryStrategy()
                .toBuilder().maxAttempts(8)
                .backoffStrategy(BackoffStrategy.exponentialDelay(Duration.ofMillis(200), Duration.ofSeconds(20)))
                .throttlingBackoffStrategy(BackoffStrategy.exponentialDelay(Duration.ofSeconds(1), Duration.ofSeconds(20)))
                .build()));
        if (builder instanceof software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder<?, ?> sync) {
            sync.httpClientBuilder(UrlConnectionHttpClient.builder());
        }
        return builder;
    }

    @Override
    public void close() {
        sageMaker.close();
        s3.close();
        runtime.close();
    }
}
