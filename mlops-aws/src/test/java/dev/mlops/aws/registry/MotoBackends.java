package dev.mlops.aws.registry;

import dev.mlops.aws.AwsBackend;
import dev.mlops.aws.fixtures.AwsTestClients;
import dev.mlops.aws.fixtures.ValidatingInterceptor;
import dev.mlops.spi.WaitPolicy;
import dev.mlops.testkit.FakeTicker;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/** AWS backends of the component tests: one endpoint for every service, test credentials, every request validated. */
public final class MotoBackends {
    private MotoBackends() {
    }

    /**
     * A backend builder against an emulator (moto or a WireMock stub) with the validator registered.
     *
     * @param endpoint the emulator
     * @param validator validates every request against the botocore model
     * @param cache the artifact cache
     * @return the builder, to change further
     */
    public static AwsBackend.Builder builder(URI endpoint, ValidatingInterceptor validator, Path cache) {
        return AwsBackend.builder().region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        AwsTestClients.ACCESS_KEY_ID, AwsTestClients.SECRET_ACCESS_KEY)))
                .endpointOverride(endpoint).addExecutionInterceptor(validator).cacheDirectory(cache).maxAttempts(1);
    }

    /**
     * A wait policy whose pauses pass at once on a fake ticker, for the long waits of stacks and endpoints.
     *
     * @return the policy
     */
    public static WaitPolicy instant() {
        return WaitPolicy.backoff(Duration.ofSeconds(5), Duration.ofSeconds(30), 2.0, new FakeTicker());
    }
}
