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
import dev.mlops.testkit.memory.InMemoryBackend;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The rendered Jenkinsfile keeps a command's words intact through Groovy and shell quoting: a word with quotes,
 * {@code $} and a backslash reaches the process as it was written. The source stage checks out the commit the
 * execution reports.
 */
class JenkinsfileRenderingTest {

    @Test
    void aCommandsWords_reachTheProcess_asWritten_andTheSourceCommitIsTheHead() throws Exception {
        String tricky = "it's a $HOME 'test' \\ \"quoted\"";
        Template t = Template.builder().id("quoting").displayName("quoting")
                .addRepositories(RepositorySpec.of("app", SeedCode.ofFiles(Map.of("a.txt",
                        "a\n".getBytes(StandardCharsets.UTF_8)))))
                .addPipelines(PipelineSpec.builder().role("build").sourceRepository("app")
                        .addStages(Stage.of("Source", StageType.SOURCE).build(),
                                Stage.command("Quote", "printf", "[%s]\\n", tricky).build()).build())
                .addCapabilities(Capability.HOSTED_REPOSITORIES).build();
        try (JenkinsFake jenkins = JenkinsFake.builder().build(); InMemoryBackend memory = InMemoryBackend.create()) {
            JenkinsOrchestrator o = Jenkins.orchestrator().url(jenkins.url()).user(jenkins.user())
                    .apiToken(jenkins.token()).pollInterval(Duration.ofMillis(20))
                    .waitPolicy(WaitPolicy.backoff(Duration.ofMillis(20), Duration.ofMillis(200), 2, Ticker.system()))
                    .build();
            ProjectRecord r = memory.projectStore().orElseThrow().create(new ProjectDraft("quoting", t, Map.of(), ""),
                    e -> { });
            memory.repositories().orElseThrow().provision(r, t.repositories().get(0));
            Components c = Components.builder().set(ComponentKind.ORCHESTRATOR, o).fillFrom(memory).build();
            o.provision(r, c);
            String head = memory.repositories().orElseThrow().list(r).get(0).headCommit();

            ExecutionInfo e = o.start(r, "build", StartRequest.of("quoting"));
            ExecutionInfo done = o.waitPolicy().until(Duration.ofSeconds(30),
                    () -> o.execution(r, e.id()).filter(x -> x.status().isTerminal())).orElseThrow();
            assertThat(done.status()).isEqualTo(ExecutionStatus.Succeeded);
            assertThat(done.sourceCommit()).contains(head);
            String log = o.log(r, e.id(), "Quote", LogChunk.START).text();
            assertThat(log).contains("[" + tricky + "]").contains("Checking out Revision " + head);
            assertThat(jenkins.configXml(o.jobOf(r, "build").toString())).contains(Jenkinsfile.EXECUTION_ID);
        }
    }
}
