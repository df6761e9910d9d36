package dev.mlops.git.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.Secret;
import dev.mlops.exception.ConflictException;
import dev.mlops.exception.MlopsBackendException;
import dev.mlops.exception.MlopsClientException;
import dev.mlops.exception.NotFoundException;
import dev.mlops.exception.ValidationException;
import dev.mlops.git.github.fixtures.GitHubFake;
import dev.mlops.git.github.fixtures.GitHubOpenApi;
import dev.mlops.spi.CommitInfo;
import dev.mlops.spi.ProjectRecord;
import dev.mlops.spi.RepositoryInfo;
import dev.mlops.template.Capability;
import dev.mlops.template.RepositorySpec;
import dev.mlops.template.SeedCode;
import dev.mlops.template.Template;
import dev.mlops.template.Templates;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitHubRepositoriesTest {
    private static final String TOKEN = "ghp_0000000000000000000000000000000000000001";
    private static final SeedCode SEED = SeedCode.ofFiles(Map.of(
            "README.md", "# seed\n".getBytes(StandardCharsets.UTF_8),
            "pipelines/train.py", "print('train')\n".getBytes(StandardCharsets.UTF_8),
            "data/model.bin", new byte[] {0, (byte) 0xff, (byte) 0xfe, 7}));
    private static final Template TEMPLATE = Template.builder().id("gh-test").displayName("GitHub test")
            .addRepositories(RepositorySpec.of("modelbuild", SEED)).build();

    private final GitHubFake github = GitHubFake.start();

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        github.close();
    }

    private GitHubRepositories.Builder builder() {
        return GitHubRepositories.builder().baseUrl(github.baseUrl()).token(Secret.of(TOKEN)).owner(GitHubFake.ORG)
                .retries(3, Duration.ofMillis(1));
    }

    private static ProjectRecord project(Template t) {
        return new ProjectRecord("churn", "p-abcdefabcdef", t, Map.of(), Instant.parse("2026-12-01T17:00:00Z"));
    }

    private static RepositorySpec spec(ProjectRecord p) {
        return p.template().repositories().get(0);
    }

    @Test
    void provisionCreatesThenSeedsOneCommit_andARerunChangesNothing() {
        GitHubRepositories repos = builder().build();
        ProjectRecord p = project(TEMPLATE);
        RepositoryInfo first = repos.provision(p, spec(p));
        RepositoryInfo again = repos.provision(p, spec(p));

        assertThat(first.name()).isEqualTo("sagemaker-churn-p-abcdefabcdef-modelbuild");
        assertThat(again.headCommit()).isEqualTo(first.headCommit());
        assertThat(github.repositoriesCreated()).isEqualTo(1);
        assertThat(github.commitsCreated()).as("one seed commit on GitHub's auto_init commit").isEqualTo(1);
        assertThat(github.history(GitHubFake.ORG, first.name(), "main")).hasSize(2).first().isEqualTo(first.headCommit());
        assertThat(repos.capabilities()).contains(Capability.THIRD_PARTY_REPOSITORIES, Capability.READABLE_REPOSITORIES);
    }

    @Test
    void headAndExport_readTheSeedBack_withoutGitAndBinarySafe() throws Exception {
        GitHubRepositories repos = builder().build();
        ProjectRecord p = project(TEMPLATE);
        String head = repos.provision(p, spec(p)).headCommit();

        CommitInfo info = repos.head(p, "modelbuild").orElseThrow();
        assertThat(info.id()).isEqualTo(head);
        assertThat(info.message()).startsWith("Initial commit: seed code of template gh-test");
        repos.export(p, "modelbuild", head, dir.resolve("out"));

        assertThat(Files.readString(dir.resolve("out/pipelines/train.py"))).isEqualTo("print('train')\n");
        assertThat(Files.readString(dir.resolve("out/README.md"))).isEqualTo("# seed\n");
        assertThat(Files.readAllBytes(dir.resolve("out/data/model.bin"))).containsExactly(0, 0xff, 0xfe, 7);
        assertThat(dir.resolve("out/.git")).doesNotExist();
        try (Stream<Path> files = Files.walk(dir.resolve("out"))) {
            assertThat(files.filter(Files::isRegularFile).count()).as("exactly the seed: auto_init's README went")
                    .isEqualTo(3);
        }
        assertThatThrownBy(() -> repos.export(p, "modelbuild", "deadbeef", dir.resolve("x")))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("deadbeef");
        assertThatThrownBy(() -> repos.export(p, "nosuch", head, dir.resolve("x")))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("nosuch");
        assertThatThrownBy(() -> repos.head(p, "nosuch")).isInstanceOf(NotFoundException.class);
    }

    @Test
    void exportRefusesAnEntryThatLeavesTheTarget() {
        GitHubRepositories repos = builder().build();
        ProjectRecord p = project(TEMPLATE);
        String name = repos.provision(p, spec(p)).name();
        String evil = github.plant(GitHubFake.ORG, name, "main", "../escape.txt", "gotcha");

        assertThatThrownBy(() -> repos.export(p, "modelbuild", evil, dir.resolve("out")))
                .isInstanceOf(ValidationException.class).hasMessageContaining("../escape.txt");
        assertThat(dir.resolve("escape.txt")).doesNotExist();
    }

    @Test
    void anExistingRepositoryIsAdoptedAndSeeded_andKeptOnDelete() {
        ProjectRecord p = project(TEMPLATE);
        String name = p.resourceName("modelbuild");
        github.existingRepository(GitHubFake.ORG, name, "the team's own");
        GitHubRepositories repos = builder().webhook(URI.create("https://ci.example.com/hook"), Secret.of("h")).build();

        RepositoryInfo info = repos.provision(p, spec(p));
        assertThat(github.hooks(GitHubFake.ORG, name)).hasSize(1);
        repos.deleteProject(p);

        assertThat(github.repositoriesCreated()).isZero();
        assertThat(github.history(GitHubFake.ORG, name, "main")).hasSize(2).first().isEqualTo(info.headCommit());
        assertThat(github.exists(GitHubFake.ORG, name)).as("an adopted repository is kept").isTrue();
        assertThat(github.hooks(GitHubFake.ORG, name)).as("without the hook this component made").isEmpty();
    }

    @Test
    void aTakenNameIsAConflict_whenAdoptionIsOff() {
        ProjectRecord p = project(TEMPLATE);
        github.existingRepository(GitHubFake.ORG, p.resourceName("modelbuild"), "someone else's");
        GitHubRepositories repos = builder().adoptExisting(false).build();

        assertThatThrownBy(() -> repos.provision(p, spec(p)))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining(GitHubFake.ORG + "/" + p.resourceName("modelbuild"))
                .hasMessageContaining("adoptExisting");
        assertThat(github.commitsCreated()).isZero();
    }

    @Test
    void aNameTakenByARepositoryTheTokenCannotSee_isAConflict() {
        ProjectRecord p = project(TEMPLATE);
        github.hiddenRepository(GitHubFake.ORG, p.resourceName("modelbuild"));
        GitHubRepositories repos = builder().build();

        assertThatThrownBy(() -> repos.provision(p, spec(p)))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("is taken by a repository this token cannot read");
        assertThat(github.repositoriesCreated()).isZero();
    }

    @Test
    void ourOwnRepositoryIsReused_whenAdoptionIsOff_andDeletedWithTheProject() {
        GitHubRepositories repos = builder().adoptExisting(false).build();
        ProjectRecord p = project(TEMPLATE);
        repos.provision(p, spec(p));
        repos.provision(p, spec(p));
        repos.deleteProject(p);

        assertThat(github.repositoriesCreated()).isEqualTo(1);
        assertThat(github.exists(GitHubFake.ORG, p.resourceName("modelbuild"))).isFalse();
        assertThat(repos.list(p)).isEmpty();
    }

    @Test
    void aTokenWithoutTheRepoScope_isToldWhichScopeToGrant() {
        github.scopes("read:org");
        GitHubRepositories repos = builder().build();
        ProjectRecord p = project(TEMPLATE);

        assertThatThrownBy(() -> repos.provision(p, spec(p)))
                .isInstanceOf(MlopsClientException.class)
                .hasMessageContaining("needs repo")
                .hasMessageContaining("has read:org")
                .hasMessageNotContaining(TOKEN);
        assertThat(github.repositoriesCreated()).isZero();
    }

    @Test
    void deletingWithoutDeleteRepo_namesTheScope() {
        GitHubRepositories repos = builder().build();
        ProjectRecord p = project(TEMPLATE);
        repos.provision(p, spec(p));
        github.scopes("repo");

        assertThatThrownBy(() -> repos.deleteProject(p))
                .isInstanceOf(MlopsClientException.class).hasMessageContaining("delete_repo");
        assertThat(github.exists(GitHubFake.ORG, p.resourceName("modelbuild"))).isTrue();
    }

    @Test
    void anExhaustedRateLimitBeyondTheBudget_failsAtOnce_sayingWhenItResets() {
        Instant reset = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        github.exhaustRateLimit(reset);
        GitHubRepositories repos = builder().maxRetryWait(Duration.ofSeconds(5)).build();
        ProjectRecord p = project(TEMPLATE);

        assertThatThrownBy(() -> repos.provision(p, spec(p)))
                .isInstanceOf(MlopsBackendException.class)
                .satisfies(e -> assertThat(((MlopsBackendException) e).retryable()).isTrue())
                .hasMessageContaining("primary rate limit exhausted")
                .hasMessageContaining("resets at " + reset)
                .hasMessageContaining("maxRetryWait");
        assertThat(github.requests()).as("no retry into an hour-long wait").isEqualTo(1);
    }

    @Test
    void anExhaustedRateLimitWithinTheBudget_isWaitedOut() {
        github.exhaustRateLimit(Instant.now().plusSeconds(2).truncatedTo(ChronoUnit.SECONDS));
        GitHubRepositories repos = builder().maxRetryWait(Duration.ofSeconds(5)).build();
        ProjectRecord p = project(TEMPLATE);

        assertThat(repos.provision(p, spec(p)).headCommit()).isNotBlank();
        assertThat(github.repositoriesCreated()).isEqualTo(1);
    }

    @Test
    void theWebhookIsMadeOnce_signedWithTheSecret() {
        GitHubRepositories repos = builder().webhook(URI.create("https://ci.example.com/github-webhook/"),
                Secret.of("hook-s3cret")).build();
        ProjectRecord p = project(TEMPLATE);
        repos.provision(p, spec(p));
        repos.provision(p, spec(p));

        assertThat(github.hooksCreated()).isEqualTo(1);
        JsonNode hook = github.hooks(GitHubFake.ORG, p.resourceName("modelbuild")).get(0);
        assertThat(hook.path("config").path("url").asText()).isEqualTo("https://ci.example.com/github-webhook/");
        assertThat(hook.path("config").path("content_type").asText()).isEqualTo("json");
        assertThat(hook.path("events").toString()).isEqualTo("[\"push\"]");
        assertThat(github.hookSecret(GitHubFake.ORG, p.resourceName("modelbuild"), hook.path("id").asLong()))
                .isEqualTo("hook-s3cret");
        assertThat(repos.toString()).doesNotContain("hook-s3cret").doesNotContain(TOKEN);
    }

    @Test
    void theThirdPartyTemplatesNameTheirRepositoriesInFull() {
        Template t = Templates.thirdPartyGitJenkins()
                .withParameter("ModelBuildCodeRepositoryFullname", "acme-ml/churn-build")
                .withParameter("ModelBuildCodeRepositoryBranch", "develop")
                .withParameter("ModelDeployCodeRepositoryFullname", "acme-ml/churn-deploy");
        ProjectRecord p = project(t);
        GitHubRepositories repos = builder().build();

        RepositoryInfo build = repos.provision(p, p.template().repository("modelbuild").orElseThrow());
        RepositoryInfo deploy = repos.provision(p, p.template().repository("modeldeploy").orElseThrow());

        assertThat(build.name()).isEqualTo("acme-ml/churn-build");
        assertThat(build.branch()).isEqualTo("develop");
        assertThat(deploy.name()).isEqualTo("acme-ml/churn-deploy");
        assertThat(github.history("acme-ml", "churn-build", "develop")).hasSize(2);
        assertThat(github.history("acme-ml", "churn-build", "main")).as("the default branch is untouched").hasSize(1);
        assertThat(repos.list(p)).extracting(RepositoryInfo::name)
                .containsExactly("acme-ml/churn-build", "acme-ml/churn-deploy");
    }

    @Test
    void anEnterpriseServerUnderApiV3_worksTheSame() throws Exception {
        try (GitHubFake ghes = GitHubFake.start(GitHubOpenApi.Flavor.GHES)) {
            GitHubRepositories repos = GitHubRepositories.builder().baseUrl(ghes.baseUrl()).token(Secret.of(TOKEN))
                    .owner(GitHubFake.ORG).visibility(Visibility.INTERNAL).retries(3, Duration.ofMillis(1)).build();
            ProjectRecord p = project(TEMPLATE);
            String seed = repos.provision(p, spec(p)).headCommit();
            String next = repos.commit(p, "modelbuild", new dev.mlops.spi.CommitRequest("more",
                    Map.of("pipelines/evaluate.py", "print('eval')\n"), java.util.Optional.of(seed)));
            repos.export(p, "modelbuild", next, dir.resolve("ghes"));

            assertThat(ghes.baseUrl().getPath()).isEqualTo("/api/v3");
            assertThat(Files.readString(dir.resolve("ghes/pipelines/evaluate.py"))).isEqualTo("print('eval')\n");
            assertThat(ghes.history(GitHubFake.ORG, p.resourceName("modelbuild"), "main")).hasSize(3);
        }
    }

    @Test
    void theBuilderChecksEveryValue_andNeverShowsTheToken() {
        Stream.of(
                        new Object[] {GitHubRepositories.builder().owner("o"), "GitHubRepositories.token"},
                        new Object[] {GitHubRepositories.builder().token(Secret.of(TOKEN)), "GitHubRepositories.owner"},
                        new Object[] {GitHubRepositories.builder().token(Secret.of(TOKEN)).owner("has space"),
                                "GitHubRepositories.owner"},
                        new Object[] {GitHubRepositories.builder().token(Secret.of(TOKEN)).owner("o")
                                .baseUrl(URI.create("ftp://example.com")), "GitHubRepositories.baseUrl"},
                        new Object[] {GitHubRepositories.builder().token(Secret.of(TOKEN)).owner("o")
                                .webhook(URI.create("https://ci.example.com/"), null), "GitHubRepositories.webhook.secret"},
                        new Object[] {GitHubRepositories.builder().token(Secret.of(TOKEN)).owner("o").visibility(null),
                                "GitHubRepositories.visibility"})
                .forEach(c -> assertThatThrownBy(((GitHubRepositories.Builder) c[0])::build)
                        .isInstanceOf(ValidationException.class)
                        .hasMessageContaining((String) c[1])
                        .hasMessageNotContaining(TOKEN));
        GitHubRepositories ghes = GitHubRepositories.builder().token(Secret.of(TOKEN)).owner("o")
                .baseUrl(URI.create("https://github.example.com/api/v3")).build();
        assertThat(ghes.toString()).contains("https://github.example.com/api/v3").doesNotContain(TOKEN);
        assertThat(ghes.backend()).isEqualTo("github");
    }
}
