package dev.mlops.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.ExecutionStatus;
import dev.mlops.LogChunk;
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
import dev.mlops.template.Templates;
import dev.mlops.testkit.memory.InMemoryBackend;
import groovy.lang.GroovyShell;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A stage's own variables ({@code Stage.variables()}) reach its step through {@code withEnv}, each value written as
 * a Groovy single-quoted literal: Groovy itself (2.4, the version Jenkins reads the Jenkinsfile with) parses the rendered
 * file and reads every value back exactly, quotes, {@code ${}}, backslashes and line breaks included; and a run on the
 * fake Jenkins hands the value to the command unchanged.
 */
class JenkinsStageVariablesTest {
    /**
     * Quotes, Groovy and shell interpolation, backslashes (one before a {@code u}, which Jenkins' Groovy 2.4 would read
     * as a unicode escape if it were not doubled), a line break, a carriage return, a tab and a control character.
     */
    private static final String HOSTILE = "it's \"${HOME}\" ${env.PATH} $(id) `id` \\ \\' \\n \\u000a\nsecond line\r\t\u0001 '''";
    private static final Pattern WITH_ENV = Pattern.compile("^\\s*withEnv\\((\\[.*\\])\\) \\{$", Pattern.MULTILINE);

    @Test
    void groovyReadsEveryValueBack_asItWasGiven_andStagesWithoutVariablesHaveNoWithEnv() {
        Template t = template(Stage.command("Hostile", "printenv", "HOSTILE").variable("HOSTILE", HOSTILE)
                .variable("HTTPS_PROXY", "http://proxy.internal:3128").build());
        try (InMemoryBackend memory = InMemoryBackend.create()) {
            ProjectRecord r = memory.projectStore().orElseThrow().create(new ProjectDraft("vars", t, Map.of(), ""), e -> { });
            String script = Jenkinsfile.render(r, t.pipelines().get(0), "https://git.example/app.git", "main", "", "");

            new GroovyShell().parse(script);   // the whole Jenkinsfile is well-formed Groovy
            Matcher m = WITH_ENV.matcher(script);
            assertThat(m.find()).as("a withEnv around the stage's step:\n" + script).isTrue();
            Object list = new GroovyShell().evaluate(m.group(1));
            assertThat(list).isEqualTo(List.of("HOSTILE=" + HOSTILE, "HTTPS_PROXY=http://proxy.internal:3128"));
            assertThat(m.find()).as("only the stage with variables").isFalse();
            assertThat(script.lines().filter(l -> l.contains("withEnv"))).singleElement().asString()
                    .as("one statement per line").doesNotContain("\n").doesNotContain("\r");
            assertThat(script).contains("                withEnv(['HOSTILE=").contains("    sh 'printenv HOSTILE'\n"
                    + "                }\n            }\n");
        }
    }

    @Test
    void aTestStageOfTheStockTemplate_getsItsVariablesAroundTheSdksTestStep() {
        Template t = Templates.modelBuildTrainDeploy().withStageVariable("TestStaging", "NO_PROXY", "localhost,.internal");
        try (InMemoryBackend memory = InMemoryBackend.create()) {
            ProjectRecord r = memory.projectStore().orElseThrow().create(new ProjectDraft("abalone", t, Map.of(), ""),
                    e -> { });
            String script = Jenkinsfile.render(r, t.pipeline("modeldeploy").orElseThrow(),
                    "https://git.example/acme/deploy.git", "main", "", "/opt/sdk/*", true, Map.of());
            assertThat(script).contains("withEnv(['NO_PROXY=localhost,.internal']) {\n"
                    + "                    sh 'java -cp \\'/opt/sdk/*\\' dev.mlops.aws.build.TestEndpoint");
            new GroovyShell().parse(script);
        }
    }

    @Test
    void aRunHandsTheValueToTheCommandUnchanged() throws Exception {
        String value = HOSTILE.replace("\r", "");   // the console is read line by line, so a CR would split the line
        Template t = template(Stage.command("Hostile", "sh", "-c", "printf '[%s]\\n' \"$HOSTILE\"")
                .variable("HOSTILE", value).build());
        try (JenkinsFake jenkins = JenkinsFake.builder().build(); InMemoryBackend memory = InMemoryBackend.create()) {
            JenkinsOrchestrator o = Jenkins.orchestrator().url(jenkins.url()).user(jenkins.user())
                    .apiToken(jenkins.token()).pollInterval(Duration.ofMillis(20))
                    .waitPolicy(WaitPolicy.backoff(Duration.ofMillis(20), Duration.ofMillis(200), 2, Ticker.system()))
                    .build();
            ProjectRecord r = memory.projectStore().orElseThrow().create(new ProjectDraft("vars", t, Map.of(), ""), e -> { });
            memory.repositories().orElseThrow().provision(r, t.repositories().get(0));
            o.provision(r, Components.builder().set(ComponentKind.ORCHESTRATOR, o).fillFrom(memory).build());
            assertThat(jenkins.configXml(o.jobOf(r, "build").toString())).contains("withEnv([");

            ExecutionInfo e = o.start(r, "build", StartRequest.of("variables"));
            ExecutionInfo done = o.waitPolicy().until(Duration.ofSeconds(30),
                    () -> o.execution(r, e.id()).filter(x -> x.status().isTerminal())).orElseThrow();
            assertThat(done.status()).isEqualTo(ExecutionStatus.Succeeded);
            assertThat(o.log(r, e.id(), "Hostile", LogChunk.START).text()).contains("[" + value + "]");
        }
    }

    private static Template template(Stage stage) {
        return Template.builder().id("vars").displayName("vars")
                .addRepositories(RepositorySpec.of("app", SeedCode.ofFiles(Map.of("a.txt", "a\n".getBytes(StandardCharsets.UTF_8)))))
                .addPipelines(PipelineSpec.builder().role("build").sourceRepository("app")
                        .addStages(Stage.of("Source", StageType.SOURCE).build(), stage,
                                Stage.command("Plain", "true").build()).build())
                .addCapabilities(Capability.HOSTED_REPOSITORIES).build();
    }
}
