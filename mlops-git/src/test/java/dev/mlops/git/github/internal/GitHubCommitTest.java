package dev.mlops.git.github.internal;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.Secret;
import dev.mlops.exception.ConflictException;
import dev.mlops.git.github.fixtures.GitHubOpenApi;
import dev.mlops.git.github.fixtures.GitHubStubServer;
import dev.mlops.git.github.fixtures.OctokitFixtures;
import dev.mlops.spi.CommitRequest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class GitHubCommitTest {
    private static final String REPO = "/repos/octokit-fixture-org/git-refs";
    private static final String HEAD = "0000000000000000000000000000000000000001";

    @RegisterExtension
    final GitHubStubServer github = new GitHubStubServer(GitHubOpenApi.Flavor.GITHUB_COM);

    private GitHubClient client() {
        return GitHubClient.builder().baseUrl(new GitHubBaseUrl(github.root())).token(Secret.of("t0ken"))
                .retries(2, Duration.ofMillis(1), Duration.ofMillis(5)).build();
    }

    private void stubHead() {
        String mainRef = OctokitFixtures.interaction("git-refs", 0).get("response").get(0).toString();
        github.server().stubFor(get(REPO + "/git/ref/heads/main").willReturn(okJson(mainRef)));
    }

    private void stubTreeAndCommit() {
        github.server().stubFor(get(REPO + "/git/commits/" + HEAD).willReturn(okJson(
                "{\"sha\":\"" + HEAD + "\",\"tree\":{\"sha\":\"00000000000000000000000000000000000000a1\"},\"parents\":[]}")));
        github.server().stubFor(post(REPO + "/git/trees").willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"sha\":\"00000000000000000000000000000000000000a2\",\"tree\":[],\"truncated\":false}")));
        github.server().stubFor(post(REPO + "/git/commits").willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"sha\":\"0000000000000000000000000000000000000003\",\"tree\":{\"sha\":"
                        + "\"00000000000000000000000000000000000000a2\"},\"parents\":[{\"sha\":\"" + HEAD + "\"}]}")));
    }

    @Test
    void filesBecomeOneCommitAndTheBranchFastForwards() {
        stubHead();
        stubTreeAndCommit();
        github.server().stubFor(patch(REPO + "/git/refs/heads/main").willReturn(okJson(
                OctokitFixtures.interaction("git-refs", 2).get("response").toString())));
        Map<String, String> files = new LinkedHashMap<>();
        files.put("pipelines/train.py", "print('train')\n");
        files.put("old.txt", null);

        String sha = client().commit("octokit-fixture-org", "git-refs", "main",
                new CommitRequest("seed", files, Optional.of(HEAD)));

        assertThat(sha).isEqualTo("0000000000000000000000000000000000000003");
        github.server().verify(postRequestedFor(urlEqualTo(REPO + "/git/trees")).withRequestBody(equalToJson(
                "{\"base_tree\":\"00000000000000000000000000000000000000a1\",\"tree\":["
                        + "{\"path\":\"pipelines/train.py\",\"mode\":\"100644\",\"type\":\"blob\",\"content\":\"print('train')\\n\"},"
                        + "{\"path\":\"old.txt\",\"mode\":\"100644\",\"type\":\"blob\",\"sha\":null}]}")));
        github.server().verify(postRequestedFor(urlEqualTo(REPO + "/git/commits")).withRequestBody(equalToJson(
                "{\"message\":\"seed\",\"tree\":\"00000000000000000000000000000000000000a2\",\"parents\":[\"" + HEAD + "\"],"
                        + "\"author\":{\"name\":\"mlops-projects\",\"email\":\"mlops-projects@users.noreply.github.com\","
                        + "\"date\":\"${json-unit.any-string}\"},\"committer\":{\"name\":\"mlops-projects\","
                        + "\"email\":\"mlops-projects@users.noreply.github.com\",\"date\":\"${json-unit.any-string}\"}}")));
        github.server().verify(patchRequestedFor(urlEqualTo(REPO + "/git/refs/heads/main")).withRequestBody(
                equalToJson("{\"sha\":\"0000000000000000000000000000000000000003\",\"force\":false}")));
    }

    @Test
    void anUnexpectedHeadIsAConflictAndWritesNothing() {
        stubHead();

        assertThatThrownBy(() -> client().commit("octokit-fixture-org", "git-refs", "main",
                new CommitRequest("seed", Map.of("a.txt", "a"), Optional.of("0000000000000000000000000000000000000009"))))
                .isInstanceOf(ConflictException.class).hasMessageContaining("nothing was committed");
        github.server().verify(0, postRequestedFor(urlEqualTo(REPO + "/git/trees")));
    }

    @Test
    void aHeadThatMovesBeforeTheRefUpdateIsAConflict() {
        stubHead();
        stubTreeAndCommit();
        github.server().stubFor(patch(REPO + "/git/refs/heads/main").willReturn(aResponse().withStatus(422)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"message\":\"Update is not a fast forward\",\"status\":\"422\"}")));

        assertThatThrownBy(() -> client().commit("octokit-fixture-org", "git-refs", "main",
                new CommitRequest("seed", Map.of("a.txt", "a"), Optional.empty())))
                .isInstanceOf(ConflictException.class).hasMessageContaining("moved while committing");
        github.server().verify(1, patchRequestedFor(urlEqualTo(REPO + "/git/refs/heads/main")));
    }
}
