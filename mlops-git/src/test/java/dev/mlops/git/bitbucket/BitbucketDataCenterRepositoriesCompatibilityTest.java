package dev.mlops.git.bitbucket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.Secret;
import dev.mlops.git.bitbucket.fixtures.BitbucketDataCenterFake;
import dev.mlops.git.bitbucket.fixtures.GitHttpBackend;
import dev.mlops.spi.Backend;
import dev.mlops.spi.SourceRepositories;
import dev.mlops.tck.SourceRepositoriesCompatibilityKit;
import dev.mlops.testkit.memory.InMemoryBackend;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;

/**
 * The repositories kit against {@link BitbucketDataCenterRepositories} on {@link BitbucketDataCenterFake}: REST on
 * WireMock (every request validated against Data Center's OpenAPI description), pushes and fetches to the real
 * {@code git http-backend}. Skipped, saying so, only where {@code git} is not installed.
 */
class BitbucketDataCenterRepositoriesCompatibilityTest extends SourceRepositoriesCompatibilityKit {
    private BitbucketDataCenterFake fake;

    @Override
    protected Backend newBackend(Path scratch) {
        Assumptions.assumeTrue(GitHttpBackend.gitAvailable(),
                "git is not installed: the Data Center tests push to a real git http-backend (.ci/run installs git)");
        fake = new BitbucketDataCenterFake(scratch.resolve("bitbucket-dc"), "Bearer dc-token");
        return InMemoryBackend.create();
    }

    @Override
    protected SourceRepositories repositories(Backend backend) {
        return BitbucketDataCenterRepositories.builder().baseUrl(fake.baseUrl()).projectKey("MLOPS")
                .token(Secret.of("dc-token")).retries(4, Duration.ofMillis(5), Duration.ofMillis(50)).build();
    }

    @Override
    protected boolean hostsRepositories() {
        return false;
    }

    @AfterAll
    void everyRequestWasValid() {
        if (fake == null) {
            return;
        }
        try {
            assertThat(fake.problems()).as("requests Bitbucket Data Center's OpenAPI description refuses").isEmpty();
        } finally {
            fake.close();
        }
    }
}
