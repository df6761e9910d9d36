package dev.mlops.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.Execution;
import dev.mlops.MlopsProjects;
import dev.mlops.ModelVersion;
import dev.mlops.Project;
import dev.mlops.template.Stage;
import dev.mlops.template.Template;
import dev.mlops.template.Templates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A command stage and a test stage's command start from the sandbox environment, not the leading process's: this
 * JVM is started with {@code AWS_SECRET_ACCESS_KEY}, {@code GITHUB_TOKEN} and {@code JENKINS_TOKEN} (surefire's
 * {@code environmentVariables} in this module's pom), none of which may reach a stage, while {@code PATH} and the
 * locale do, {@code HOME} and {@code TMPDIR} are the stage's own, and both kinds get the same project and endpoint
 * variables. A stage's own variables ({@code Stage.variable}) come on top: in a command's environment and in the JVM
 * that runs a test stage's {@code EndpointTest}s, still with none of the leader's secrets.
 */
class CommandStageEnvironmentTest {
    private static final Set<String> LEADER_SECRETS = Set.of("AWS_SECRET_ACCESS_KEY", "GITHUB_TOKEN", "JENKINS_TOKEN");
    private static final Pattern VAR = Pattern.compile("^(?:.*?\\s)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$");

    @TempDir
    Path home;

    @Test
    void commandsGetTheAllowlistAndTheStageVariables_neverTheLeadersSecrets() throws Exception {
        assertThat(System.getenv()).as("the leader's environment (surefire environmentVariables)")
                .containsKeys(LEADER_SECRETS.toArray(String[]::new));
        Template t = Templates.modelBuildTrainDeploy()
                .withoutStage("TestStaging")
                .withStageAfter("DeployStaging", Stage.test("TestStaging").environment("staging").command("env").build())
                .withStageAfter("TestStaging", Stage.command("PrintEnv", "env").environment("staging").build())
                .withStageAfter("PrintEnv", Stage.command("Plain", "sh", "-c",
                        "env; touch \"$HOME/mark\" \"$TMPDIR/mark\" && echo \"$0=yes\"", "WROTE").build());
        try (LocalBackend backend = LocalBackend.builder().home(home).build();
             Project project = MlopsProjects.builder().name("abalone").template(t).backend(backend).create()) {
            project.pipelines().build().awaitLatest(Flows.TIMEOUT);
            ModelVersion v = project.models().pendingApproval().first().orElseThrow().approve("env");
            project.gates().awaitPending(v, Flows.TIMEOUT);
            Execution deploy = project.pipelines().deploy().latestExecution().orElseThrow().refresh();
            String url = project.environments().staging().endpoint().url().toString();

            Set<String> allowed = new TreeSet<>();
            System.getenv().keySet().stream().filter(n -> Set.of("PATH", "LANG", "LANGUAGE", "TZ").contains(n)
                    || n.startsWith("LC_")).forEach(allowed::add);
            allowed.addAll(Set.of("HOME", "TMPDIR", "SAGEMAKER_PROJECT_NAME", "SAGEMAKER_PROJECT_ID"));
            Set<String> withEndpoint = new TreeSet<>(allowed);
            withEndpoint.addAll(Set.of("ENDPOINT_NAME", "ENDPOINT_URL"));

            for (String stage : new String[] {"TestStaging", "PrintEnv"}) {
                Map<String, String> env = vars(deploy.log(stage));
                // `env` itself may add `_` (the program's path) in some shells; nothing else.
                env.remove("_");
                assertThat(env.keySet()).as("the environment of " + stage).doesNotContainAnyElementsOf(LEADER_SECRETS)
                        .isEqualTo(withEndpoint);
                assertThat(env).containsEntry("PATH", System.getenv("PATH"))
                        .containsEntry("ENDPOINT_NAME", "abalone-staging").containsEntry("ENDPOINT_URL", url)
                        .containsEntry("SAGEMAKER_PROJECT_NAME", "abalone").containsEntry("SAGEMAKER_PROJECT_ID", project.id());
                assertThat(env.get("HOME")).isNotEqualTo(System.getenv("HOME"))
                        .doesNotStartWith(home.toString()).endsWith("/home");
                assertThat(env.get("TMPDIR")).endsWith("/tmp").startsWith(Path.of(env.get("HOME")).getParent().toString());
            }
            Map<String, String> plain = vars(deploy.log("Plain"));
            plain.remove("_");
            plain.remove("PWD"); // sh's own
            assertThat(plain).containsEntry("WROTE", "yes");
            plain.remove("WROTE");
            assertThat(plain.keySet()).as("a command stage without an environment").isEqualTo(allowed);
            assertThat(plain.get("HOME")).as("a HOME of its own per stage").isNotEqualTo(vars(deploy.log("PrintEnv")).get("HOME"));
            assertThat(Files.exists(Path.of(plain.get("HOME")))).as("the stage's HOME is deleted when it ends").isFalse();
            project.delete();
        }
    }

    /** An endpoint test that reports what its JVM's environment holds of the stage's variables and of the leader's secrets. */
    private static final String ENV_REPORT_TEST = String.join("\n",
            "package test;",
            "",
            "import dev.mlops.pipeline.EndpointTest;",
            "import dev.mlops.pipeline.EndpointTestContext;",
            "",
            "public final class EnvReportTest implements EndpointTest {",
            "    @Override",
            "    public void run(EndpointTestContext context) {",
            "        for (String name : new String[] {\"HTTPS_PROXY\", \"NO_PROXY\", \"AWS_SECRET_ACCESS_KEY\", \"GITHUB_TOKEN\",",
            "                \"JENKINS_TOKEN\"}) {",
            "            context.log().println(\"seen \" + name + \"=\" + System.getenv(name));",
            "        }",
            "    }",
            "}",
            "");

    @Test
    void aStagesOwnVariables_reachItsCommandAndItsEndpointTests_andTheLeadersSecretsStillDoNot() throws Exception {
        String hostile = "it's \"${HOME}\" $(id) `id` \\ ; | & *";
        Template t = Templates.modelBuildTrainDeploy()
                .withSeedCode("modeldeploy", Templates.modelDeploySeed().withFile("test/EnvReportTest.java", ENV_REPORT_TEST))
                .withStageVariable("TestStaging", "HTTPS_PROXY", "http://proxy.internal:3128")
                .withStageVariable("TestStaging", "NO_PROXY", "127.0.0.1,localhost")
                .withStageAfter("TestStaging", Stage.command("PrintEnv", "env").environment("staging")
                        .variable("HTTPS_PROXY", "http://proxy.internal:3128").variable("TZ", "Europe/Paris").build())
                .withStageAfter("PrintEnv", Stage.command("Hostile", "sh", "-c", "printf '[%s]\\n' \"$HOSTILE\"")
                        .variable("HOSTILE", hostile).build());
        try (LocalBackend backend = LocalBackend.builder().home(home).build();
             Project project = MlopsProjects.builder().name("abalone").template(t).backend(backend).create()) {
            project.pipelines().build().awaitLatest(Flows.TIMEOUT);
            ModelVersion v = project.models().pendingApproval().first().orElseThrow().approve("variables");
            project.gates().awaitPending(v, Flows.TIMEOUT);
            Execution deploy = project.pipelines().deploy().latestExecution().orElseThrow().refresh();

            String tests = deploy.log("TestStaging");
            assertThat(tests).contains("seen HTTPS_PROXY=http://proxy.internal:3128", "seen NO_PROXY=127.0.0.1,localhost")
                    .contains("StagingEndpointTest passed");
            for (String secret : LEADER_SECRETS) {
                assertThat(tests).contains("seen " + secret + "=null");
            }

            Map<String, String> env = vars(deploy.log("PrintEnv"));
            env.remove("_");
            Set<String> expected = new TreeSet<>();
            System.getenv().keySet().stream().filter(n -> Set.of("PATH", "LANG", "LANGUAGE").contains(n)
                    || n.startsWith("LC_")).forEach(expected::add);
            expected.addAll(Set.of("HOME", "TMPDIR", "SAGEMAKER_PROJECT_NAME", "SAGEMAKER_PROJECT_ID", "ENDPOINT_NAME",
                    "ENDPOINT_URL", "HTTPS_PROXY", "TZ"));
            assertThat(env.keySet()).doesNotContainAnyElementsOf(LEADER_SECRETS).isEqualTo(expected);
            assertThat(env).containsEntry("HTTPS_PROXY", "http://proxy.internal:3128")
                    .as("the stage's own value wins over the one copied from the leader").containsEntry("TZ", "Europe/Paris")
                    .containsEntry("ENDPOINT_NAME", "abalone-staging");
            assertThat(deploy.log("Hostile")).contains("[" + hostile + "]");
            project.delete();
        }
    }

    private static Map<String, String> vars(String log) {
        Map<String, String> vars = new LinkedHashMap<>();
        for (String line : log.split("\n")) {
            Matcher m = VAR.matcher(line);
            if (m.matches()) {
                vars.put(m.group(1), m.group(2));
            }
        }
        return vars;
    }
}
