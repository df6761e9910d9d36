package dev.mlops.aws.pipeline;

import dev.mlops.aws.AwsBackend;
import dev.mlops.aws.AwsService;
import dev.mlops.aws.fakes.FakeCodePipeline;
import dev.mlops.aws.fixtures.ValidatingInterceptor;
import dev.mlops.spi.Ticker;
import dev.mlops.spi.WaitPolicy;
import java.nio.file.Path;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/** AWS backends whose CodePipeline, CodeBuild and CloudWatch Logs are a {@link FakeCodePipeline}. */
final class FakeAwsBackends {
    /** Quick polls: a fake's executions take tens of milliseconds. */
    static final WaitPolicy QUICK = WaitPolicy.backoff(Duration.ofMillis(20), Duration.ofMillis(200), 2.0,
            Ticker.system());

    private FakeAwsBackends() {
    }

    static AwsBackend.Builder builder(FakeCodePipeline fake, Path cache) {
        return AwsBackend.builder().region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret")))
                .endpointOverride(AwsService.CODEPIPELINE, fake.endpoint())
                .endpointOverride(AwsService.CODEBUILD, fake.endpoint())
                .endpointOverride(AwsService.LOGS, fake.endpoint())
                .rateLimit(AwsService.CODEPIPELINE, 2000).rateLimit(AwsService.CODEBUILD, 2000)
                .rateLimit(AwsService.LOGS, 2000)
                .waitPolicy(QUICK).cacheDirectory(cache)
                // Every request is checked against the official service model before it is sent.
                .addExecutionInterceptor(new ValidatingInterceptor());
    }
}
