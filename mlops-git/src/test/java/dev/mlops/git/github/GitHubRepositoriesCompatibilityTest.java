package dev.mlops.git.github;

import dev.mlops.Secret;
import dev.mlops.git.github.fixtures.GitHubFake;
import dev.mlops.spi.Backend;
import dev.mlops.spi.SourceRepositories;
import dev.mlops.tck.SourceRepositoriesCompatibilityKit;
import dev.mlops.testkit.memory.InMemoryBackend;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;

/**
 * The repositories kit against {@link GitHubRepositories} on the stateful GitHub fake (every request validated
 * against GitHub's OpenAPI description); projects are recorded in an in-memory store.
 */
class GitHubRepositoriesCompatibilityTest extends SourceRepositoriesCompatibilityKit {
    private GitHubFake github;
    private GitHubRepositories repositories;

    @Override
    protected Backend newBackend(Path scratch) {
        github = GitHubFake.start();
        repositories = GitHubRepositories.builder().baseUrl(github.baseUrl()).token(Secret.of("ghp_kit"))
                .owner(GitHubFake.ORG).retries(3, Duration.ofMillis(1)).build();
        return InMemoryBackend.create();
    }

    @Override
    protected SourceRepositories repositories(Backend backend) {
        return repositories;
    }

    @Override
    protected boolean hostsRepositories() {
        return false;
    }

    @AfterAll
    void stopGitHub() {
        github.close();
    }
}
