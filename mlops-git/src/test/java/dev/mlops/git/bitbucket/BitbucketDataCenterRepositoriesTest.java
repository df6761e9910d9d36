package dev.mlops.git.bitbucket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.Secret;
import dev.mlops.exception.ConflictException;
import dev.mlops.exception.MlopsBackendException;
import dev.mlops.exception.MlopsClientException;
import dev.mlops.exception.NotFoundException;
import dev.mlops.exception.ValidationException;
import dev.mlops.git.bitbucket.fixtures.BitbucketDataCenterFake;
import dev.mlops.git.bitbucket.fixtures.BitbucketProjects;
import dev.mlops.git.bitbucket.fixtures.FaultPlan;
import dev.mlops.git.bitbucket.fixtures.GitHttpBackend;
import dev.mlops.spi.CommitInfo;
import dev.mlops.spi.CommitRequest;
import dev.mlops.spi.ProjectRecord;
import dev.mlops.spi.RepositoryInfo;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bitbucket Data Center beyond the kit: the seed as one pushed commit, export, webhooks, failure paths and
 * transient faults on both REST and git. Skipped, saying so, only where {@code git} is not installed.
 */
class BitbucketDataCenterRepositoriesTest {
    private static final String TOKEN = "BBDC-secret-http-token";
    private static final String KEY = "MLOPS";

    @TempDir
    Path dir;

    private BitbucketDataCenterFake fake;
    private BitbucketDataCenterRepositories repos;

    @BeforeEach
    void start() {
        Assumptions.assumeTrue(GitHttpBackend.gitAvailable(),
                "git is not installed: the Data Center tests push to a real git http-backend (.ci/run installs git)");
        fake = new BitbucketDataCenterFake(dir.resolve("server"), "Bearer " + TOKEN);
        repos = builder().build();
    }

    private BitbucketDataCenterRepositories.Builder builder() {
        return BitbucketDataCenterRepositories.builder().baseUrl(fake.baseUrl()).projectKey(KEY)
                .token(Secret.of(TOKEN)).retries(6, Duration.ofMillis(2), Duration.ofMillis(20));
    }

    @AfterEach
    void stop() {
        if (fake == null) {
            return;
        }
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
        assertThatThrownBy(() -> BitbucketDataCenterRepositories.builder().projectKey(KEY).token(Secret.of(TOKEN))
                .build()).isInstanceOf(ValidationException.class).hasMessageContaining("bitbucketDataCenter.baseUrl");
        assertThatThrownBy(() -> BitbucketDataCenterRepositories.builder().baseUrl(fake.baseUrl()).token(Secret.of(TOKEN))
                .build()).isInstanceOf(ValidationException.class).hasMessageContaining("bitbucketDataCenter.projectKey");
        assertThatThrownBy(() -> BitbucketDataCenterRepositories.builder().baseUrl(fake.baseUrl()).projectKey(KEY)
                .build()).isInstanceOf(ValidationException.class).hasMessageContaining("bitbucketDataCenter.token");
        assertThatThrownBy(() -> builder().baseUrl(URI.create("https://bitbucket.example/?x=1")).build())
                .isInstanceOf(ValidationException.class);
        assertThat(repos.toString()).contains(KEY).doesNotContain(TOKEN);
    }

    @Test
    void provision_pushesTheSeedAsOneCommit_setsTheDescription_andExportReadsItBack(@TempDir Path out)
            throws Exception {
        ProjectRecord p = BitbucketProjects.project("churn");
        RepositoryInfo build = repos.provision(p, p.template().repository("modelbuild").orElseThrow());
        assertThat(build.cloneUri().getPath()).isEqualTo("/bitbucket/scm/mlops/" + slug(p, "modelbuild") + ".git");
        assertThat(fake.history(KEY, slug(p, "modelbuild"), "main")).containsExactly(build.headCommit());
        assertThat(fake.pushes()).isEqualTo(1);
        Optional<CommitInfo> head = repos.head(p, "modelbuild");
        assertThat(head).get().extracting(CommitInfo::id).isEqualTo(build.headCommit());
        assertThat(head.get().message()).contains("Seed code of the Bitbucket test template");
        repos.export(p, "modelbuild", build.headCommit(), out);
        assertThat(Files.readString(out.resolve("pipelines/train/pipeline.py"))).isEqualTo("print('train')\n");
        assertThat(Files.exists(out.resolve(".git"))).isFalse();
        assertThatThrownBy(() -> repos.export(p, "modelbuild", "0123456789abcdef0123456789abcdef01234567", out))
                .isInstanceOf(NotFoundException.class);
        repos.provision(p, p.template().repository("modelbuild").orElseThrow());
        assertThat(fake.pushes()).as("an already-seeded repository is left as it is").isEqualTo(1);
        repos.deleteProject(p);
        assertThat(fake.exists(KEY, slug(p, "modelbuild"))).as("created with the SDK's marker, so deleted").isFalse();
    }

    @Test
    void webhook_isMadeOnce_withItsSecret() {
        BitbucketDataCenterRepositories hooked = builder().webhook(URI.create("https://ci.example/hook"),
                Secret.of("hook-secret")).build();
        ProjectRecord p = BitbucketProjects.project("hooks");
        hooked.provision(p, p.template().repository("modelbuild").orElseThrow());
        hooked.provision(p, p.template().repository("modelbuild").orElseThrow());
        assertThat(fake.hooks(KEY, slug(p, "modelbuild"))).singleElement().satisfies(h -> {
            assertThat(h.path("configuration").path("secret").asText()).isEqualTo("hook-secret");
            assertThat(h.path("events").get(0).asText()).isEqualTo("repo:refs_changed");
        });
    }

