package dev.mlops.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.Secret;
import dev.mlops.git.bitbucket.BitbucketCloudRepositories;
import dev.mlops.git.bitbucket.BitbucketDataCenterRepositories;
import dev.mlops.git.github.GitHubRepositories;
import dev.mlops.git.github.Visibility;
import dev.mlops.jenkins.Jenkins;
import dev.mlops.spi.Orchestrator;
import dev.mlops.spi.SourceRepositories;
import dev.mlops.spi.WaitPolicy;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The builders of docs/backend-github.md, backend-bitbucket.md and backend-jenkins.md, run as written: building a
 * host's component checks every value and calls nothing, so it runs here with no host (the components' calls are
 * tested against GitHubFake, the Bitbucket fakes and JenkinsFake in their modules and in the composition tests).
 * The tokens the snippets read with {@code System.getenv} come from {@link System} below.
 */
class HostsDocTest {
    private static final Map<String, String> TOKENS = Map.of("GITHUB_TOKEN", "ghp_docs0123456789",
            "BITBUCKET_API_TOKEN", "ATATT-docs-0123456789", "BITBUCKET_HTTP_TOKEN", "BBDC-docs-0123456789",
            "JENKINS_TOKEN", "11docs0123456789abcdef");

    /**
     * Stands in for {@code java.lang.System} in this class, so that the snippets read the tokens exactly as user code
     * does, {@code System.getenv("GITHUB_TOKEN")}, without the test's environment having them.
     */
    private static final class System {
        static String getenv(String name) {
            return TOKENS.get(name);
        }
    }

    private final String hookSecret = "hook-secret-docs";

    @Test
    void gitHub() {
        // tag::github[]
        SourceRepositories github = GitHubRepositories.builder()
                .token(Secret.of(System.getenv("GITHUB_TOKEN")))   // never logged, never in toString() or exceptions
                .owner("my-org")                                     // user or organisation
                .baseUrl(URI.create("https://github.example.com/api/v3"))  // Enterprise Server; github.com by default
                .visibility(Visibility.PRIVATE)                      // the default; INTERNAL for enterprise organisations
                .webhook(URI.create("https://jenkins.example.com/github-webhook/"), Secret.of(hookSecret)) // optional
                .build();
        // end::github[]
        assertThat(github.toString()).doesNotContain(TOKENS.get("GITHUB_TOKEN")).doesNotContain(hookSecret);
        assertThat(github.capabilities()).extracting(Object::toString)
                .anySatisfy(c -> assertThat(c).containsIgnoringCase("third"))
                .anySatisfy(c -> assertThat(c).containsIgnoringCase("readable"));
    }

    @Test
    void bitbucket() {
        // tag::bitbucket[]
        SourceRepositories cloud = BitbucketCloudRepositories.builder()
                .workspace("acme")                          // required: the workspace slug
                .projectKey("MLOPS")                        // optional: the Bitbucket project new repositories go in
                .apiToken("ml-bot@acme.com", Secret.of(System.getenv("BITBUCKET_API_TOKEN")))   // Basic email:token
                // or .accessToken(Secret.of(workspaceToken))   (bearer: workspace, project or repository access token)
                // or .appPassword("user", Secret.of(pw))       (deprecated by Atlassian; Basic user:password)
                .privateRepositories(true)                  // the default (is_private)
                .webhook(URI.create("https://ci.acme.com/bitbucket"), Secret.of(hookSecret))    // optional
                .build();

        SourceRepositories dc = BitbucketDataCenterRepositories.builder()
                .baseUrl(URI.create("https://bitbucket.acme.internal/bitbucket"))   // https://host[/context]
                .projectKey("MLOPS")
                .token(Secret.of(System.getenv("BITBUCKET_HTTP_TOKEN")))           // HTTP access token, bearer
                .publicRepositories(false)                                          // the default
                .build();
        // end::bitbucket[]
        assertThat(cloud.toString()).doesNotContain(TOKENS.get("BITBUCKET_API_TOKEN")).doesNotContain(hookSecret);
        assertThat(dc.toString()).doesNotContain(TOKENS.get("BITBUCKET_HTTP_TOKEN"));
        assertThat(cloud.backend()).isNotBlank();
        assertThat(dc.backend()).isNotBlank();
    }

    @Test
    void jenkins() {
        // tag::jenkins[]
        Orchestrator jenkins = Jenkins.orchestrator()
            .url(URI.create("https://jenkins.example.com/"))
            .user("mlops-bot")
            .apiToken(Secret.of(System.getenv("JENKINS_TOKEN")))   // never logged, never in a message or toString()
            .folder("ml")                                          // optional: projects' folders go under ml/
            .credentialsId("github-bot")                           // optional: the Jenkins credentials that clone the repos
            .sdkClasspath("/opt/mlops-sdk/*")                      // optional: the SDK's jars on the agents (model builds)
            .waitPolicy(WaitPolicy.remote())                       // the default: backoff with jitter, 1 s to 10 s
            .build();                                              // every setting checked here (ValidationException)
        // end::jenkins[]
        assertThat(jenkins.toString()).doesNotContain(TOKENS.get("JENKINS_TOKEN"));
        assertThat(jenkins.capabilities()).extracting(Object::toString)
                .anySatisfy(c -> assertThat(c).containsIgnoringCase("ml-pipelines"));
    }
}
