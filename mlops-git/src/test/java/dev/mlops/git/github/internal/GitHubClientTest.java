package dev.mlops.git.github.internal;

import dev.mlops.git.github.Visibility;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.mlops.Secret;
import dev.mlops.exception.MlopsClientException;
import dev.mlops.exception.MlopsException;
import dev.mlops.exception.NotFoundException;
import dev.mlops.exception.ValidationException;
import dev.mlops.git.github.fixtures.GitHubOpenApi;
import dev.mlops.git.github.fixtures.GitHubStubServer;
import dev.mlops.git.github.fixtures.OctokitFixtures;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class GitHubClientTest {
    private static final String TOKEN = "ghp_0000000000000000000000000000000000000001";
    private static final String ORG = "octokit-fixture-org";
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    final GitHubStubServer github = new GitHubStubServer(GitHubOpenApi.Flavor.GITHUB_COM);

    private GitHubClient client() {
        return GitHubClient.builder().baseUrl(new GitHubBaseUrl(github.root())).token(Secret.of(TOKEN))
                .retries(3, Duration.ofMillis(5), Duration.ofMillis(50)).build();
    }

    private WireMockServer wm() {
        return github.server();
    }

    /** The recorded get-repository answer, renamed: GitHub answers a create with the same full-repository shape. */
    private static String repositoryBody(String owner, String name, boolean isPrivate) {
        ObjectNode repo = (ObjectNode) OctokitFixtures.interaction("get-repository", 0).get("response").deepCopy();
        repo.put("name", name).put("full_name", owner + "/" + name).put("private", isPrivate)
                .put("visibility", isPrivate ? "private" : "public")
                .put("clone_url", "https://github.com/" + owner + "/" + name + ".git");
        ((ObjectNode) repo.get("owner")).put("login", owner);
        return repo.toString();
    }

    @Test
    void adoptsAnExistingRepositoryAndSaysSo() {
        wm().stubFor(get("/repos/" + ORG + "/hello-world")
                .willReturn(okJson(OctokitFixtures.body("get-repository", 0))));

        EnsuredRepository r = client().ensureRepository(ORG, "hello-world", Visibility.PRIVATE, null);

        assertThat(r.created()).isFalse();
        assertThat(r.repository().fullName()).isEqualTo(ORG + "/hello-world");
        assertThat(r.repository().defaultBranch()).isEqualTo("master");
        assertThat(r.describe()).startsWith("adopted existing " + ORG + "/hello-world (public, asked for private)");
        wm().verify(0, postRequestedFor(urlEqualTo("/orgs/" + ORG + "/repos")));
        wm().verify(getRequestedFor(urlEqualTo("/repos/" + ORG + "/hello-world"))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .withHeader("Accept", equalTo("application/vnd.github+json"))
                .withHeader("X-GitHub-Api-Version", equalTo("2022-11-28")));
    }

    @Test
    void createsAnOrganisationRepositoryWithTheAskedVisibility() {
        wm().stubFor(get("/repos/" + ORG + "/models").willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"message\":\"Not Found\",\"documentation_url\":\"https://docs.github.com/rest\"}")));
        wm().stubFor(get("/user").willReturn(okJson("{\"login\":\"mlops-bot\",\"id\":1,\"type\":\"User\"}")));
        wm().stubFor(post("/orgs/" + ORG + "/repos").willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json")
                .withHeader("Location", "https://api.github.com/repos/" + ORG + "/models")
                .withBody(repositoryBody(ORG, "models", true))));

        EnsuredRepository r = client().ensureRepository(ORG, "models", Visibility.PRIVATE, "model build");

        assertThat(r.created()).isTrue();
        assertThat(r.repository().visibility()).isEqualTo(Visibility.PRIVATE);
        assertThat(r.describe()).isEqualTo("created " + ORG + "/models (private)");
        wm().verify(postRequestedFor(urlEqualTo("/orgs/" + ORG + "/repos")).withRequestBody(equalToJson(
                "{\"name\":\"models\",\"auto_init\":true,\"description\":\"model build\",\"visibility\":\"private\"}")));
    }

    @Test
    void createsAPersonalRepositoryWithThePrivateFlag() {
        wm().stubFor(get("/repos/mlops-bot/models").willReturn(aResponse().withStatus(404)));
        wm().stubFor(get("/user").willReturn(okJson("{\"login\":\"mlops-bot\",\"id\":1,\"type\":\"User\"}")));
        wm().stubFor(post("/user/repos").willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody(repositoryBody("mlops-bot", "models", true))));

        EnsuredRepository r = client().ensureRepository("mlops-bot", "models", Visibility.PRIVATE, null);

        assertThat(r.created()).isTrue();
        wm().verify(postRequestedFor(urlEqualTo("/user/repos"))
                .withRequestBody(equalToJson("{\"name\":\"models\",\"auto_init\":true,\"private\":true}")));
    }

    @Test
    void internalVisibilityOnAUserAccountIsRefusedBeforeAnyWrite() {
        wm().stubFor(get("/repos/mlops-bot/models").willReturn(aResponse().withStatus(404)));
        wm().stubFor(get("/user").willReturn(okJson("{\"login\":\"mlops-bot\",\"id\":1}")));

        assertThatThrownBy(() -> client().ensureRepository("mlops-bot", "models", Visibility.INTERNAL, null))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("github.visibility").hasMessageContaining("organisation");
        wm().verify(0, postRequestedFor(urlEqualTo("/user/repos")));
    }

    @Test
    void aNameTakenWhileCreatingIsAdoptedNotDuplicated() {
        wm().stubFor(get("/repos/" + ORG + "/models").inScenario("race").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(404)).willSetStateTo("taken"));
        wm().stubFor(get("/repos/" + ORG + "/models").inScenario("race").whenScenarioStateIs("taken")
                .willReturn(okJson(repositoryBody(ORG, "models", true))));
        wm().stubFor(get("/user").willReturn(okJson("{\"login\":\"mlops-bot\",\"id\":1}")));
        wm().stubFor(post("/orgs/" + ORG + "/repos").willReturn(aResponse().withStatus(422)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"message\":\"Repository creation failed.\",\"errors\":[{\"resource\":\"Repository\","
                        + "\"code\":\"custom\",\"field\":\"name\",\"message\":\"name already exists on this account\"}],"
                        + "\"documentation_url\":\"https://docs.github.com/rest/repos/repos#create-an-organization-repository\","
                        + "\"status\":\"422\"}")));

        EnsuredRepository r = client().ensureRepository(ORG, "models", Visibility.PRIVATE, null);

        assertThat(r.created()).isFalse();
        assertThat(r.describe()).startsWith("adopted existing");
        wm().verify(1, postRequestedFor(urlEqualTo("/orgs/" + ORG + "/repos")));
    }

    @Test
    void otherValidationFailuresNameGitHubsReason() {
        wm().stubFor(get("/repos/" + ORG + "/models").willReturn(aResponse().withStatus(404)));
        wm().stubFor(get("/user").willReturn(okJson("{\"login\":\"mlops-bot\",\"id\":1}")));
        wm().stubFor(post("/orgs/" + ORG + "/repos").willReturn(aResponse().withStatus(422)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"message\":\"Validation Failed\",\"errors\":[{\"resource\":\"Repository\","
                        + "\"code\":\"invalid\",\"field\":\"visibility\"}],\"status\":\"422\"}")));

        assertThatThrownBy(() -> client().ensureRepository(ORG, "models", Visibility.PRIVATE, null))
                .isInstanceOf(MlopsClientException.class)
                .hasMessageContaining("POST /orgs/" + ORG + "/repos answered 422 \"Validation Failed\"")
                .hasMessageContaining("Repository.visibility invalid");
    }

    @Test
    void readsTheHeadCommitOfABranch() {
        String mainRef = OctokitFixtures.interaction("git-refs", 0).get("response").get(0).toString();
        wm().stubFor(get("/repos/" + ORG + "/git-refs/git/ref/heads/main").willReturn(okJson(mainRef)));

        assertThat(client().headCommit(ORG, "git-refs", "main")).isEqualTo("0000000000000000000000000000000000000001");
    }

    @Test
    void aMissingBranchAndAnEmptyRepositoryAreNotFound() {
        wm().stubFor(get("/repos/" + ORG + "/git-refs/git/ref/heads/nope").willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/json").withBody("{\"message\":\"Not Found\"}")));
        wm().stubFor(get("/repos/" + ORG + "/empty/git/ref/heads/main").willReturn(aResponse().withStatus(409)
                .withHeader("Content-Type", "application/json").withBody("{\"message\":\"Git Repository is empty.\"}")));

        assertThatThrownBy(() -> client().headCommit(ORG, "git-refs", "nope")).isInstanceOf(NotFoundException.class)
                .hasMessageContaining(ORG + "/git-refs@nope");
        assertThatThrownBy(() -> client().headCommit(ORG, "empty", "main")).isInstanceOf(NotFoundException.class)
                .hasMessageContaining("empty");
    }

    @Test
    void aTokenWithoutTheScopeIsAClientErrorNamingTheScope() {
        wm().stubFor(get("/repos/" + ORG + "/models").willReturn(aResponse().withStatus(404)));
        wm().stubFor(get("/user").willReturn(okJson("{\"login\":\"mlops-bot\",\"id\":1}")));
        wm().stubFor(post("/orgs/" + ORG + "/repos").willReturn(aResponse().withStatus(403)
                .withHeader("Content-Type", "application/json")
                .withHeader("x-accepted-oauth-scopes", "public_repo, repo")
                .withHeader("x-oauth-scopes", "read:org, gist")
                .withBody("{\"message\":\"Resource not accessible by personal access token\"}")));

        assertThatThrownBy(() -> client().ensureRepository(ORG, "models", Visibility.PUBLIC, null))
                .isInstanceOf(MlopsClientException.class)
                .satisfies(e -> {
                    MlopsException m = (MlopsException) e;
                    assertThat(m.retryable()).isFalse();
                    assertThat(m.context()).containsEntry("missingScope", "public_repo or repo");
                    assertThat(m.getMessage()).contains("needs public_repo or repo and has gist, read:org")
                            .doesNotContain(TOKEN);
                });
        wm().verify(1, postRequestedFor(urlEqualTo("/orgs/" + ORG + "/repos")));
    }

    @Test
    void badCredentialsAreAClientErrorWithoutTheToken() {
        wm().stubFor(get("/repos/" + ORG + "/models").willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"message\":\"Bad credentials\",\"documentation_url\":\"https://docs.github.com/rest\"}")));

        assertThatThrownBy(() -> client().ensureRepository(ORG, "models", Visibility.PRIVATE, null))
                .isInstanceOf(MlopsClientException.class)
                .hasMessageContaining("Bad credentials")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(TOKEN));
        assertThat(client().toString()).doesNotContain(TOKEN);
        wm().verify(1, getRequestedFor(urlEqualTo("/repos/" + ORG + "/models")));
    }

    @Test
    void aSecondaryLimitWithRetryAfterIsWaitedOutAndRetried() {
        wm().stubFor(get("/repos/" + ORG + "/hello-world").inScenario("limit").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("retry-after", "0")
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"message\":\"You have exceeded a secondary rate limit.\"}"))
                .willSetStateTo("ok"));
        wm().stubFor(get("/repos/" + ORG + "/hello-world").inScenario("limit").whenScenarioStateIs("ok")
                .willReturn(okJson(OctokitFixtures.body("get-repository", 0))));

        assertThat(client().ensureRepository(ORG, "hello-world", Visibility.PUBLIC, null).created()).isFalse();
        wm().verify(2, getRequestedFor(urlEqualTo("/repos/" + ORG + "/hello-world")));
    }

    @Test
    void anExhaustedPrimaryLimitIsRetryableWithTheWaitUntilReset() {
        Instant now = Instant.parse("2026-12-01T17:00:00Z");
        wm().stubFor(get("/repos/" + ORG + "/hello-world").willReturn(aResponse().withStatus(403)
                .withHeader("Content-Type", "application/json")
                .withHeader("x-ratelimit-remaining", "0").withHeader("x-ratelimit-limit", "5000")
                .withHeader("x-ratelimit-reset", Long.toString(now.getEpochSecond() + 1800))
                .withBody("{\"message\":\"API rate limit exceeded for user ID 1.\"}")));
        GitHubClient c = GitHubClient.builder().baseUrl(new GitHubBaseUrl(github.root())).token(Secret.of(TOKEN))
                .clock(Clock.fixed(now, ZoneOffset.UTC)).retries(2, Duration.ofMillis(1), Duration.ofMillis(10)).build();

        assertThatThrownBy(() -> c.ensureRepository(ORG, "hello-world", Visibility.PUBLIC, null))
                .isInstanceOf(GitHubApiException.class)
                .satisfies(e -> {
                    GitHubApiException g = (GitHubApiException) e;
                    assertThat(g.retryable()).isTrue();
                    assertThat(g.retryAfter()).contains(Duration.ofSeconds(1800));
                    assertThat(g.getMessage()).contains("primary rate limit exhausted").contains("1800 s")
                            .contains("resets at 2026-12-01T17:30:00Z").contains("longest wait");
                });
        // One attempt: a reset 30 minutes away is beyond the client's longest wait (10 ms), so it is not waited for.
        wm().verify(1, getRequestedFor(urlEqualTo("/repos/" + ORG + "/hello-world")));
    }

    @Test
    void serverErrorsAreRetriedThenSucceed() {
        wm().stubFor(get("/repos/" + ORG + "/hello-world").inScenario("5xx").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(502)).willSetStateTo("ok"));
        wm().stubFor(get("/repos/" + ORG + "/hello-world").inScenario("5xx").whenScenarioStateIs("ok")
                .willReturn(okJson(OctokitFixtures.body("get-repository", 0))));

        assertThat(client().ensureRepository(ORG, "hello-world", Visibility.PUBLIC, null).repository().name())
                .isEqualTo("hello-world");
    }

    @Test
    void aResetConnectionIsRetried() {
        wm().stubFor(get("/repos/" + ORG + "/hello-world").inScenario("reset").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)).willSetStateTo("ok"));
        wm().stubFor(get("/repos/" + ORG + "/hello-world").inScenario("reset").whenScenarioStateIs("ok")
                .willReturn(okJson(OctokitFixtures.body("get-repository", 0))));

        assertThat(client().ensureRepository(ORG, "hello-world", Visibility.PUBLIC, null).created()).isFalse();
    }

    @Test
    void aHostThatKeepsFailingOpensTheCircuitAndCallsStop() {
        wm().stubFor(get("/repos/" + ORG + "/git-refs/git/ref/heads/main").willReturn(aResponse().withStatus(503)));
        GitHubClient c = GitHubClient.builder().baseUrl(new GitHubBaseUrl(github.root())).token(Secret.of(TOKEN))
                .retries(1, Duration.ofMillis(1), Duration.ofMillis(1)).build();

        for (int i = 0; i < 10; i++) {
            assertThatThrownBy(() -> c.headCommit(ORG, "git-refs", "main")).isInstanceOf(GitHubApiException.class)
                    .hasMessageContaining("503");
        }
        assertThatThrownBy(() -> c.headCommit(ORG, "git-refs", "main")).isInstanceOf(GitHubApiException.class)
                .hasMessageContaining("circuit is open")
                .satisfies(e -> assertThat(((GitHubApiException) e).retryable()).isTrue());
        // The eleventh call never reached the host.
        wm().verify(10, getRequestedFor(urlEqualTo("/repos/" + ORG + "/git-refs/git/ref/heads/main")));
    }

    @Test
    void badNamesAreRefusedWithoutACall() {
        assertThatThrownBy(() -> client().ensureRepository(ORG, "has space", Visibility.PUBLIC, null))
                .isInstanceOf(ValidationException.class).hasMessageContaining("github.repository");
        assertThat(wm().getAllServeEvents()).isEmpty();
    }
}
