package dev.mlops.git.bitbucket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.Secret;
import dev.mlops.exception.ConflictException;
import dev.mlops.exception.MlopsBackendException;
import dev.mlops.exception.MlopsClientException;
import dev.mlops.exception.MlopsException;
import dev.mlops.exception.NotFoundException;
import dev.mlops.exception.ValidationException;
import dev.mlops.git.bitbucket.fixtures.BitbucketCloudFake;
import dev.mlops.git.bitbucket.fixtures.BitbucketProjects;
import dev.mlops.git.bitbucket.fixtures.FaultPlan;
import dev.mlops.spi.CommitInfo;
import dev.mlops.spi.CommitRequest;
import dev.mlops.spi.ProjectRecord;
import dev.mlops.spi.RepositoryInfo;
import dev.mlops.template.Capability;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bitbucket Cloud beyond the kit: builders, adoption, webhooks, export, failure paths and transient faults. */
class BitbucketCloudRepositoriesTest {
    private static final String EMAIL = "ml-bot@acme.example";
    private static final String TOKEN = "ATATT-secret-token-value";
    private static final String WS = "acme";

    private BitbucketCloudFake fake;
    private BitbucketCloudRepositories repos;

    @BeforeEach
    void start() {
        String basic = Base64.getEncoder().encodeToString((EMAIL + ":" + TOKEN).getBytes());
        fake = new BitbucketCloudFake("Basic " + basic);
        repos = builder().build();
    }

    private BitbucketCloudRepositories.Builder builder() {
        return BitbucketCloudRepositories.builder().baseUrl(fake.baseUrl()).workspace(WS).projectKey("MLOPS")
                .apiToken(EMAIL, Secret.of(TOKEN)).retries(6, Duration.ofMillis(2), Duration.ofMillis(20));
    }

    @AfterEach
    void stop() {
        try {
            assertThat(fake.problems()).as("requests the OpenAPI description refuses").isEmpty();
        } finally {
            fake.close();
        }
    }

    private static String slug(ProjectRecord p, String role) {
        return p.resourceName(role).toLowerCase(java.util.Locale.ROOT);
    }

    @Test
    void builder_checksEachSetting_andNeverShowsTheToken() {
        assertThatThrownBy(() -> BitbucketCloudRepositories.builder().apiToken(EMAIL, Secret.of(TOKEN)).build())
                .isInstanceOf(ValidationException.class).hasMessageContaining("bitbucketCloud.workspace");
        assertThatThrownBy(() -> BitbucketCloudRepositories.builder().workspace(WS).build())
                .isInstanceOf(ValidationException.class).hasMessageContaining("bitbucketCloud.credentials");
        assertThatThrownBy(() -> BitbucketCloudRepositories.builder().workspace(WS).accessToken(Secret.of(TOKEN))
                .baseUrl(URI.create("http://bitbucket.example/2.0")).build())
                .isInstanceOf(ValidationException.class).hasMessageContaining("bitbucketCloud.baseUrl");
        assertThatThrownBy(() -> builder().webhook(URI.create("https://ci.example/hook"), null).build())
                .isInstanceOf(ValidationException.class).hasMessageContaining("bitbucketCloud.webhook");
        assertThatThrownBy(() -> builder().projectKey("9bad").build())
                .isInstanceOf(ValidationException.class).hasMessageContaining("bitbucketCloud.projectKey");
        assertThat(repos.toString()).contains(WS).doesNotContain(TOKEN).doesNotContain(EMAIL);
        assertThat(repos.capabilities()).contains(Capability.THIRD_PARTY_REPOSITORIES,
                Capability.READABLE_REPOSITORIES);
    }

