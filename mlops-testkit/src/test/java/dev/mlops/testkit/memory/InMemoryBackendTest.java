package dev.mlops.testkit.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.Execution;
import dev.mlops.ExecutionStatus;
import dev.mlops.Gate;
import dev.mlops.GateStatus;
import dev.mlops.MlopsProjects;
import dev.mlops.ModelVersion;
import dev.mlops.Project;
import dev.mlops.StageExecution;
import dev.mlops.exception.MlopsClientException;
import dev.mlops.exception.UnsupportedByBackendException;
import dev.mlops.exception.ValidationException;
import dev.mlops.spi.ExecutionInfo;
import dev.mlops.spi.Orchestrator;
import dev.mlops.spi.ProjectRecord;
import dev.mlops.spi.StartRequest;
import dev.mlops.template.ApprovalGate;
import dev.mlops.template.Capability;
import dev.mlops.template.PipelineSpec;
import dev.mlops.template.RepositorySpec;
import dev.mlops.template.SeedCode;
import dev.mlops.template.Stage;
import dev.mlops.template.StageType;
import dev.mlops.template.Template;
import dev.mlops.template.Templates;
import dev.mlops.testkit.FakeTicker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the in-memory backend simulates: pace, lag, latency, gates, what it cannot do, and its call counts. */
class InMemoryBackendTest {
    private static final Duration WAIT = Duration.ofMinutes(10);

    private static Template template(Stage... stages) {
        return Template.builder().id("memory-test").displayName("memory test")
                .addRepositories(RepositorySpec.of("app", SeedCode.ofFiles(Map.of("a.txt", "a".getBytes(StandardCharsets.UTF_8)))))
                .addPipelines(PipelineSpec.builder().role("p").sourceRepository("app")
                        .addStages(Stage.of("Source", StageType.SOURCE).build()).addStages(stages).build())
                .addCapabilities(Capability.HOSTED_REPOSITORIES)
                .build();
    }

    private static ProjectRecord record(InMemoryBackend memory, Project p) {
        return memory.projectStore().orElseThrow().find(p.name()).orElseThrow();
    }

    @Test
    void stages_takeTheirDuration_ofTickerTime_seenOnTheNextCall() {
        FakeTicker time = new FakeTicker();
        try (InMemoryBackend memory = InMemoryBackend.builder().ticker(time).stageDuration(Duration.ofSeconds(10)).build();
                Project p = MlopsProjects.builder().name("pace").template(template(
                        Stage.command("Echo", "echo", "hi").build())).backend(memory).create()) {
            Execution e = p.pipelines().named("p").start();
            assertThat(e.refresh().stages()).extracting(StageExecution::status)
                    .containsExactly(ExecutionStatus.InProgress, ExecutionStatus.Queued);
            time.advance(Duration.ofSeconds(9));
            assertThat(e.refresh().stages().get(0).status()).isEqualTo(ExecutionStatus.InProgress);
            time.advance(Duration.ofSeconds(1));
            assertThat(e.refresh().stages()).extracting(StageExecution::status)
                    .containsExactly(ExecutionStatus.Succeeded, ExecutionStatus.InProgress);
            time.advance(Duration.ofMinutes(5));
            Execution done = e.refresh();
            assertThat(done.status()).isEqualTo(ExecutionStatus.Succeeded);
            // the stage times are those of the simulation, not of the read
            StageExecution echo = done.stages().get(1);
            assertThat(Duration.between(echo.startedAt().orElseThrow(), echo.endedAt().orElseThrow()))
                    .isEqualTo(Duration.ofSeconds(10));
            assertThat(done.endedAt()).contains(e.startedAt().plusSeconds(20));
        }
    }

