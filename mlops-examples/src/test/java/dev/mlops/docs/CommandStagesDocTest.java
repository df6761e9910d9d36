package dev.mlops.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.Execution;
import dev.mlops.ExecutionStatus;
import dev.mlops.MlopsProjects;
import dev.mlops.ModelVersion;
import dev.mlops.Project;
import dev.mlops.local.LocalBackend;
import dev.mlops.template.Stage;
import dev.mlops.template.Template;
import dev.mlops.template.Templates;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The variables table of docs/command-stages.md against what command stages receive on the embedded backend: a
 * deploy pipeline with a test stage that runs a command and a command stage, each running {@code env}; the whole
 * environment each sees must be the table's rows for its kind (those copied "from the leading process" when this JVM
 * has them) plus this JVM's {@code LC_*}, with the documented values: nothing else of this JVM's environment.
 * Also the working directory, a failing exit code and a timeout as the page describes them.
 */
class CommandStagesDocTest {
    private static final Pattern ROW = Pattern.compile("^\\|\\s*`([A-Z_][A-Z0-9_]*)`\\s*\\|([^|]*)\\|([^|]*)\\|.*$");

    @TempDir
    Path home;

    @Test
    void theVariablesOfTheTable_areWhatEachKindOfStageReceives() throws Exception {
        Map<String, Set<String>> documented = documentedVariables();
        assertThat(documented.get("test")).contains("ENDPOINT_URL", "ENDPOINT_NAME");

        Template t = Templates.modelBuildTrainDeploy()
                .withoutStage("TestStaging")
                .withStageAfter("DeployStaging", Stage.test("TestStaging").environment("staging")
                        .command("env").build())
                .withStageAfter("TestStaging", Stage.command("PrintEnv", "env").environment("staging").build())
                .withStageAfter("PrintEnv", Stage.command("Where", "pwd").build());
        try (LocalBackend backend = LocalBackend.builder().home(home).build();
             Project project = MlopsProjects.builder().name("abalone").template(t).backend(backend).create()) {
            project.pipelines().build().awaitLatest(Duration.ofMinutes(5));
            ModelVersion v = project.models().pendingApproval().first().orElseThrow().approve("env");
            project.gates().awaitPending(v, Duration.ofMinutes(2));
            Execution deploy = project.pipelines().deploy().latestExecution().orElseThrow().refresh();
            String url = project.environments().staging().endpoint().url().toString();

            Map<String, String> test = all(deploy.log("TestStaging"));
            Map<String, String> command = all(deploy.log("PrintEnv"));
            assertThat(test.keySet()).as("the environment a test stage's command gets (table, column 'test')")
                    .isEqualTo(withLocale(documented.get("test")));
            assertThat(command.keySet()).as("the environment a command stage gets (table, column 'command')")
                    .isEqualTo(withLocale(documented.get("command")));
            for (Map<String, String> env : List.of(test, command)) {
                assertThat(env).containsEntry("ENDPOINT_URL", url).containsEntry("ENDPOINT_NAME", "abalone-staging")
                        .containsEntry("SAGEMAKER_PROJECT_NAME", "abalone")
                        .containsEntry("SAGEMAKER_PROJECT_ID", project.id());
                if (System.getenv("PATH") != null) {
                    assertThat(env).containsEntry("PATH", System.getenv("PATH"));
                }
                Path stageHome = Path.of(env.get("HOME"));
                assertThat(stageHome.getFileName().toString()).isEqualTo("home");
                assertThat(stageHome.getParent().getFileName().toString()).startsWith("mlops-stage-");
                assertThat(Path.of(env.get("TMPDIR"))).isEqualTo(stageHome.resolveSibling("tmp"));
                assertThat(Files.exists(stageHome)).as("deleted when the stage ended").isFalse();
            }

            // The working directory: the run's checkout of the pipeline's repository.
            String where = deploy.log("Where");
            Path source = home.resolve("projects/abalone/work").resolve(deploy.id()).resolve("source");
            assertThat(where).contains(source.toRealPath().toString());
            assertThat(Files.isDirectory(source)).isTrue();
            project.delete();
        }
    }

