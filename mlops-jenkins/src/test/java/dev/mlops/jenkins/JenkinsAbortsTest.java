package dev.mlops.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.ExecutionStatus;
import dev.mlops.LogChunk;
import dev.mlops.StageExecution;
import dev.mlops.jenkins.fixtures.JenkinsFake;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The two ways a Jenkins build ends {@code ABORTED} while a stage runs, told apart through the API the orchestrator
 * reads: past a stage's {@code timeout} option the build's {@code InterruptedBuildAction} names
 * {@code TimeoutStepExecution$ExceededTimeout}, and the execution and the stage read Failed, "timed out after" the
 * limit; a user's {@code stop} names {@code CauseOfInterruption$UserInterruption}, and they read Stopped.
 * (A rejected gate, the third way, is the compatibility kit's {@code gate_rejected_failsTheExecution}.)
 */
class JenkinsAbortsTest {
    private JenkinsFake jenkins;
    private InMemoryBackend memory;
    private JenkinsOrchestrator orchestrator;
    private ProjectRecord project;

    @BeforeEach
    void provision() {
        Template t = Template.builder().id("aborts").displayName("aborts")
                .addRepositories(RepositorySpec.of("app", SeedCode.ofFiles(Map.of("a.txt",
                        "a\n".getBytes(StandardCharsets.UTF_8)))))
                .addPipelines(PipelineSpec.builder().role("build").sourceRepository("app")
                        .addStages(Stage.of("Source", StageType.SOURCE).build(),
                                Stage.command("Quick", "true").timeout(Duration.ofMillis(1500)).build(),
                                Stage.command("Slow", "sleep", "30").timeout(Duration.ofSeconds(1)).build(),
                                Stage.command("After", "true").build()).build())
                .addPipelines(PipelineSpec.builder().role("long").sourceRepository("app")
                        .addStages(Stage.of("Source", StageType.SOURCE).build(),
                                Stage.command("Long", "sleep", "30").timeout(Duration.ofSeconds(60)).build(),
                                Stage.command("After", "true").build()).build())
                .addCapabilities(Capability.HOSTED_REPOSITORIES).build();
        jenkins = JenkinsFake.builder().build();
        memory = InMemoryBackend.create();
        orchestrator = Jenkins.orchestrator().url(jenkins.url()).user(jenkins.user()).apiToken(jenkins.token())
                .pollInterval(Duration.ofMillis(20))
                .waitPolicy(WaitPolicy.backoff(Duration.ofMillis(20), Duration.ofMillis(200), 2, Ticker.system()))
                .build();
        project = memory.projectStore().orElseThrow().create(new ProjectDraft("aborts", t, Map.of(), ""), e -> { });
        memory.repositories().orElseThrow().provision(project, t.repositories().get(0));
        orchestrator.provision(project, Components.builder().set(ComponentKind.ORCHESTRATOR, orchestrator)
                .fillFrom(memory).build());
    }

    @AfterEach
    void close() {
        jenkins.close();
        memory.close();
    }

    @Test
    void aStagePastItsTimeout_failsTheExecution_andTheStageSaysItTimedOut_andTheRunGoesNoFurther() throws Exception {
        long started = System.nanoTime();
        ExecutionInfo e = orchestrator.start(project, "build", StartRequest.of("timeouts"));
        ExecutionInfo done = awaitEnd(e.id());
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("ended by the timeout, not by sleep 30")
                .isLessThan(Duration.ofSeconds(20));

        assertThat(done.status()).as("a timeout is the stage's failure, not a stop").isEqualTo(ExecutionStatus.Failed);
        assertThat(done.stages()).extracting(s -> s.name() + ":" + s.status()).containsExactly("Source:Succeeded",
                "Quick:Succeeded", "Slow:Failed", "After:Skipped");
        assertThat(stage(done, "Slow").summary()).startsWith("timed out after PT1S")
                .contains("Timeout has been exceeded");
        assertThat(orchestrator.log(project, e.id(), "Slow", LogChunk.START).text())
                .contains("Cancelling nested steps due to timeout").contains("Timeout has been exceeded");

        // What told it apart: the cause Jenkins records, read back through the client's tree.
        BuildDetails build = client().build(new BuildRef(orchestrator.jobOf(project, "build"), 1))
                .orElseThrow();
        assertThat(build.status().result()).contains(BuildResult.ABORTED);
        assertThat(build.interruptions()).containsExactly(new Interruption(Interruption.EXCEEDED_TIMEOUT,
                "Timeout has been exceeded"));
        assertThat(build.timedOut()).isTrue();
    }

    @Test
    void aStageStoppedByAUser_whileItRuns_stopsTheExecution_andSaysWho() throws Exception {
        ExecutionInfo e = orchestrator.start(project, "long", StartRequest.of("stop me"));
        orchestrator.waitPolicy().until(Duration.ofSeconds(30), () -> orchestrator.execution(project, e.id())
                .filter(x -> stage(x, "Long").status() == ExecutionStatus.InProgress)).orElseThrow();
        orchestrator.stop(project, e.id(), "test: stop");
        ExecutionInfo done = awaitEnd(e.id());

        assertThat(done.status()).isEqualTo(ExecutionStatus.Stopped);
        assertThat(done.stages()).extracting(s -> s.name() + ":" + s.status()).containsExactly("Source:Succeeded",
                "Long:Stopped", "After:Skipped");
        assertThat(stage(done, "Long").summary()).isEqualTo("aborted: Aborted by " + jenkins.user())
                .doesNotContain("timed out");
        BuildDetails build = client().build(new BuildRef(orchestrator.jobOf(project, "long"), 1))
                .orElseThrow();
        assertThat(build.interruptions()).extracting(Interruption::causeClass)
                .containsExactly(Interruption.USER_INTERRUPTION);
        assertThat(build.timedOut()).isFalse();
    }

    /** A client of the fake, to read the build as the orchestrator does. */
    private JenkinsClient client() {
        return JenkinsClient.builder().url(jenkins.url().toString()).user(jenkins.user()).apiToken(jenkins.token())
                .build();
    }

    private ExecutionInfo awaitEnd(String id) throws InterruptedException {
        return orchestrator.waitPolicy().until(Duration.ofSeconds(30),
                () -> orchestrator.execution(project, id).filter(x -> x.status().isTerminal())).orElseThrow();
    }

    private static StageExecution stage(ExecutionInfo e, String name) {
        return e.stages().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }
}
