package dev.mlops.jenkins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.ExecutionStatus;
import dev.mlops.LogChunk;
import dev.mlops.exception.ValidationException;
import dev.mlops.jenkins.fixtures.JenkinsFake;
import dev.mlops.jenkins.internal.Jenkinsfile;
import dev.mlops.spi.ComponentKind;
import dev.mlops.spi.Components;
import dev.mlops.spi.ExecutionInfo;
import dev.mlops.spi.ProjectDraft;
import dev.mlops.spi.ProjectRecord;
import dev.mlops.spi.StartRequest;
import dev.mlops.spi.Ticker;
import dev.mlops.spi.WaitPolicy;
import dev.mlops.template.Capability;
import dev.mlops.template.PipelineSpec;
import dev.mlops.template.RepositorySpec;
import dev.mlops.template.SeedCode;
import dev.mlops.template.Stage;
import dev.mlops.template.StageType;
import dev.mlops.template.Template;
import dev.mlops.testkit.memory.InMemoryBackend;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.codehaus.groovy.ast.ASTNode;
import org.codehaus.groovy.ast.CodeVisitorSupport;
import org.codehaus.groovy.ast.builder.AstBuilder;
import org.codehaus.groovy.ast.expr.BinaryExpression;
import org.codehaus.groovy.ast.expr.ConstantExpression;
import org.codehaus.groovy.ast.expr.MethodCallExpression;
import org.codehaus.groovy.ast.expr.VariableExpression;
import org.codehaus.groovy.ast.stmt.BlockStatement;
import org.codehaus.groovy.control.CompilePhase;
import org.junit.jupiter.api.Test;

/**
 * The variables a command or test stage gets on Jenkins, as on the embedded backend and CodeBuild
 * (docs/command-stages.md): {@code SAGEMAKER_PROJECT_NAME}, {@code SAGEMAKER_PROJECT_ID} and, when the stage names an
 * environment, {@code ENDPOINT_NAME} and (SageMaker endpoints, the agents' region known) {@code ENDPOINT_URL}, in the
 * stage's own {@code environment} block. Checked in the processes a build on {@link JenkinsFake} runs, and, for hostile
 * values, by parsing the rendered Jenkinsfile with the Groovy Jenkins runs pipelines with (2.4).
 */
class JenkinsfileEnvironmentTest {
    private static final Template TEMPLATE = Template.builder().id("envs").displayName("envs")
            .addEnvironments("staging", "qa")
            .addRepositories(RepositorySpec.of("app", SeedCode.ofFiles(Map.of("a.txt",
                    "a\n".getBytes(StandardCharsets.UTF_8)))))
            .addPipelines(PipelineSpec.builder().role("build").sourceRepository("app")
                    .addStages(Stage.of("Source", StageType.SOURCE).build(),
                            Stage.command("LoadTest", "env").environment("staging").build(),
                            Stage.test("Smoke").environment("qa").command("env").build(),
                            Stage.command("Plain", "env").build()).build())
            .addCapabilities(Capability.HOSTED_REPOSITORIES).build();

