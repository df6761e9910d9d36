package dev.mlops.aws.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.ExecutionStatus;
import dev.mlops.GateStatus;
import dev.mlops.LogChunk;
import dev.mlops.StageExecution;
import dev.mlops.aws.AwsBackend;
import dev.mlops.aws.fakes.ActionOutcome;
import dev.mlops.aws.fakes.FakeCodePipeline;
import dev.mlops.aws.fakes.FakePipeline;
import dev.mlops.aws.fakes.FakePipelines;
import dev.mlops.aws.internal.pipeline.CodePipelineOrchestrator;
import dev.mlops.exception.ConflictException;
import dev.mlops.exception.IllegalStateTransitionException;
import dev.mlops.exception.MlopsBackendException;
import dev.mlops.exception.MlopsException;
import dev.mlops.exception.ValidationException;
import dev.mlops.internal.Await;
import dev.mlops.spi.ApprovalInfo;
import dev.mlops.spi.ExecutionInfo;
import dev.mlops.spi.GateRef;
import dev.mlops.spi.PageRequest;
import dev.mlops.spi.ProjectRecord;
import dev.mlops.spi.StartRequest;
import dev.mlops.template.Templates;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link CodePipelineOrchestrator} on the original template's pipelines (build: Source → Build; deploy: Source → Build
 * → DeployStaging [DeployResourcesStaging, TestStaging, ApproveDeployment] → DeployProd) in a {@link FakeCodePipeline}.
 */
class CodePipelineOrchestratorTest {
    private static final String CALLER = "arn:aws:sts::123456789012:assumed-role/ml-leads/alice";

    @TempDir
    Path tmp;

    private FakeCodePipeline fake;
    private AwsBackend aws;
    private CodePipelineOrchestrator orch;
    private ProjectRecord project;
    private String build;
    private String deploy;

    @BeforeEach
    void setUp() {
        fake = FakeCodePipeline.start().caller(CALLER);
        project = new ProjectRecord("abalone", "p-abcdef123456", Templates.modelBuildTrainDeploy(),
                Map.of("sagemaker:project-name", "abalone"), Instant.now());
        project.template().pipelines().forEach(spec -> fake.declare(FakePipelines.of(project, spec)));
        build = project.resourceName("modelbuild");
        deploy = project.resourceName("modeldeploy");
        aws = FakeAwsBackends.builder(fake, tmp).maxAttempts(3).build();
        orch = (CodePipelineOrchestrator) aws.orchestrator().orElseThrow();
    }

    @AfterEach
    void tearDown() {
        try {
            aws.close();
        } finally {
            fake.close();
        }
        assertThat(fake.outputViolations()).isEmpty();
    }

    private ExecutionInfo until(String id, Predicate<ExecutionInfo> done) {
        return Await.until("execution " + id, Duration.ofSeconds(30), orch.waitPolicy(),
                () -> orch.execution(project, id).filter(done));
    }

    private ExecutionInfo ended(String id) {
        return until(id, e -> e.status().isTerminal());
    }

    private static Map<String, StageExecution> byName(ExecutionInfo e) {
        return e.stages().stream().collect(Collectors.toMap(StageExecution::name, s -> s));
    }

    private ApprovalInfo pending() {
        return Await.until("a pending approval", Duration.ofSeconds(30), orch.waitPolicy(),
                () -> orch.approvals(project, PageRequest.first()).items().stream()
                        .filter(a -> a.status() == GateStatus.Pending).findFirst());
    }

    // ---------------------------------------------------------------- start

    @Test
    void start_isIdempotentOnItsToken_andDerivesAValidTokenFromOneTheModelRefuses() {
        StartRequest request = new StartRequest("retry-safe", Map.of(), Optional.of("build-42"));
        ExecutionInfo first = orch.start(project, "modelbuild", request);
        ExecutionInfo again = orch.start(project, "modelbuild", request);
        assertThat(again.id()).isEqualTo(first.id());
        assertThat(first.trigger()).isEqualTo("retry-safe");

        // '.' and ':' are allowed by StartRequest but not by clientRequestToken: derived, still idempotent
        StartRequest dotted = new StartRequest("dotted", Map.of(), Optional.of("exec.7:step"));
        String d1 = orch.start(project, "modelbuild", dotted).id();
        assertThat(orch.start(project, "modelbuild", dotted).id()).isEqualTo(d1).isNotEqualTo(first.id());
        assertThat(orch.start(project, "modelbuild", new StartRequest("other", Map.of(), Optional.of("exec_7:step")))
                .id()).isNotEqualTo(d1);
        assertThat(fake.requests("StartPipelineExecution")).isEqualTo(5);
        assertThat(orch.executions(project, "modelbuild", PageRequest.first()).items()).hasSize(3);
    }

