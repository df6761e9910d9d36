package dev.mlops.git.github;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.Secret;
import dev.mlops.git.github.fixtures.GitHubFake;
import dev.mlops.spi.CommitRequest;
import dev.mlops.spi.ProjectRecord;
import dev.mlops.spi.RepositoryInfo;
import dev.mlops.template.RepositorySpec;
import dev.mlops.template.Template;
import dev.mlops.template.Templates;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * 30 % of the calls to GitHub fail transiently (502, 429 with {@code retry-after}, resets before and after the
 * request was handled, slow answers): provisioning and commits complete, with no second repository, no second seed
 * commit and no commit object beyond the ones asked for.
 */
class GitHubFaultInjectionTest {

    @Test
    void provisionAndCommitsComplete_withoutDuplicates_at30PercentFaults() {
        try (GitHubFake github = GitHubFake.start()) {
            github.faults(0.30, 42);
            GitHubRepositories repos = GitHubRepositories.builder().baseUrl(github.baseUrl())
                    .token(Secret.of("ghp_faults")).owner(GitHubFake.ORG).retries(8, Duration.ofMillis(1))
                    .webhook(URI.create("https://ci.example.com/github-webhook/"), Secret.of("s")).build();
            Template t = Templates.modelBuildTrainDeploy();
            ProjectRecord p = new ProjectRecord("faulty", "p-0123456789ab", t, Map.of(), Instant.parse("2026-12-01T17:00:00Z"));

            List<RepositoryInfo> made = new ArrayList<>();
            for (RepositorySpec spec : t.repositories()) {
                made.add(repos.provision(p, spec));
                made.add(repos.provision(p, spec)); // a re-run, as after a lost answer to the caller
            }
            String head = made.get(0).headCommit();
            for (int i = 0; i < 5; i++) {
                head = repos.commit(p, "modelbuild", new CommitRequest("change " + i, Map.of("n.txt", "n" + i),
                        Optional.of(head)));
            }

            assertThat(github.faultsInjected()).as("faults were injected").isGreaterThan(10);
            assertThat(github.repositoriesCreated()).isEqualTo(t.repositories().size());
            assertThat(github.hooksCreated()).isEqualTo(t.repositories().size());
            assertThat(github.commitsCreated()).as("one seed per repository and the five commits")
                    .isEqualTo(t.repositories().size() + 5);
            assertThat(github.history(GitHubFake.ORG, p.resourceName("modelbuild"), "main")).hasSize(2 + 5)
                    .first().isEqualTo(head);
            assertThat(github.history(GitHubFake.ORG, p.resourceName("modeldeploy"), "main")).hasSize(2);
        }
    }
}