    @Test
    void aStagesCommand_onTheAgent_getsTheProjectsVariables_andItsEndpointsName() throws Exception {
        try (JenkinsFake jenkins = JenkinsFake.builder().build(); InMemoryBackend memory = InMemoryBackend.create()) {
            JenkinsOrchestrator o = Jenkins.orchestrator().url(jenkins.url()).user(jenkins.user())
                    .apiToken(jenkins.token()).pollInterval(Duration.ofMillis(20))
                    .waitPolicy(WaitPolicy.backoff(Duration.ofMillis(20), Duration.ofMillis(200), 2, Ticker.system()))
                    .build();
            ProjectRecord r = memory.projectStore().orElseThrow().create(new ProjectDraft("envs", TEMPLATE, Map.of(),
                    ""), e -> { });
            memory.repositories().orElseThrow().provision(r, TEMPLATE.repositories().get(0));
            o.provision(r, Components.builder().set(ComponentKind.ORCHESTRATOR, o).fillFrom(memory).build());

            ExecutionInfo e = o.start(r, "build", StartRequest.of("env"));
            ExecutionInfo done = o.waitPolicy().until(Duration.ofSeconds(30),
                    () -> o.execution(r, e.id()).filter(x -> x.status().isTerminal())).orElseThrow();
            assertThat(done.status()).isEqualTo(ExecutionStatus.Succeeded);
            String console = o.log(r, e.id(), "Plain", LogChunk.START).text();

            assertThat(variables(console, "LoadTest")).containsEntry("SAGEMAKER_PROJECT_NAME", "envs")
                    .containsEntry("SAGEMAKER_PROJECT_ID", r.id()).containsEntry("ENDPOINT_NAME", "envs-staging")
                    .as("the in-memory endpoint host's URL is no URL an agent reaches").doesNotContainKey("ENDPOINT_URL");
            assertThat(variables(console, "Smoke")).containsEntry("SAGEMAKER_PROJECT_NAME", "envs")
                    .containsEntry("SAGEMAKER_PROJECT_ID", r.id()).containsEntry("ENDPOINT_NAME", "envs-qa");
            assertThat(variables(console, "Plain")).containsEntry("SAGEMAKER_PROJECT_NAME", "envs")
                    .containsEntry("SAGEMAKER_PROJECT_ID", r.id()).doesNotContainKey("ENDPOINT_NAME");
        }
    }

    @Test
    void withSageMakerEndpoints_aStageNamingAnEnvironment_getsItsRuntimeUrl_inTheAgentsRegion() {
        ProjectRecord r = record("envs");
        PipelineSpec build = TEMPLATE.pipelines().get(0);
        String script = Jenkinsfile.render(r, build, "https://git.example/app.git", "main", "", "", true,
                Map.of("AWS_REGION", "eu-west-1"));
        assertThat(script).contains("""
                        stage('LoadTest') {
                            environment {
                                SAGEMAKER_PROJECT_NAME = 'envs'
                                SAGEMAKER_PROJECT_ID = 'p-abcdefghijkl'
                                ENDPOINT_NAME = 'envs-staging'
                                ENDPOINT_URL = 'https://runtime.sagemaker.eu-west-1.amazonaws.com/endpoints/envs-staging/'
                            }
                            steps {
                """).contains("ENDPOINT_URL = 'https://runtime.sagemaker.eu-west-1.amazonaws.com/endpoints/envs-qa/'")
                .contains("""
                        stage('Plain') {
                            environment {
                                SAGEMAKER_PROJECT_NAME = 'envs'
                                SAGEMAKER_PROJECT_ID = 'p-abcdefghijkl'
                            }
                """);
        assertThat(script.indexOf("stage('Source') {\n            steps")).as("a source stage gets none").isPositive();
        assertThat(Jenkinsfile.render(r, build, "u", "main", "", "", true, Map.of("AWS_REGION", "cn-north-1")))
                .contains("'https://runtime.sagemaker.cn-north-1.amazonaws.com.cn/endpoints/envs-staging/'");
        assertThat(Jenkinsfile.render(r, build, "u", "main", "", "", true, Map.of()))
                .as("no region, no URL").contains("ENDPOINT_NAME = 'envs-staging'").doesNotContain("ENDPOINT_URL");
        assertThat(Jenkinsfile.render(r, build, "u", "main", "", "", false, Map.of("AWS_REGION", "eu-west-1")))
                .as("not SageMaker's endpoints, no URL").doesNotContain("ENDPOINT_URL");
        assertThatThrownBy(() -> Jenkinsfile.render(r, build, "u", "main", "", "", true,
                Map.of("AWS_REGION", "eu-west-1/x")))
                .isInstanceOf(ValidationException.class).hasMessageContaining("AWS_REGION")
                .hasMessageContaining("eu-west-1/x");
    }