    @Test
    void start_sendsParametersAsDeclaredVariables_andRefusesAnUndeclaredOne() {
        assertThatThrownBy(() -> orch.start(project, "modeldeploy", new StartRequest("rollback",
                Map.of("ModelPackageArn", "arn:aws:sagemaker:us-east-1:123456789012:model-package/abalone/1"),
                Optional.empty())))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("ModelPackageArn").hasMessageContaining(deploy).hasMessageContaining("none");
        assertThat(fake.requests("StartPipelineExecution")).isZero();

        FakePipeline withVariable = FakePipelines.of(project, project.template().pipelines().get(1))
                .variables("ModelPackageArn");
        fake.declare(withVariable);
        List<Map<String, String>> seen = new ArrayList<>();
        fake.onAction(deploy, "BuildDeploymentTemplates", c -> {
            seen.add(c.variables());
            return ActionOutcome.succeeded("exported");
        });
        String arn = "arn:aws:sagemaker:us-east-1:123456789012:model-package/abalone/1";
        String id = orch.start(project, "modeldeploy", new StartRequest("rollback", Map.of("ModelPackageArn", arn),
                Optional.empty())).id();
        until(id, e -> e.status() == ExecutionStatus.WaitingForApproval);
        assertThat(seen).containsExactly(Map.of("ModelPackageArn", arn));
    }

    // ---------------------------------------------------------------- progress

    @Test
    void stagesAndActions_progress_ontoTheCoreStages() {
        fake.actionDuration(deploy, "BuildDeploymentTemplates", Duration.ofMillis(800));
        String id = orch.start(project, "modeldeploy", StartRequest.of("deploy")).id();
        ExecutionInfo building = until(id, e -> byName(e).get("Build").status() == ExecutionStatus.InProgress);
        assertThat(building.status()).isEqualTo(ExecutionStatus.InProgress);
        assertThat(byName(building).get("Source").status()).isEqualTo(ExecutionStatus.Succeeded);
        assertThat(byName(building).get("DeployStaging").status()).isEqualTo(ExecutionStatus.Queued);

        ExecutionInfo waiting = until(id, e -> e.status() == ExecutionStatus.WaitingForApproval);
        assertThat(waiting.sourceCommit()).hasValueSatisfying(c -> assertThat(c).matches("[0-9a-f]{40}"));
        assertThat(waiting.stages()).extracting(StageExecution::name)
                .containsExactly("Source", "Build", "DeployStaging", "TestStaging", "ApproveDeployment", "DeployProd");
        assertThat(waiting.stages()).extracting(StageExecution::status).containsExactly(ExecutionStatus.Succeeded,
                ExecutionStatus.Succeeded, ExecutionStatus.Succeeded, ExecutionStatus.Succeeded,
                ExecutionStatus.WaitingForApproval, ExecutionStatus.Queued);
        // DeployStaging is its DeployResourcesStaging action; TestStaging, of the same CodePipeline stage, comes after
        Map<String, StageExecution> s = byName(waiting);
        assertThat(s.get("TestStaging").startedAt().orElseThrow())
                .isAfterOrEqualTo(s.get("DeployStaging").endedAt().orElseThrow());
        assertThat(s.get("DeployStaging").summary()).contains("DeployResourcesStaging");
        assertThat(orch.latest(project, "modeldeploy")).map(ExecutionInfo::id).contains(id);
    }

    @Test
    void failedExecution_summaryNamesTheFailedActionAndItsMessage() {
        fake.failAction(build, "BuildAndExecuteSageMakerPipeline",
                "SageMaker pipeline execution failed at step TrainAbaloneModel: ResourceLimitExceeded");
        ExecutionInfo e = ended(orch.start(project, "modelbuild", StartRequest.of("fail")).id());
        assertThat(e.status()).isEqualTo(ExecutionStatus.Failed);
        StageExecution b = byName(e).get("Build");
        assertThat(b.status()).isEqualTo(ExecutionStatus.Failed);
        assertThat(b.summary()).contains("BuildAndExecuteSageMakerPipeline")
                .contains("SageMaker pipeline execution failed at step TrainAbaloneModel: ResourceLimitExceeded");
        assertThat(e.endedAt()).isPresent();
    }