    @Test
    void provision_createsPrivateRepositories_seedsOneCommit_andHeadAndExportReadItBack(@TempDir Path out)
            throws Exception {
        ProjectRecord p = BitbucketProjects.project("churn");
        RepositoryInfo build = repos.provision(p, p.template().repository("modelbuild").orElseThrow());
        assertThat(fake.history(WS, slug(p, "modelbuild"), "main")).containsExactly(build.headCommit());
        Optional<CommitInfo> head = repos.head(p, "modelbuild");
        assertThat(head).get().extracting(CommitInfo::id).isEqualTo(build.headCommit());
        assertThat(head.get().message()).contains("Seed code of the Bitbucket test template");
        repos.export(p, "modelbuild", build.headCommit(), out);
        assertThat(Files.readString(out.resolve("pipelines/train/pipeline.py"))).isEqualTo("print('train')\n");
        assertThat(Files.readString(out.resolve("README.md"))).isEqualTo("# seed\n");
        assertThat(Files.exists(out.resolve(".git"))).isFalse();
        assertThatThrownBy(() -> repos.export(p, "modelbuild", "0123456789abcdef0123456789abcdef01234567", out))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> repos.head(p, "nosuchrole")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> repos.export(p, "modelbuild", "../../etc", out)).isInstanceOf(ValidationException.class);
    }

    @Test
    void provision_adoptsAnExistingRepository_andDeleteProjectRemovesOnlyWhatItCreated() {
        ProjectRecord p = BitbucketProjects.project("adopt");
        fake.existing(WS, slug(p, "modeldeploy"), "made by hand");
        repos.provision(p, p.template().repository("modelbuild").orElseThrow());
        repos.provision(p, p.template().repository("modeldeploy").orElseThrow());
        assertThat(fake.repositoriesCreated()).isEqualTo(1);
        assertThat(fake.history(WS, slug(p, "modeldeploy"), "main")).hasSize(1);
        repos.deleteProject(p);
        assertThat(fake.exists(WS, slug(p, "modelbuild"))).isFalse();
        assertThat(fake.exists(WS, slug(p, "modeldeploy"))).as("adopted, so kept").isTrue();
    }

    @Test
    void webhook_isMadeOnce_withItsSecret() {
        BitbucketCloudRepositories hooked = builder().webhook(URI.create("https://ci.example/bitbucket-hook"),
                Secret.of("hook-secret")).build();
        ProjectRecord p = BitbucketProjects.project("hooks");
        hooked.provision(p, p.template().repository("modelbuild").orElseThrow());
        hooked.provision(p, p.template().repository("modelbuild").orElseThrow());
        assertThat(fake.hooks(WS, slug(p, "modelbuild"))).singleElement().satisfies(h -> {
            assertThat(h.path("secret").asText()).isEqualTo("hook-secret");
            assertThat(h.path("events").get(0).asText()).isEqualTo("repo:push");
        });
    }

    @Test
    void aNameTakenByAnother_isAConflict() {
        ProjectRecord p = BitbucketProjects.project("taken");
        fake.takenByAnother(WS, slug(p, "modelbuild"));
        assertThatThrownBy(() -> repos.provision(p, p.template().repository("modelbuild").orElseThrow()))
                .isInstanceOf(ConflictException.class).hasMessageContaining("already taken")
                .hasMessageContaining(slug(p, "modelbuild"));
        assertThat(fake.repositoriesCreated()).isZero();
    }

    @Test
    void aTokenWithoutTheScope_isAClientErrorNamingIt_withoutTheToken() {
        fake.withoutScope("repository:admin");
        ProjectRecord p = BitbucketProjects.project("scope");
        assertThatThrownBy(() -> repos.provision(p, p.template().repository("modelbuild").orElseThrow()))
                .isInstanceOf(MlopsClientException.class)
                .hasMessageContaining("admin:repository:bitbucket").hasMessageContaining("403")
                .hasMessageNotContaining(TOKEN)
                .satisfies(e -> assertThat(((MlopsException) e).retryable()).isFalse());
    }

    @Test
    void aWrongToken_isAClientError() {
        BitbucketCloudRepositories wrong = builder().apiToken(EMAIL, Secret.of("not-the-token")).build();
        ProjectRecord p = BitbucketProjects.project("wrong");
        assertThatThrownBy(() -> wrong.provision(p, p.template().repository("modelbuild").orElseThrow()))
                .isInstanceOf(MlopsClientException.class).hasMessageContaining("401")
                .hasMessageNotContaining("not-the-token");
    }

    @Test
    void anExhaustedRateLimit_failsCleanly_afterTheRetries() {
        fake.faults(FaultPlan.rateLimitExhausted());
        ProjectRecord p = BitbucketProjects.project("ratelimit");
        int before = fake.calls();
        assertThatThrownBy(() -> repos.provision(p, p.template().repository("modelbuild").orElseThrow()))
                .isInstanceOf(MlopsBackendException.class).hasMessageContaining("429")
                .hasMessageContaining("rate limited")
                .satisfies(e -> assertThat(((MlopsException) e).retryable()).isTrue());
        assertThat(fake.calls() - before).as("bounded attempts").isLessThanOrEqualTo(6 * 6);
        assertThat(fake.repositoriesCreated()).isZero();
    }

    @Test
    void commit_onAMovedHead_isAConflict_andAnUnknownRoleNotFound() {
        ProjectRecord p = BitbucketProjects.project("moved");
        String seed = repos.provision(p, p.template().repository("modelbuild").orElseThrow()).headCommit();
        repos.commit(p, "modelbuild", new CommitRequest("theirs", Map.of("a.txt", "a"), Optional.empty()));
        assertThatThrownBy(() -> repos.commit(p, "modelbuild", new CommitRequest("mine", Map.of("b.txt", "b"),
                Optional.of(seed)))).isInstanceOf(ConflictException.class).hasMessageContaining(seed);
        assertThatThrownBy(() -> repos.commit(p, "nope", new CommitRequest("x", Map.of("b.txt", "b"),
                Optional.empty()))).isInstanceOf(NotFoundException.class);
        assertThat(fake.history(WS, slug(p, "modelbuild"), "main")).hasSize(2);
    }

    @Test
    void thirtyPercentTransientFaults_provisionCompletes_withNoDuplicateRepositoryOrCommit() {
        BitbucketCloudRepositories hooked = builder().retries(12, Duration.ofMillis(2), Duration.ofMillis(20))
                .webhook(URI.create("https://ci.example/hook"), Secret.of("s")).build();
        fake.faults(FaultPlan.share(0.3, 42));
        int projects = 4;
        for (int i = 0; i < projects; i++) {
            ProjectRecord p = BitbucketProjects.project("faults" + i);
            for (String role : new String[] {"modelbuild", "modeldeploy"}) {
                RepositoryInfo r = hooked.provision(p, p.template().repository(role).orElseThrow());
                RepositoryInfo again = hooked.provision(p, p.template().repository(role).orElseThrow());
                assertThat(again.headCommit()).isEqualTo(r.headCommit());
                assertThat(fake.history(WS, slug(p, role), "main")).as("one seed commit").containsExactly(r.headCommit());
                assertThat(fake.hooks(WS, slug(p, role))).as("one webhook").hasSize(1);
            }
            String c = hooked.commit(p, "modelbuild", new CommitRequest("change " + i, Map.of("x.txt", "x" + i),
                    Optional.empty()));
            assertThat(fake.history(WS, slug(p, "modelbuild"), "main")).as("one commit more").hasSize(2).first()
                    .isEqualTo(c);
        }
        assertThat(fake.repositoriesCreated()).isEqualTo(projects * 2);
        assertThat(fake.commitsMade()).isEqualTo(projects * 3);
    }

    @Test
    void theThirdPartyTemplatesParameters_nameTheRepositoryAndBranch_inAnyWorkspace() {
        ProjectRecord p = BitbucketProjects.project("named", Map.of("ModelBuildCodeRepositoryFullname",
                "data-team/Churn-Build", "ModelBuildCodeRepositoryBranch", "develop"));
        RepositoryInfo r = repos.provision(p, p.template().repository("modelbuild").orElseThrow());
        assertThat(r.name()).isEqualTo("data-team/Churn-Build");
        assertThat(r.branch()).isEqualTo("develop");
        assertThat(fake.history("data-team", "churn-build", "develop")).containsExactly(r.headCommit());
        assertThat(repos.list(p)).extracting(RepositoryInfo::name).contains("data-team/Churn-Build");
        ProjectRecord bad = BitbucketProjects.project("bad", Map.of("ModelBuildCodeRepositoryFullname", "no-slash"));
        assertThatThrownBy(() -> repos.provision(bad, bad.template().repository("modelbuild").orElseThrow()))
                .isInstanceOf(ValidationException.class).hasMessageContaining("ModelBuildCodeRepositoryFullname");
    }

    @Test
    void lostAnswers_toTheCreateAndTheSeed_makeNoSecondRepositoryOrCommit() {
        fake.faults(FaultPlan.firstWrites(FaultPlan.Fault.LOST_ANSWER, 3));
        ProjectRecord p = BitbucketProjects.project("lost");
        RepositoryInfo r = repos.provision(p, p.template().repository("modelbuild").orElseThrow());
        assertThat(fake.repositoriesCreated()).isEqualTo(1);
        assertThat(fake.history(WS, slug(p, "modelbuild"), "main")).containsExactly(r.headCommit());
        String c = repos.commit(p, "modelbuild", new CommitRequest("after", Map.of("y.txt", "y"), Optional.empty()));
        assertThat(fake.history(WS, slug(p, "modelbuild"), "main")).containsExactly(c, r.headCommit());
        assertThat(fake.commitsMade()).isEqualTo(2);
    }
}
