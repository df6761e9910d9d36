package dev.mlops.compositions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.Execution;
import dev.mlops.ExecutionStatus;
import dev.mlops.ModelApprovalStatus;
import dev.mlops.Project;
import dev.mlops.Secret;
import dev.mlops.event.ProjectEvent;
import dev.mlops.exception.MlopsBackendException;
import dev.mlops.exception.MlopsException;
import dev.mlops.examples.GitHubEmbeddedExample;
import dev.mlops.examples.Quickstart;
import dev.mlops.git.github.GitHubRepositories;
import dev.mlops.git.github.fixtures.GitHubFake;
import dev.mlops.local.LocalBackend;
import dev.mlops.template.Templates;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The composition "GitHub repositories with the embedded orchestrator and registry": {@link GitHubEmbeddedExample}
 * creates the project with its repositories on {@link GitHubFake} (every request validated against GitHub's OpenAPI
 * description; {@code close()} fails on a violation) and runs the quickstart's own flow
 * ({@link Quickstart#deliver}): build → approve → staging → gate → prod, then a second commit starts a new build.
 * Once more with 30 % of the calls to GitHub failing transiently.
 */
class GitHubEmbeddedCompositionTest {
    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    private static final URI HOOK = URI.create("https://ci.example.com/github-webhook/");

    @TempDir
    Path home;

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void gitHubRepositories_embeddedRest_buildApproveStagingGateProd_andASecondCommitBuildsAgain() {
        try (GitHubFake github = GitHubFake.start()) {
            GitHubRepositories repos = GitHubEmbeddedExample.gitHub(Secret.of("ghp_composition"), GitHubFake.ORG,
                    github.baseUrl()).webhook(HOOK, Secret.of("hook-secret")).build();
            runAndCommitAgain(github, repos, "abalone");
        }
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void theSameComposition_with30PercentOfGitHubCallsFailing_completesWithoutDuplicates() {
        try (GitHubFake github = GitHubFake.start()) {
            github.faults(0.30, 10);
            // The example's builder, with the retries a flaky host calls for: 8 attempts from 50 ms (the default is
            // 5 from 500 ms, which leaves about 0.2 % of calls failed at a 30 % fault rate).
            GitHubRepositories repos = GitHubEmbeddedExample.gitHub(Secret.of("ghp_faults"), GitHubFake.ORG,
                    github.baseUrl()).webhook(HOOK, Secret.of("hook-secret")).retries(8, Duration.ofMillis(50)).build();
            runAndCommitAgain(github, repos, "flaky");
            assertThat(github.faultsInjected()).as("faults injected of %d requests", github.requests())
                    .isGreaterThan(20);
        }
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void gitHubDownDuringCreate_failsCleanlyNamingIt_andARunAfterItRecovers_completesWithoutDuplicates() {
        try (GitHubFake github = GitHubFake.start()) {
            // Every call fails: 502, 429, resets, and resets after the call was handled (a repository may be made
            // while its creator hears nothing back).
            github.faults(1.0, 3);
            GitHubRepositories down = GitHubEmbeddedExample.gitHub(Secret.of("ghp_down"), GitHubFake.ORG,
                    github.baseUrl()).webhook(HOOK, Secret.of("hook-secret")).retries(4, Duration.ofMillis(10)).build();
            long started = System.nanoTime();
            try (LocalBackend backend = LocalBackend.builder().home(home).build()) {
                assertThatThrownBy(() -> GitHubEmbeddedExample.create("outage", down, backend, new CopyOnWriteArrayList<>(),
                        new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8)))
                        .isInstanceOf(MlopsBackendException.class)
                        .satisfies(e -> assertThat(((MlopsException) e).retryable()).as("retryable").isTrue())
                        .satisfies(e -> assertThat(e.getMessage()).as("names GitHub").containsIgnoringCase("github"))
                        .satisfies(e -> assertThat(e.toString()).doesNotContain("ghp_down"));
            }
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("fails within the retries' budget")
                    .isLessThan(Duration.ofMinutes(1));

            // GitHub is back; a new process (a new component: its circuit breaker is its own) runs the example again.
            github.faults(0, 3);
            GitHubRepositories back = GitHubEmbeddedExample.gitHub(Secret.of("ghp_down"), GitHubFake.ORG,
                    github.baseUrl()).webhook(HOOK, Secret.of("hook-secret")).build();
            runAndCommitAgain(github, back, "outage");
        }
    }

    /** The example's create and the quickstart's flow, a second commit, then the fake's counters. */
    private void runAndCommitAgain(GitHubFake github, GitHubRepositories repos, String name) {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        List<ProjectEvent> events = new CopyOnWriteArrayList<>();
        String buildRepo;
        String deployRepo;
        try (LocalBackend backend = LocalBackend.builder().home(home).build();
             Project project = GitHubEmbeddedExample.create(name, repos, backend, events, out)) {
            buildRepo = "sagemaker-" + name + "-" + project.id() + "-" + Templates.MODEL_BUILD;
            deployRepo = "sagemaker-" + name + "-" + project.id() + "-" + Templates.MODEL_DEPLOY;
            assertThat(project.repositories().named(Templates.MODEL_BUILD).name()).isEqualTo(buildRepo);
            String seed = project.repositories().named(Templates.MODEL_BUILD).headCommit();
            assertThat(github.history(GitHubFake.ORG, buildRepo, "main")).as("auto_init, then the seed").hasSize(2)
                    .first().isEqualTo(seed);

            Map<String, Long> figures = Quickstart.deliver(project, events, new LinkedHashMap<>(), System.nanoTime(), out);

            assertThat(figures).containsEntry("modelVersion", 1L);
            assertThat(project.models().version(1).status()).isEqualTo(ModelApprovalStatus.Approved);
            assertThat(project.models().version(1).lineage()).containsEntry("sourceCommit", seed);
            assertThat(project.environments().staging().deployedVersion()).hasValueSatisfying(v -> assertThat(v.version()).isEqualTo(1));
            assertThat(project.environments().prod().deployedVersion()).hasValueSatisfying(v -> assertThat(v.version()).isEqualTo(1));
            assertThat(project.pipelines().build().executions()).as("the seed commit built once").hasSize(1);
            assertThat(printed.toString(StandardCharsets.UTF_8)).contains("Registered model version 1")
                    .contains("Prod endpoint " + name + "-prod").contains("serves version 1");

            // A second commit, through the project's repository: GitHub's Git Data API, then the engine's next poll.
            String commit = project.repositories().named(Templates.MODEL_BUILD).commit("Document the data",
                    Map.of("data/NOTES.md", "Abalone rings are age + 1.5 years\n"));
            Execution second = project.pipelines().build().awaitCommit(commit, TIMEOUT);
            assertThat(second.status()).as("%s: %s", second, second.stages()).isEqualTo(ExecutionStatus.Succeeded);
            assertThat(second.sourceCommit()).hasValue(commit);
            assertThat(second.trigger()).contains(commit.substring(0, 7));
            assertThat(project.models().version(2).lineage()).containsEntry("sourceCommit", commit);
            assertThat(github.history(GitHubFake.ORG, buildRepo, "main")).hasSize(3).first().isEqualTo(commit);
        }

        assertThat(github.repositoriesCreated()).as("repositories").isEqualTo(2);
        assertThat(github.exists(GitHubFake.ORG, buildRepo)).isTrue();
        assertThat(github.exists(GitHubFake.ORG, deployRepo)).isTrue();
        assertThat(github.commitsCreated()).as("one seed commit per repository and the second commit").isEqualTo(3);
        assertThat(github.history(GitHubFake.ORG, deployRepo, "main")).as("auto_init, then the seed").hasSize(2);
        assertThat(github.hooksCreated()).as("webhooks").isEqualTo(2);
        assertThat(github.hooks(GitHubFake.ORG, buildRepo)).hasSize(1);
        assertThat(github.hooks(GitHubFake.ORG, deployRepo)).hasSize(1);
        assertThat(github.problems()).as("requests GitHub's OpenAPI description refuses").isEmpty();
    }
}
