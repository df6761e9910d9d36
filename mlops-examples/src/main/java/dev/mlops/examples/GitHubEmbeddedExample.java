package dev.mlops.examples;

import dev.mlops.MlopsProjects;
import dev.mlops.Project;
import dev.mlops.Secret;
import dev.mlops.event.ProjectEvent;
import dev.mlops.git.github.GitHubRepositories;
import dev.mlops.local.LocalBackend;
import dev.mlops.spi.SourceRepositories;
import dev.mlops.template.Capability;
import dev.mlops.template.Template;
import dev.mlops.template.Templates;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The composition for a team without AWS: the project's repositories on GitHub, everything else (orchestrator,
 * registry, artifacts, endpoints) embedded. {@code create()} makes the two repositories on GitHub and checks the
 * template's seed in as one commit each; the embedded engine polls their heads, exports each commit it builds, and
 * the flow is the quickstart's own ({@link Quickstart#deliver}): build → approve → staging → gate → prod.
 *
 * <pre>
 * GITHUB_TOKEN=ghp_… java -cp mlops-examples/target/mlops-examples.jar dev.mlops.examples.GitHubEmbeddedExample \
 *     --owner my-org [--project abalone] [--home DIR] [--api https://github.example.com/api/v3]
 * </pre>
 *
 * <p>The token needs the classic scope {@code repo} (or a fine-grained token with Administration and Contents
 * write), and {@code delete_repo} to delete the repositories with the project.
 */
public final class GitHubEmbeddedExample {
    /** github.com's REST API root. */
    public static final URI GITHUB_COM = URI.create("https://api.github.com");

    private GitHubEmbeddedExample() {
    }

    /**
     * The repositories component of this composition, to adjust further (retries, visibility, a webhook) before
     * {@link GitHubRepositories.Builder#build()}.
     *
     * @param token the GitHub token, never logged
     * @param owner the user or organisation the repositories belong to
     * @param apiUrl the REST API root: {@link #GITHUB_COM}, an Enterprise Server's {@code https://HOST/api/v3}, or a fake
     * @return the builder
     */
    public static GitHubRepositories.Builder gitHub(Secret token, String owner, URI apiUrl) {
        return GitHubRepositories.builder().token(token).owner(owner).baseUrl(apiUrl);
    }

    /**
     * The template of this composition: {@link Templates#modelBuildTrainDeploy()} (its seeds, pipelines, gate and
     * endpoints) with its repositories on a third-party Git host. The template as it is asks for
     * {@code repositories.hosted} (repositories its backend hosts, as CodeCommit or the embedded git), which a
     * GitHub component does not offer; it offers {@code repositories.third-party} and {@code repositories.readable},
     * and the embedded orchestrator needs the second.
     *
     * @return the template
     */
    public static Template template() {
        return Templates.modelBuildTrainDeploy().toBuilder()
                .capabilities(List.of(Capability.THIRD_PARTY_REPOSITORIES, Capability.ML_PIPELINES, Capability.ENDPOINTS))
                .build();
    }

    /**
     * Creates (or reattaches) the project: {@link #template()}, its repositories on GitHub, everything else on the
     * embedded backend.
     *
     * @param name the project's name
     * @param repositories the GitHub repositories component (any readable repositories component works)
     * @param backend the embedded backend, for everything else
     * @param events a list the project's events are added to
     * @param out where progress is printed
     * @return the open project; the caller closes it
     */
    public static Project create(String name, SourceRepositories repositories, LocalBackend backend,
            List<ProjectEvent> events, PrintStream out) {
        return MlopsProjects.builder()
                .name(name)
                .template(template())
                .repositories(repositories)
                .backend(backend)
                .listener(new ConsoleProgress(out, true))
                .listener(events::add)
                .create();
    }

    /**
     * Creates (or reattaches) the project and runs the quickstart's flow on it, to prod.
     *
     * @param name the project's name
     * @param repositories the GitHub repositories component
     * @param home the embedded backend's home, or {@code null} for the default
     * @param out where to print
     * @return the summary's figures ({@link Quickstart#deliver})
     */
    public static Map<String, Long> run(String name, SourceRepositories repositories, Path home, PrintStream out) {
        long t0 = System.nanoTime();
        List<ProjectEvent> events = new CopyOnWriteArrayList<>();
        Map<String, Long> phases = new LinkedHashMap<>();
        LocalBackend.Builder backendBuilder = LocalBackend.builder();
        if (home != null) {
            backendBuilder.home(home);
        }
        try (LocalBackend backend = backendBuilder.build();
             Project project = create(name, repositories, backend, events, out)) {
            phases.put("create or reattach (GitHub repositories)", (System.nanoTime() - t0) / 1_000_000);
            out.printf("Project %s (%s): repositories on %s, the rest embedded in %s%n", project.name(), project.id(),
                    repositories.backend(), backend.home());
            Map<String, Long> figures = Quickstart.deliver(project, events, phases, t0, out);
            out.printf("%nA push to the model-build repository's main branch starts a new build within about a second%n"
                    + "while a process holds the project open; run again to build, approve and deploy a new version.%n");
            return figures;
        }
    }

    /**
     * Runs the example; the token comes from the environment variable {@code GITHUB_TOKEN}.
     *
     * @param args {@code --owner OWNER [--project NAME] [--home DIR] [--api URL]}
     */
    public static void main(String[] args) {
        Map<String, String> opts = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!List.of("--owner", "--project", "--home", "--api").contains(args[i]) || i + 1 == args.length) {
                usage("unknown option or missing value: " + args[i]);
                return;
            }
            opts.put(args[i].substring(2), args[++i]);
        }
        String token = System.getenv("GITHUB_TOKEN");
        if (token == null || token.isBlank()) {
            usage("set GITHUB_TOKEN to a token with the scope repo");
            return;
        }
        if (!opts.containsKey("owner")) {
            usage("--owner is required");
            return;
        }
        SourceRepositories github = gitHub(Secret.of(token), opts.get("owner"),
                URI.create(opts.getOrDefault("api", GITHUB_COM.toString()))).build();
        run(opts.getOrDefault("project", "abalone"), github, opts.containsKey("home") ? Path.of(opts.get("home")) : null,
                System.out);
    }

    private static void usage(String problem) {
        System.err.println(problem);
        System.err.println("usage: GITHUB_TOKEN=… java -cp mlops-examples.jar " + GitHubEmbeddedExample.class.getName()
                + " --owner OWNER [--project NAME] [--home DIR] [--api URL]");
        System.exit(2);
    }
}