    @Test
    void aNewerExecution_supersedesAnOlderOneWaitingAtTheSameStage() {
        fake.actionDuration(build, "BuildAndExecuteSageMakerPipeline", Duration.ofMillis(1500));
        String a = orch.start(project, "modelbuild", StartRequest.of("a")).id();
        until(a, e -> byName(e).get("Build").status() == ExecutionStatus.InProgress);
        String b = orch.start(project, "modelbuild", StartRequest.of("b")).id();
        until(b, e -> byName(e).get("Source").status() == ExecutionStatus.Succeeded);
        String c = orch.start(project, "modelbuild", StartRequest.of("c")).id();
        assertThat(ended(b).status()).isEqualTo(ExecutionStatus.Superseded);
        assertThat(ended(a).status()).isEqualTo(ExecutionStatus.Succeeded);
        assertThat(ended(c).status()).isEqualTo(ExecutionStatus.Succeeded);
        assertThat(byName(orch.execution(project, b).orElseThrow()).get("Build").status())
                .isEqualTo(ExecutionStatus.Skipped);
    }

    // ---------------------------------------------------------------- logs

    @Test
    void logs_ofACodeBuildAction_comeInChunks_withCursorsThatResume() {
        List<String> lines = IntStream.range(0, 250).mapToObj(i -> "line " + i).toList();
        fake.onAction(build, "BuildAndExecuteSageMakerPipeline",
                c -> ActionOutcome.succeeded("pipeline done").withLog(lines));
        String id = ended(orch.start(project, "modelbuild", StartRequest.of("logs")).id()).id();

        List<LogChunk> chunks = new ArrayList<>();
        String cursor = LogChunk.START;
        while (true) {
            LogChunk c = orch.log(project, id, "Build", cursor);
            chunks.add(c);
            if (c.complete()) {
                break;
            }
            assertThat(c.next()).isNotEqualTo(cursor);
            cursor = c.next();
        }
        String all = chunks.stream().map(LogChunk::text).collect(Collectors.joining());
        assertThat(all.lines().filter(l -> l.startsWith("line ")).toList()).isEqualTo(lines);
        assertThat(all).contains("Phase complete: BUILD State: SUCCEEDED");
        assertThat(chunks.size()).as("chunks of at most 100 events").isGreaterThanOrEqualTo(3);
        assertThat(chunks.get(0).text().lines().count()).isEqualTo(100);
        LogChunk end = chunks.get(chunks.size() - 1);
        assertThat(end.text()).isEmpty();
        assertThat(orch.log(project, id, "Build", end.next())).isEqualTo(new LogChunk("", end.next(), true));
        // resume from the second chunk's cursor: the rest, exactly
        String rest = chunks.subList(2, chunks.size()).stream().map(LogChunk::text).collect(Collectors.joining());
        assertThat(orch.log(project, id, "Build", chunks.get(1).next()).text()).isEqualTo(rest.substring(0,
                orch.log(project, id, "Build", chunks.get(1).next()).text().length()));
        // a stage without a build: one summary line once it ended
        LogChunk source = orch.log(project, id, "Source", LogChunk.START);
        assertThat(source.text()).startsWith("Source: Succeeded");
        assertThat(source.complete()).isTrue();
        assertThat(orch.log(project, id, "Source", source.next()).text()).isEmpty();
        assertThatThrownBy(() -> orch.log(project, id, "Build", "not-a-cursor")).isInstanceOf(ValidationException.class);
    }

    // ---------------------------------------------------------------- gates

    @Test
    void pendingApproval_isListed_andApprovedWithASummary_underTheCallersIdentity() {
        String id = orch.start(project, "modeldeploy", StartRequest.of("deploy")).id();
        ApprovalInfo gate = pending();
        assertThat(gate.gate()).isEqualTo("ApproveDeployment");
        assertThat(gate.pipeline()).isEqualTo("modeldeploy");
        assertThat(gate.executionId()).isEqualTo(id);
        assertThat(gate.message()).isEqualTo("Approve this model for Production");
        assertThat(gate.ref().kind()).isEqualTo("codepipeline");
        String token = gate.ref().field("token");
        assertThat(token).isEqualTo(fake.pendingToken(deploy, "ApproveDeployment").orElseThrow());
        assertThat(gate.ref().field("stage")).isEqualTo("DeployStaging");
        assertThat(gate.ref().toString()).doesNotContain(token);

        ApprovalInfo approved = orch.decide(project, gate.ref(), true, "staging tests passed");
        assertThat(approved.status()).isEqualTo(GateStatus.Approved);
        assertThat(approved.decidedBy()).contains(CALLER);
        assertThat(approved.comment()).contains("staging tests passed");
        ExecutionInfo done = ended(id);
        assertThat(done.status()).isEqualTo(ExecutionStatus.Succeeded);
        assertThat(byName(done).get("ApproveDeployment").summary()).contains(CALLER).contains("staging tests passed");
        assertThatThrownBy(() -> orch.decide(project, gate.ref(), true, "again"))
                .isInstanceOf(IllegalStateTransitionException.class).hasMessageContaining("Approved")
                .satisfies(e -> assertThat(e.toString()).doesNotContain(token));
    }

