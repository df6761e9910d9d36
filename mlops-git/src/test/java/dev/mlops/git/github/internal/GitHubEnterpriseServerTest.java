package dev.mlops.git.github.internal;

import dev.mlops.git.github.Visibility;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.Secret;
import dev.mlops.git.github.fixtures.GitHubOpenApi;
import dev.mlops.git.github.fixtures.GitHubStubServer;
import dev.mlops.git.github.fixtures.OctokitFixtures;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class GitHubEnterpriseServerTest {
    @RegisterExtension
    final GitHubStubServer ghes = new GitHubStubServer(GitHubOpenApi.Flavor.GHES);

    @Test
    void theServerAddressGetsTheApiV3Root() {
        assertThat(GitHubBaseUrl.enterpriseServer(URI.create("https://github.example.com/")).uri())
                .hasToString("https://github.example.com/api/v3");
        assertThat(GitHubBaseUrl.enterpriseServer(URI.create("https://github.example.com/api/v3")).uri())
                .hasToString("https://github.example.com/api/v3");
    }

    @Test
    void callsGoUnderApiV3() {
        ghes.server().stubFor(get("/api/v3/repos/octokit-fixture-org/hello-world")
                .willReturn(okJson(OctokitFixtures.body("get-repository", 0))));
        String mainRef = OctokitFixtures.interaction("git-refs", 0).get("response").get(0).toString();
        ghes.server().stubFor(get("/api/v3/repos/octokit-fixture-org/hello-world/git/ref/heads/main")
                .willReturn(okJson(mainRef)));
        GitHubClient client = GitHubClient.builder().baseUrl(GitHubBaseUrl.enterpriseServer(ghes.host()))
                .token(Secret.of("ghes-token")).build();

        assertThat(client.ensureRepository("octokit-fixture-org", "hello-world", Visibility.PUBLIC, null).created())
                .isFalse();
        assertThat(client.headCommit("octokit-fixture-org", "hello-world", "main"))
                .isEqualTo("0000000000000000000000000000000000000001");
        ghes.server().verify(getRequestedFor(urlEqualTo("/api/v3/repos/octokit-fixture-org/hello-world")));
    }
}