    @Test
    void aStagesOwnVariables_comeOnTopOfTheTable_andAStageWithoutThemGetsExactlyTheTable() throws Exception {
        Map<String, Set<String>> documented = documentedVariables();
        // tag::variables[]
        Template t = Templates.modelBuildTrainDeploy()
                // a stock stage: its EndpointTests see the variables (System.getenv)
                .withStageVariable("TestStaging", "HTTPS_PROXY", "http://proxy.internal:3128")
                .withStageAfter("TestStaging", Stage.command("LoadTest", "env").environment("staging")
                        .variable("HTTPS_PROXY", "http://proxy.internal:3128")
                        .variable("NO_PROXY", "127.0.0.1,localhost")
                        .variable("SSL_CERT_FILE", "/etc/ssl/certs/corp-ca.pem")
                        .build());
        // end::variables[]
        t = t.withStageAfter("LoadTest", Stage.command("Plain", "env").environment("staging").build());
        try (LocalBackend backend = LocalBackend.builder().home(home).build();
             Project project = MlopsProjects.builder().name("abalone").template(t).backend(backend).create()) {
            project.pipelines().build().awaitLatest(Duration.ofMinutes(5));
            ModelVersion v = project.models().pendingApproval().first().orElseThrow().approve("variables");
            project.gates().awaitPending(v, Duration.ofMinutes(2));
            Execution deploy = project.pipelines().deploy().latestExecution().orElseThrow().refresh();

            Map<String, String> load = all(deploy.log("LoadTest"));
            Set<String> expected = withLocale(documented.get("command"));
            expected.addAll(Set.of("HTTPS_PROXY", "NO_PROXY", "SSL_CERT_FILE"));
            assertThat(load.keySet()).as("the table's variables and the stage's own").isEqualTo(expected);
            assertThat(load).containsEntry("NO_PROXY", "127.0.0.1,localhost")
                    .containsEntry("SSL_CERT_FILE", "/etc/ssl/certs/corp-ca.pem");
            assertThat(all(deploy.log("Plain")).keySet()).as("a stage without variables of its own")
                    .isEqualTo(withLocale(documented.get("command")));
            assertThat(deploy.log("TestStaging")).contains("with its variables [HTTPS_PROXY]");
            assertThat(project.plan(t.withStageVariable("LoadTest", "NO_PROXY", "localhost")).changes())
                    .singleElement().asString().contains("stage LoadTest changed: variable NO_PROXY"
                            + " '127.0.0.1,localhost' → 'localhost'");
            project.delete();
        }
    }

    @Test
    void aNonZeroExit_andATimeout_failTheStage() throws Exception {
        Template t = Templates.modelBuildTrainDeploy()
                .withStageAfter("TestStaging", Stage.command("Fails", "sh", "-c", "echo checking; exit 3").build());
        try (LocalBackend backend = LocalBackend.builder().home(home).build();
             Project project = MlopsProjects.builder().name("abalone").template(t).backend(backend).create()) {
            project.pipelines().build().awaitLatest(Duration.ofMinutes(5));
            project.models().pendingApproval().first().orElseThrow().approve("exit code");
            Execution deploy = awaitEnd(project);
            assertThat(deploy.status()).isEqualTo(ExecutionStatus.Failed);
            assertThat(deploy.log("Fails")).contains("checking");
            assertThat(deploy.stages()).anySatisfy(s -> {
                assertThat(s.name()).isEqualTo("Fails");
                assertThat(s.toString()).contains("exited with 3");
            });

            project.update(t.withoutStage("Fails").withStageAfter("TestStaging",
                    Stage.command("Slow", "sleep", "30").timeout(Duration.ofSeconds(1)).build()));
            project.environments().staging().rollbackTo(project.models().version(1), "timeout");
            Execution slow = awaitEnd(project);
            assertThat(slow.status()).isEqualTo(ExecutionStatus.Failed);
            assertThat(slow.stages()).anySatisfy(s -> assertThat(s.toString()).contains("timed out after PT1S"));
            project.delete();
        }
    }

    private static Execution awaitEnd(Project project) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            Execution e = project.pipelines().deploy().latestExecution().orElse(null);
            if (e != null && e.endedAt().isPresent()) {
                return e;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the deploy pipeline did not end");
    }

    /** The names of a table column plus this JVM's locale variables, which are copied too. */
    private static Set<String> withLocale(Set<String> names) {
        Set<String> out = new TreeSet<>(names);
        System.getenv().keySet().stream().filter(n -> n.startsWith("LC_")).forEach(out::add);
        return out;
    }

    /** The {@code NAME=value} lines of a log ({@code env}'s output), without {@code _}, which some programs add. */
    private static Map<String, String> all(String log) {
        Map<String, String> vars = new TreeMap<>();
        for (String line : log.split("\n")) {
            Matcher m = Pattern.compile("^(?:.*?\\s)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$").matcher(line);
            if (m.matches()) {
                vars.put(m.group(1), m.group(2));
            }
        }
        vars.remove("_");
        return vars;
    }

    /**
     * The table of docs/command-stages.md: {@code | `NAME` | test | command | …}, a column holding "yes" when that kind
     * of stage gets the variable on the embedded backend; a "yes" copied "from the leading process" counts only when
     * this JVM has the variable.
     */
    static Map<String, Set<String>> documentedVariables() throws Exception {
        List<String> lines = Files.readAllLines(Snippets.root().resolve("docs/command-stages.md"), StandardCharsets.UTF_8);
        int start = lines.indexOf("<!-- command-stage-variables -->");
        assertThat(start).as("the <!-- command-stage-variables --> table of docs/command-stages.md").isNotNegative();
        Map<String, Set<String>> kinds = Map.of("test", new TreeSet<>(), "command", new TreeSet<>());
        for (int i = start + 1; i < lines.size() && (lines.get(i).startsWith("|") || i == start + 1); i++) {
            Matcher m = ROW.matcher(lines.get(i));
            if (m.matches()) {
                for (String[] column : new String[][] {{"test", m.group(2)}, {"command", m.group(3)}}) {
                    String cell = column[1].strip();
                    boolean copied = cell.contains("from the leading process");
                    if (cell.startsWith("yes") && (!copied || System.getenv(m.group(1)) != null)) {
                        kinds.get(column[0]).add(m.group(1));
                    }
                }
            }
        }
        return kinds;
    }
}