    @Test
    void anExpiredToken_isAClearConflict_namingTheGate_withoutTheToken() {
        orch.start(project, "modeldeploy", StartRequest.of("deploy"));
        ApprovalInfo gate = pending();
        String token = gate.ref().field("token");
        // The approval times out between the read and the decision: CodePipeline refuses the token.
        fake.beforeNext("PutApprovalResult", () -> fake.expireApproval(deploy, "ApproveDeployment"));
        assertThatThrownBy(() -> orch.decide(project, gate.ref(), true, "late"))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining(deploy + "/DeployStaging/ApproveDeployment")
                .satisfies(e -> {
                    assertThat(e.toString()).doesNotContain(token);
                    assertThat(((MlopsException) e).context().values()).noneMatch(v -> v.contains(token));
                });
        assertThat(orch.approval(project, gate.ref())).hasValueSatisfying(a ->
                assertThat(a.status()).isEqualTo(GateStatus.Expired));
        // once read as expired, a decision is refused before anything is sent
        int sent = fake.requests("PutApprovalResult");
        assertThatThrownBy(() -> orch.decide(project, gate.ref(), true, "later"))
                .isInstanceOf(IllegalStateTransitionException.class).hasMessageContaining("Expired");
        assertThat(fake.requests("PutApprovalResult")).isEqualTo(sent);
    }

    @Test
    void aDecisionSomeoneElseMadeInTheMeantime_isAStateTransitionError() {
        orch.start(project, "modeldeploy", StartRequest.of("deploy"));
        ApprovalInfo gate = pending();
        fake.beforeNext("PutApprovalResult", () -> fake.decideAs(deploy, "ApproveDeployment", false, "metrics regressed",
                "arn:aws:iam::123456789012:user/bob"));
        assertThatThrownBy(() -> orch.decide(project, gate.ref(), true, "go"))
                .isInstanceOf(IllegalStateTransitionException.class).hasMessageContaining("someone else");
        assertThat(orch.approval(project, gate.ref())).hasValueSatisfying(a -> {
            assertThat(a.status()).isEqualTo(GateStatus.Rejected);
            assertThat(a.decidedBy()).contains("arn:aws:iam::123456789012:user/bob");
        });
    }

    @Test
    void aSummaryLongerThan512_isRefused_namingTheFieldAndTheLimit_beforeAnythingIsSent() {
        orch.start(project, "modeldeploy", StartRequest.of("deploy"));
        ApprovalInfo gate = pending();
        assertThatThrownBy(() -> orch.decide(project, gate.ref(), true, "x".repeat(513)))
                .isInstanceOf(ValidationException.class)
                .satisfies(e -> assertThat(((ValidationException) e).field()).isEqualTo("comment"))
                .hasMessageContaining("512");
        assertThat(fake.requests("PutApprovalResult")).isZero();
        assertThat(orch.decide(project, gate.ref(), false, "y".repeat(512)).status()).isEqualTo(GateStatus.Rejected);
    }

    @Test
    void aGateOfAnotherKind_isRefused() {
        assertThatThrownBy(() -> orch.decide(project, GateRef.jenkins("job", 1, "input"), true, "x"))
                .isInstanceOf(ValidationException.class).hasMessageContaining("jenkins");
    }