    @Test
    void aHostileProjectName_staysInsideItsStrings_asJenkinsGroovyParsesThem() {
        // Quotes, a line break (and a carriage return) to end the literal, a backslash-u that Groovy 2.4 would turn into
        // a line break before lexing, $-interpolation, a control character and a closing brace.
        String hostile = "x'\n} }\nsh 'touch /tmp/pwned' // \r\u0001\\u000a\\'$HOME${env.PATH}\"\u2028\u00e9}";
        ProjectRecord r = record(hostile);
        String script = Jenkinsfile.render(r, TEMPLATE.pipelines().get(0), "https://git.example/app.git", "main", "",
                "", true, Map.of("AWS_REGION", "us-east-1", "NOTE", hostile));

        Parsed p = parse(script);
        assertThat(p.calls).as("no call the renderer did not write")
                .allMatch(Set.of("pipeline", "agent", "environment", "stages", "stage", "steps", "checkout", "sh")::contains);
        assertThat(p.calls.stream().filter("sh"::equals)).as("one sh per command stage").hasSize(3);
        assertThat(p.assignments).as("each value exactly as given").containsExactly(
                Map.entry("AWS_REGION", "us-east-1"), Map.entry("NOTE", hostile),
                Map.entry("SAGEMAKER_PROJECT_NAME", hostile), Map.entry("SAGEMAKER_PROJECT_ID", "p-abcdefghijkl"),
                Map.entry("ENDPOINT_NAME", hostile + "-staging"),
                Map.entry("ENDPOINT_URL", "https://runtime.sagemaker.us-east-1.amazonaws.com/endpoints/" + hostile
                        + "-staging/"),
                Map.entry("SAGEMAKER_PROJECT_NAME", hostile), Map.entry("SAGEMAKER_PROJECT_ID", "p-abcdefghijkl"),
                Map.entry("ENDPOINT_NAME", hostile + "-qa"),
                Map.entry("ENDPOINT_URL", "https://runtime.sagemaker.us-east-1.amazonaws.com/endpoints/" + hostile
                        + "-qa/"),
                Map.entry("SAGEMAKER_PROJECT_NAME", hostile), Map.entry("SAGEMAKER_PROJECT_ID", "p-abcdefghijkl"));
        assertThat(script.lines().filter(l -> l.contains("SAGEMAKER_PROJECT_NAME"))).as("one line each").hasSize(3);
        assertThat(script.chars().filter(Character::isISOControl).filter(c -> c != '\n'))
                .as("no control character for config.xml").isEmpty();
    }

    /** The {@code NAME=value} lines the {@code env} of a stage printed, from its part of the build's console. */
    private static Map<String, String> variables(String console, String stage) {
        int from = console.indexOf("[Pipeline] { (" + stage + ")");
        assertThat(from).as("stage %s in the console", stage).isNotNegative();
        int to = console.indexOf("[Pipeline] }", from);
        Map<String, String> vars = new LinkedHashMap<>();
        for (String line : console.substring(from, to).split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0 && line.substring(0, eq).matches("[A-Za-z_][A-Za-z0-9_]*")) {
                vars.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return vars;
    }

    private static ProjectRecord record(String name) {
        return new ProjectRecord(name, "p-abcdefghijkl", TEMPLATE, Map.of(), Instant.EPOCH);
    }

    /** What a script's Groovy AST holds: the names of the methods it calls, its assignments (to constants), in order. */
    private record Parsed(List<String> calls, List<Map.Entry<String, Object>> assignments) {
    }

    /** Parses as Jenkins' Groovy 2.4 does (its UnicodeEscapingReader first); a literal broken open fails here. */
    private static Parsed parse(String script) {
        Parsed p = new Parsed(new ArrayList<>(), new ArrayList<>());
        for (ASTNode n : new AstBuilder().buildFromString(CompilePhase.CONVERSION, true, script)) {
            if (!(n instanceof BlockStatement block)) {
                continue;
            }
            block.visit(new CodeVisitorSupport() {
                @Override
                public void visitMethodCallExpression(MethodCallExpression call) {
                    p.calls.add(call.getMethodAsString());
                    super.visitMethodCallExpression(call);
                }

                @Override
                public void visitBinaryExpression(BinaryExpression e) {
                    if (e.getOperation().getText().equals("=") && e.getLeftExpression() instanceof VariableExpression v) {
                        assertThat(e.getRightExpression()).as("%s is a constant", v.getName())
                                .isInstanceOf(ConstantExpression.class);
                        p.assignments.add(Map.entry(v.getName(), ((ConstantExpression) e.getRightExpression()).getValue()));
                    }
                    super.visitBinaryExpression(e);
                }
            });
        }
        return p;
    }
}