    @Test
    void aNameTakenByAnother_isAConflict() {
        ProjectRecord p = BitbucketProjects.project("taken");
        fake.takenByAnother(slug(p, "modelbuild"));
        assertThatThrownBy(() -> repos.provision(p, p.template().repository("modelbuild").orElseThrow()))
                .isInstanceOf(ConflictException.class).hasMessageContaining("already taken");
        assertThat(fake.repositoriesCreated()).isZero();
    }

    @Test
    void aTokenWithoutThePermission_isAClientErrorNamingIt() {
        fake.withoutPermission("REPO_CREATE");
        ProjectRecord p = BitbucketProjects.project("perm");
        assertThatThrownBy(() -> repos.provision(p, p.template().repository("modelbuild").orElseThrow()))
                .isInstanceOf(MlopsClientException.class).hasMessageContaining("REPO_CREATE")
                .hasMessageNotContaining(TOKEN);
    }

    @Test
    void aWrongToken_isAClientError_forGitToo() {
        ProjectRecord p = BitbucketProjects.project("wrong");
        repos.provision(p, p.template().repository("modelbuild").orElseThrow());
        BitbucketDataCenterRepositories wrong = builder().token(Secret.of("not-it")).build();
        assertThatThrownBy(() -> wrong.commit(p, "modelbuild", new CommitRequest("x", Map.of("a", "a"),
                Optional.empty()))).isInstanceOf(MlopsClientException.class).hasMessageContaining("401")
                .hasMessageNotContaining("not-it");
    }

    @Test
    void anExhaustedRateLimit_failsCleanly() {
        fake.faults(FaultPlan.rateLimitExhausted(), FaultPlan.none());
        ProjectRecord p = BitbucketProjects.project("ratelimit");
        assertThatThrownBy(() -> repos.provision(p, p.template().repository("modelbuild").orElseThrow()))
                .isInstanceOf(MlopsBackendException.class).hasMessageContaining("rate limited");
        assertThat(fake.repositoriesCreated()).isZero();
    }

    @Test
    void commit_onAMovedHead_isAConflict_andPushesNothing() {
        ProjectRecord p = BitbucketProjects.project("moved");
        String seed = repos.provision(p, p.template().repository("modelbuild").orElseThrow()).headCommit();
        String theirs = repos.commit(p, "modelbuild", new CommitRequest("theirs", Map.of("a.txt", "a"),
                Optional.empty()));
        int pushes = fake.pushes();
        assertThatThrownBy(() -> repos.commit(p, "modelbuild", new CommitRequest("mine", Map.of("b.txt", "b"),
                Optional.of(seed)))).isInstanceOf(ConflictException.class).hasMessageContaining(seed);
        assertThat(fake.pushes()).isEqualTo(pushes);
        assertThat(fake.history(KEY, slug(p, "modelbuild"), "main")).first().isEqualTo(theirs);
    }

    @Test
    void thirtyPercentTransientFaults_onRestAndGit_provisionCompletes_withNoDuplicateRepositoryOrCommit() {
        BitbucketDataCenterRepositories hooked = builder().retries(12, Duration.ofMillis(2), Duration.ofMillis(20))
                .webhook(URI.create("https://ci.example/hook"), Secret.of("s")).build();
        fake.faults(FaultPlan.share(0.3, 7), FaultPlan.share(0.3, 11));
        int projects = 3;
        for (int i = 0; i < projects; i++) {
            ProjectRecord p = BitbucketProjects.project("faults" + i);
            for (String role : new String[] {"modelbuild", "modeldeploy"}) {
                RepositoryInfo r = hooked.provision(p, p.template().repository(role).orElseThrow());
                RepositoryInfo again = hooked.provision(p, p.template().repository(role).orElseThrow());
                assertThat(again.headCommit()).isEqualTo(r.headCommit());
                assertThat(fake.history(KEY, slug(p, role), "main")).as("one seed commit").containsExactly(r.headCommit());
                assertThat(fake.hooks(KEY, slug(p, role))).as("one webhook").hasSize(1);
            }
            String c = hooked.commit(p, "modelbuild", new CommitRequest("change " + i, Map.of("x.txt", "x" + i),
                    Optional.empty()));
            assertThat(fake.history(KEY, slug(p, "modelbuild"), "main")).as("one commit more").hasSize(2).first()
                    .isEqualTo(c);
        }
        assertThat(fake.repositoriesCreated()).isEqualTo(projects * 2);
    }

    @Test
    void lostAnswers_toTheCreateAndThePushes_makeNoSecondRepositoryOrCommit() {
        fake.faults(FaultPlan.firstWrites(FaultPlan.Fault.LOST_ANSWER, 1),
                FaultPlan.firstWrites(FaultPlan.Fault.LOST_ANSWER, 2));
        ProjectRecord p = BitbucketProjects.project("lost");
        RepositoryInfo r = repos.provision(p, p.template().repository("modelbuild").orElseThrow());
        assertThat(fake.repositoriesCreated()).isEqualTo(1);
        assertThat(fake.history(KEY, slug(p, "modelbuild"), "main")).containsExactly(r.headCommit());
        String c = repos.commit(p, "modelbuild", new CommitRequest("after", Map.of("y.txt", "y"), Optional.empty()));
        assertThat(fake.history(KEY, slug(p, "modelbuild"), "main")).containsExactly(c, r.headCommit());
    }
}
