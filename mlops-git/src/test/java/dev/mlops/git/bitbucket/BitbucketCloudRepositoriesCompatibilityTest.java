package dev.mlops.git.bitbucket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.Secret;
import dev.mlops.git.bitbucket.fixtures.BitbucketCloudFake;
import dev.mlops.spi.Backend;
import dev.mlops.spi.SourceRepositories;
import dev.mlops.tck.SourceRepositoriesCompatibilityKit;
import dev.mlops.testkit.memory.InMemoryBackend;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;

/**
 * The repositories kit against {@link BitbucketCloudRepositories} on {@link BitbucketCloudFake}, every request
 * validated against Bitbucket Cloud's OpenAPI description; projects kept in the in-memory store.
 */
class BitbucketCloudRepositoriesCompatibilityTest extends SourceRepositoriesCompatibilityKit {
    private BitbucketCloudFake fake;

    @Override
    protected Backend newBackend(Path scratch) {
        fake = new BitbucketCloudFake("Bearer ws-token");
        return InMemoryBackend.create();
    }

    @Override
    protected SourceRepositories repositories(Backend backend) {
        return BitbucketCloudRepositories.builder().baseUrl(fake.baseUrl()).workspace("acme").projectKey("MLOPS")
                .accessToken(Secret.of("ws-token")).retries(4, Duration.ofMillis(5), Duration.ofMillis(50)).build();
    }

    @Override
    protected boolean hostsRepositories() {
        return false;
    }

    @AfterAll
    void everyRequestWasValid() {
        try {
            assertThat(fake.problems()).as("requests Bitbucket Cloud's OpenAPI description refuses").isEmpty();
        } finally {
            fake.close();
        }
    }
}