    @Test
    void reads_lagWrites_byTheReadLag() {
        FakeTicker time = new FakeTicker();
        try (InMemoryBackend memory = InMemoryBackend.builder().ticker(time).readLag(Duration.ofSeconds(3)).build();
                Project p = MlopsProjects.builder().name("lag").template(template()).backend(memory).create()) {
            Orchestrator o = memory.orchestrator().orElseThrow();
            ProjectRecord r = memory.projectStore().orElseThrow().create(
                    new dev.mlops.spi.ProjectDraft("lag", template(), Map.of(), ""), e -> { });
            assertThat(r.id()).as("creating an existing name returns it").isEqualTo(p.id());
            ExecutionInfo started = o.start(r, "p", StartRequest.of("lag test"));
            assertThat(o.execution(r, started.id())).as("within the lag").isEmpty();
            time.advance(Duration.ofSeconds(3));
            assertThat(o.execution(r, started.id())).isPresent();
        }
    }

    @Test
    void everyCall_takesTheLatency_andIsCounted_butInternalCallsAreNot() {
        FakeTicker time = new FakeTicker();
        try (InMemoryBackend memory = InMemoryBackend.builder().ticker(time).latency(Duration.ofMillis(50)).build();
                Project p = MlopsProjects.builder().name("latency").backend(memory).create()) {
            p.pipelines().build().awaitLatest(WAIT);
            memory.resetCalls();
            long before = time.nanoTime();
            p.models().version(1);
            p.models().version(1);
            assertThat(time.elapsedSince(before)).isEqualTo(Duration.ofMillis(100));
            assertThat(memory.calls()).containsExactly(Map.entry("registry.version", 2L));
            assertThat(memory.totalCalls()).isEqualTo(2);
            memory.resetCalls();
            p.pipelines().build().start().await(WAIT);
            assertThat(memory.calls()).as("the build registered a version without a client call")
                    .doesNotContainKeys("registry.register", "artifacts.put");
        }
    }

    @Test
    void gate_timesOut_afterItsTimeout() {
        FakeTicker time = new FakeTicker();
        Stage gate = Stage.approval(ApprovalGate.manual("Approve").timeout(Duration.ofHours(1)).build());
        try (InMemoryBackend memory = InMemoryBackend.builder().ticker(time).build();
                Project p = MlopsProjects.builder().name("timeout").template(template(gate)).backend(memory).create()) {
            Execution e = p.pipelines().named("p").start();
            Gate pending = p.gates().awaitPending(WAIT);
            time.advance(Duration.ofHours(2));
            Execution failed = e.refresh();
            assertThat(failed.status()).isEqualTo(ExecutionStatus.Failed);
            assertThat(failed.stages().get(1).summary()).contains("timed out after PT1H");
            assertThat(pending.refresh().status()).isEqualTo(GateStatus.Expired);
        }
    }

    @Test
    void gate_withApprovers_isDecidedOnlyByOne() {
        Stage gate = Stage.approval(ApprovalGate.manual("Approve").approvers("alice").build());
        try (InMemoryBackend bob = InMemoryBackend.builder().ticker(new FakeTicker()).identity("bob").build();
                Project p = MlopsProjects.builder().name("approvers").template(template(gate)).backend(bob).create()) {
            p.pipelines().named("p").start();
            Gate pending = p.gates().awaitPending(WAIT);
            assertThatThrownBy(() -> pending.approve("me")).isInstanceOf(MlopsClientException.class)
                    .hasMessageContaining("User 'bob' may not decide gate Approve").hasMessageContaining("alice");
            assertThat(pending.refresh().status()).isEqualTo(GateStatus.Pending);
        }
        try (InMemoryBackend alice = InMemoryBackend.builder().ticker(new FakeTicker()).identity("alice").build();
                Project p = MlopsProjects.builder().name("approvers").template(template(gate)).backend(alice).create()) {
            Execution e = p.pipelines().named("p").start();
            assertThat(p.gates().awaitPending(WAIT).approve("mine").decision()).contains("alice: mine");
            assertThat(e.await(WAIT).status()).isEqualTo(ExecutionStatus.Succeeded);
        }
    }

    @Test
    void commandsItCannotRun_failTheStage_namingTheEmbeddedBackend() {
        try (InMemoryBackend memory = InMemoryBackend.builder().ticker(new FakeTicker()).build();
                Project p = MlopsProjects.builder().name("commands").template(template(
                        Stage.command("Load", "./load-test.sh").build())).backend(memory).create()) {
            Execution e = p.pipelines().named("p").start().await(WAIT);
            assertThat(e.status()).isEqualTo(ExecutionStatus.Failed);
            assertThat(e.stages().get(1).summary()).contains("./load-test.sh").contains("echo, true and false")
                    .contains("mlops-local");
        }
    }