    @Test
    void stop_atAGate_abandonsIt_andTheGateExpires() {
        String id = orch.start(project, "modeldeploy", StartRequest.of("deploy")).id();
        ApprovalInfo gate = pending();
        orch.stop(project, id, "not today");
        ExecutionInfo stopped = ended(id);
        assertThat(stopped.status()).isEqualTo(ExecutionStatus.Stopped);
        assertThat(byName(stopped).get("DeployProd").status()).isEqualTo(ExecutionStatus.Skipped);
        assertThat(orch.approval(project, gate.ref()).orElseThrow().status()).isEqualTo(GateStatus.Expired);
        assertThatThrownBy(() -> orch.stop(project, id, "again")).isInstanceOf(IllegalStateTransitionException.class);
        assertThatThrownBy(() -> orch.stop(project, id, "r".repeat(201))).isInstanceOf(ValidationException.class)
                .hasMessageContaining("200");
    }

    @Test
    void stop_ofARunningBuild_letsItFinish_thenStops() {
        fake.actionDuration(build, "BuildAndExecuteSageMakerPipeline", Duration.ofMillis(600));
        String id = orch.start(project, "modelbuild", StartRequest.of("long")).id();
        until(id, e -> byName(e).get("Build").status() == ExecutionStatus.InProgress);
        orch.stop(project, id, "enough");
        assertThat(orch.execution(project, id).orElseThrow().status()).isEqualTo(ExecutionStatus.InProgress);
        ExecutionInfo stopped = ended(id);
        assertThat(stopped.status()).isEqualTo(ExecutionStatus.Stopped);
        assertThat(byName(stopped).get("Build").status()).isEqualTo(ExecutionStatus.Succeeded);
    }

    // ---------------------------------------------------------------- faults

    @Test
    void aBurstOfThrottling_isAbsorbedByTheSdksRetries() {
        String id = orch.start(project, "modelbuild", StartRequest.of("t")).id();
        fake.throttleNext(2);
        assertThat(orch.execution(project, id)).isPresent();
        assertThat(ended(id).status()).isEqualTo(ExecutionStatus.Succeeded);
    }

    @Test
    void aSustainedThrottlingStorm_endsInARetryableError_notAHang() throws Exception {
        String id = orch.start(project, "modelbuild", StartRequest.of("t")).id();
        int before = fake.requests("GetPipelineExecution");
        fake.throttleAll(true);
        CompletableFuture<Throwable> f = CompletableFuture.supplyAsync(() -> {
            try {
                orch.execution(project, id);
                return null;
            } catch (RuntimeException e) {
                return e;
            }
        });
        Throwable t = f.get(60, TimeUnit.SECONDS);
        assertThat(t).isInstanceOf(MlopsBackendException.class).hasMessageContaining("throttled");
        assertThat(((MlopsBackendException) t).retryable()).isTrue();
        assertThat(fake.requests("GetPipelineExecution") - before).as("the SDK's attempts").isEqualTo(3);
        fake.throttleAll(false);
        assertThat(ended(id).status()).isEqualTo(ExecutionStatus.Succeeded);
    }

    @Test
    void serverErrors_areRetried_andASustainedOutageIsRetryable() {
        String id = orch.start(project, "modelbuild", StartRequest.of("5xx")).id();
        fake.failNext(2);
        assertThat(orch.execution(project, id)).isPresent();
        fake.failNext(10);
        assertThatThrownBy(() -> orch.execution(project, id)).isInstanceOf(MlopsBackendException.class)
                .satisfies(e -> assertThat(((MlopsBackendException) e).retryable()).isTrue());
    }

    @Test
    void aNetworkCutDuringAnAwait_endsItCleanlyAndRetryably_andANewAwaitCompletesOnceItIsBack() throws Exception {
        String waiting = orch.start(project, "modeldeploy", StartRequest.of("deploy")).id();
        pending();
        CompletableFuture<Throwable> await = CompletableFuture.supplyAsync(() -> {
            try {
                ended(waiting);
                return null;
            } catch (RuntimeException e) {
                return e;
            }
        });
        Thread.sleep(300);
        long cut = System.nanoTime();
        fake.stopServer();
        Throwable t = await.get(60, TimeUnit.SECONDS);
        assertThat(Duration.ofNanos(System.nanoTime() - cut)).isLessThan(Duration.ofSeconds(30));
        assertThat(t).isInstanceOf(MlopsBackendException.class);
        assertThat(((MlopsBackendException) t).retryable()).isTrue();
        assertThat(t.getMessage()).contains("codepipeline");

        fake.startServer();
        String id = orch.start(project, "modelbuild", StartRequest.of("after the cut")).id();
        assertThat(ended(id).status()).isEqualTo(ExecutionStatus.Succeeded);
        assertThat(orch.approval(project, pending().ref())).isPresent();
    }
}
