package dev.mlops.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.MlopsProjects;
import dev.mlops.Project;
import dev.mlops.Secret;
import dev.mlops.event.ProjectEvent;
import dev.mlops.examples.GitHubEmbeddedExample;
import dev.mlops.examples.Quickstart;
import dev.mlops.git.github.GitHubRepositories;
import dev.mlops.git.github.fixtures.GitHubFake;
import dev.mlops.local.LocalBackend;
import dev.mlops.spi.SourceRepositories;
import dev.mlops.template.Templates;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The GitHub + embedded composition as the README, docs/composition-github-embedded.md and docs/backend-local.md show
 * it, against {@link GitHubFake} (a stateful GitHub on WireMock, every request validated against GitHub's OpenAPI
 * description): the only line not shown points the component at the fake instead of api.github.com. The other two
 * compositions need the AWS simulation and their hosts' rigs together; their code runs in
 * {@code dev.mlops.compositions}.
 */
class CompositionsDocTest {
    @TempDir
    Path home;
    private GitHubFake fake;

    /** Stands in for {@code java.lang.System} here, so the snippets read the token as user code does. */
    private static final class System {
        static String getenv(String name) {
            return name.equals("GITHUB_TOKEN") ? "ghp_docs_composition" : null;
        }
    }

    @BeforeEach
    void start() {
        fake = GitHubFake.start();
        java.lang.System.setProperty("mlops.home", home.toString());
    }

    @AfterEach
    void stop() {
        java.lang.System.clearProperty("mlops.home");
        if (fake != null) {
            fake.close();
        }
    }

    @Test
    void theReadmeComposition_createsTheRepositoriesOnGitHub_andBuilds() {
        // tag::readme-github[]
        // GitHub repositories, everything else embedded: a team without AWS (GitHubEmbeddedExample)
        GitHubRepositories github = GitHubRepositories.builder().token(Secret.of(System.getenv("GITHUB_TOKEN")))
                .baseUrl(fake.baseUrl()) // docs:hide
                .owner("acme").build();
        Project project = MlopsProjects.builder().name("abalone").template(GitHubEmbeddedExample.template())
                .repositories(github).backend(LocalBackend.create()).create();
        // end::readme-github[]
        try (project) {
            String repo = project.repositories().named(Templates.MODEL_BUILD).name();
            assertThat(fake.exists("acme", repo)).isTrue();
            assertThat(project.pipelines().build().awaitLatest(Duration.ofMinutes(5)).sourceCommit())
                    .hasValue(project.repositories().named(Templates.MODEL_BUILD).headCommit());
            project.delete();
            assertThat(fake.exists("acme", repo)).as("deleted with the project").isFalse();
        }
    }

    @Test
    void thePageComposition_deliversToProd() throws Exception {
        List<ProjectEvent> events = new CopyOnWriteArrayList<>();
        Map<String, Long> phases = new LinkedHashMap<>();
        long t0 = java.lang.System.nanoTime();
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        // tag::page[]
        SourceRepositories github = GitHubRepositories.builder()
                .token(Secret.of(System.getenv("GITHUB_TOKEN")))
                .owner("my-org")                                   // user or organisation
                // .baseUrl(URI.create("https://github.example.com/api/v3"))   // Enterprise Server
                .baseUrl(fake.baseUrl()) // docs:hide
                .build();
        try (LocalBackend backend = LocalBackend.create();
             Project project = MlopsProjects.builder()
                     .name("abalone")
                     .template(GitHubEmbeddedExample.template())   // modelBuildTrainDeploy with third-party repositories
                     .repositories(github)
                     .backend(backend)                             // everything else
                     .listener(events::add) // docs:hide
                     .create()) {
            Quickstart.deliver(project, events, phases, t0, out);  // build → approve → staging → gate → prod
            assertThat(project.environments().prod().deployedVersion()).isPresent(); // docs:hide
            project.delete(); // docs:hide
        }
        // end::page[]
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("Prod endpoint abalone-prod");
    }

    @Test
    void theBackendLocalComposition() {
        SourceRepositories gitHubRepositories = GitHubRepositories.builder().token(Secret.of("ghp_docs"))
                .owner("my-org").baseUrl(fake.baseUrl()).build();
        // tag::backend-local[]
        MlopsProjects.builder().name("abalone")
                .template(GitHubEmbeddedExample.template()) // modelBuildTrainDeploy asking for repositories.third-party
                .repositories(gitHubRepositories)  // offers repositories.readable
                .backend(LocalBackend.create())    // everything else
                .create();
        // end::backend-local[]
        try (Project project = MlopsProjects.open("abalone")) {
            assertThat(fake.exists("my-org", project.repositories().named(Templates.MODEL_DEPLOY).name())).isTrue();
            project.delete();
        }
    }
}