    @Test
    void aTemplateNeedingMonitors_isRefusedAtCreate() {
        try (InMemoryBackend memory = InMemoryBackend.builder().ticker(new FakeTicker()).build()) {
            assertThatThrownBy(() -> MlopsProjects.builder().name("monitored")
                    .template(Templates.modelBuildTrainDeployMonitor()).backend(memory).create())
                    .isInstanceOf(UnsupportedByBackendException.class)
                    .hasMessageContaining("monitors.schedules");
            assertThat(memory.projectStore().orElseThrow().find("monitored")).isEmpty();
        }
    }

    @Test
    void failStage_failsThatStage_untilCleared() {
        try (InMemoryBackend memory = InMemoryBackend.builder().ticker(new FakeTicker()).build();
                Project p = MlopsProjects.builder().name("faults").template(template(
                        Stage.command("Echo", "echo", "hi").build())).backend(memory).create()) {
            memory.memoryOrchestrator().failStage("p", "Echo", "tests: injected");
            Execution failed = p.pipelines().named("p").start().await(WAIT);
            assertThat(failed.status()).isEqualTo(ExecutionStatus.Failed);
            assertThat(failed.stages().get(1).summary()).isEqualTo("tests: injected");
            assertThat(failed.log("Echo")).contains("FAILED: tests: injected");
            memory.memoryOrchestrator().clearFailures();
            assertThat(p.pipelines().named("p").start().await(WAIT).status()).isEqualTo(ExecutionStatus.Succeeded);
            assertThatThrownBy(() -> memory.memoryOrchestrator().failStage("p", "Echo", " "))
                    .isInstanceOf(ValidationException.class);
        }
    }

    @Test
    void endpoints_answerDeterministically_perVersionAndRow() {
        try (InMemoryBackend memory = InMemoryBackend.builder().ticker(new FakeTicker()).build();
                Project p = MlopsProjects.builder().name("answers").backend(memory).create()) {
            p.pipelines().build().awaitLatest(WAIT);
            ModelVersion v1 = p.models().version(1).approve("one");
            p.environments().staging().awaitDeployed(v1, WAIT);
            String row = "M,0.455,0.365,0.095,0.514,0.2245,0.101,0.15";
            String a1 = p.environments().staging().endpoint().invoke(row);
            String other = p.environments().staging().endpoint().invoke("F,0.5,0.4,0.1,0.6,0.2,0.1,0.2");
            assertThat(other).isNotEqualTo(a1);
            p.pipelines().build().start().await(WAIT);
            ModelVersion v2 = p.models().version(2).approve("two");
            p.environments().staging().awaitDeployed(v2, WAIT);
            assertThat(p.environments().staging().endpoint().invoke(row)).as("another version answers otherwise")
                    .isNotEqualTo(a1);
            assertThat(InMemoryEndpointHost.prediction(v1.arn(), row)).isEqualTo(a1.strip());
        }
    }

    @Test
    void aClosedBackend_refusesCalls_andTheBuilderChecksItsSettings() {
        InMemoryBackend memory = InMemoryBackend.create();
        memory.close();
        assertThatThrownBy(() -> memory.projectStore().orElseThrow().find("x")).isInstanceOf(MlopsClientException.class)
                .hasMessageContaining("closed");
        assertThatThrownBy(() -> InMemoryBackend.builder().latency(Duration.ofMillis(-1)))
                .isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> InMemoryBackend.builder().readLag(null)).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> InMemoryBackend.builder().stageDuration(Duration.ZERO)).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> InMemoryBackend.builder().identity(" ")).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> InMemoryBackend.builder().logChunkSize(0)).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> InMemoryBackend.builder().ticker(null)).isInstanceOf(ValidationException.class);
        assertThat(memory.name()).isEqualTo("memory");
        assertThat(memory.images()).isEmpty();
    }
}
