package dev.mlops.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.ExecutionStatus;
import dev.mlops.GateStatus;
import dev.mlops.LogChunk;
import dev.mlops.MlopsProjects;
import dev.mlops.Project;
import dev.mlops.StageExecution;
import dev.mlops.event.ProjectEvent;
import dev.mlops.event.ProjectEventType;
import dev.mlops.exception.IllegalStateTransitionException;
import dev.mlops.exception.MlopsClientException;
import dev.mlops.exception.NotFoundException;
import dev.mlops.spi.ApprovalInfo;
import dev.mlops.spi.Backend;
import dev.mlops.spi.ComponentKind;
import dev.mlops.spi.Components;
import dev.mlops.spi.ExecutionInfo;
import dev.mlops.spi.GateRef;
import dev.mlops.spi.Orchestrator;
import dev.mlops.spi.PageRequest;
import dev.mlops.spi.ProjectRecord;
import dev.mlops.spi.ProjectStore;
import dev.mlops.spi.StartRequest;
import dev.mlops.template.Template;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract of an {@link Orchestrator}, checked through the SPI on projects of a template whose pipelines the kit
 * alone starts (no trigger) and whose stages every orchestrator runs: a source stage, {@code echo} and
 * {@code false} commands and a manual gate. It checks starts and their idempotency tokens, point reads, pages newest
 * first with tokens, stages in order to the end, failures that skip the rest, logs read in chunks from a cursor that
 * resumes, stops, gates that are pending until decided once (with {@link GateRef}s that survive
 * {@link GateRef#encode() encoding}), not-found errors, and attachments. Every wait uses the orchestrator's own
 * {@link Orchestrator#waitPolicy() policy}.
 *
 * <p>Each test makes its own project with {@code MlopsProjects.builder()…orchestrator(o).backend(backend).create()}
 * and deletes it. Override {@link #orchestrator(Backend)} to check an orchestrator that is not its backend's own
 * (the backend then fills the other components).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class OrchestratorCompatibilityKit {

    /** Scratch space for the backend, shared by the kit's tests. */
    @TempDir
    static Path scratch;

    private Backend backend;
    private Orchestrator orch;
    private ProjectStore store;

    /** Makes the kit; subclasses name the backend in {@link #newBackend(Path)}. */
    protected OrchestratorCompatibilityKit() {
    }

    /**
     * Makes the backend that holds (or completes the composition of) the orchestrator under test. Called once; the
     * kit closes it after the last test.
     *
     * @param scratch an empty directory the backend may use
     * @return the backend
     */
    protected abstract Backend newBackend(Path scratch);

    /**
     * The orchestrator under test.
     *
     * @param backend the backend
     * @return by default the backend's own
     */
    protected Orchestrator orchestrator(Backend backend) {
        return backend.orchestrator().orElseThrow(() -> new AssertionError(backend.name() + " has no orchestrator"));
    }

    /**
     * How long an execution may take to reach a stage or its end.
     *
     * @return by default two minutes (on the orchestrator's ticker)
     */
    protected Duration timeout() {
        return Duration.ofMinutes(2);
    }

    @BeforeAll
    void startBackend() {
        backend = newBackend(scratch);
        orch = orchestrator(backend);
        store = backend.projectStore().orElseThrow(() -> new AssertionError(backend.name() + " has no project store"));
    }

    @AfterAll
    void stopBackend() {
        Kits.close(backend);
    }

    // ---------------------------------------------------------------- fixture

    /** An open project of the kit's template and its stored record; closing it deletes the project. */
    private final class Opened implements AutoCloseable {
        final Project project;
        final ProjectRecord record;

        Opened(String hint) {
            Template t = Kits.pipelines();
            project = MlopsProjects.builder().name(Kits.name(hint)).template(t).orchestrator(orch).backend(backend).create();
            record = eventually("project " + project.name() + " in the store", () -> store.find(project.name()));
        }

        @Override
        public void close() {
            try {
                project.delete();
            } finally {
                project.close();
            }
        }
    }

    private <T> T eventually(String what, Supplier<Optional<T>> check) {
        return Kits.await(what, timeout(), orch.waitPolicy(), check);
    }

    private ExecutionInfo ended(ProjectRecord r, String id) {
        return eventually("execution " + id + " to end", () -> orch.execution(r, id).filter(e -> e.status().isTerminal()));
    }

    private ApprovalInfo pendingGateOf(ProjectRecord r, String executionId) {
        return eventually("the gate of execution " + executionId + " to be pending", () -> Kits.all(100,
                p -> orch.approvals(r, p), () -> { }).stream()
                .filter(a -> a.executionId().equals(executionId) && a.status() == GateStatus.Pending).findFirst());
    }

    private static StartRequest reason(String why) {
        return StartRequest.of("tck: " + why);
    }

    // ---------------------------------------------------------------- start and read

    @Test
    void start_returnsAnExecutionOfThatPipeline_readableByItsId() {
        try (Opened o = new Opened("start")) {
            ExecutionInfo started = orch.start(o.record, Kits.QUICK, reason("start"));
            assertThat(started.id()).isNotBlank();
            assertThat(started.pipeline()).isEqualTo(Kits.QUICK);
            assertThat(started.trigger()).contains("tck: start");
            assertThat(started.stages()).extracting(StageExecution::name).containsExactly("Source", "Echo");
            assertThat(started.startedAt()).isNotNull();
            ExecutionInfo read = eventually("execution " + started.id(), () -> orch.execution(o.record, started.id()));
            assertThat(read.id()).isEqualTo(started.id());
            assertThat(read.pipeline()).isEqualTo(Kits.QUICK);
            ended(o.record, started.id());
        }
    }

    @Test
    void start_ofAnUnknownPipeline_isNotFound() {
        try (Opened o = new Opened("unknown")) {
            assertThatThrownBy(() -> orch.start(o.record, "nosuchpipeline", reason("unknown")))
                    .isInstanceOf(NotFoundException.class)
                    .hasMessageContaining("nosuchpipeline");
        }
    }

    @Test
    void start_withTheSameIdempotencyToken_returnsTheSameExecution() {
        try (Opened o = new Opened("token")) {
            String token = "tck-" + UUID.randomUUID();
            StartRequest request = new StartRequest("tck: idempotent", Map.of(), Optional.of(token));
            ExecutionInfo first = orch.start(o.record, Kits.QUICK, request);
            ExecutionInfo again = orch.start(o.record, Kits.QUICK, request);
            assertThat(again.id()).isEqualTo(first.id());
            ExecutionInfo other = orch.start(o.record, Kits.QUICK, new StartRequest("tck: another", Map.of(),
                    Optional.of(token + "-2")));
            assertThat(other.id()).isNotEqualTo(first.id());
            List<String> ids = eventually("both executions listed", () -> {
                List<String> all = Kits.all(100, p -> orch.executions(o.record, Kits.QUICK, p), () -> { }).stream()
                        .map(ExecutionInfo::id).toList();
                return all.contains(first.id()) && all.contains(other.id()) ? Optional.of(all) : Optional.empty();
            });
            assertThat(ids).filteredOn(first.id()::equals).hasSize(1);
            ended(o.record, other.id());
        }
    }

    @Test
    void execution_runsItsStagesInOrder_toSucceeded_atTheHeadCommit() {
        try (Opened o = new Opened("run")) {
            String head = o.project.repositories().named(Kits.APP).headCommit();
            ExecutionInfo e = ended(o.record, orch.start(o.record, Kits.QUICK, reason("run")).id());
            assertThat(e.status()).as("%s", e).isEqualTo(ExecutionStatus.Succeeded);
            assertThat(e.stages()).extracting(StageExecution::status).containsOnly(ExecutionStatus.Succeeded);
            assertThat(e.sourceCommit()).contains(head);
            assertThat(e.endedAt()).isPresent();
            List<StageExecution> stages = e.stages();
            for (int i = 0; i < stages.size(); i++) {
                StageExecution s = stages.get(i);
                assertThat(s.startedAt()).as("stage %s started", s.name()).isPresent();
                assertThat(s.endedAt()).as("stage %s ended", s.name()).isPresent();
                assertThat(s.endedAt().get()).isAfterOrEqualTo(s.startedAt().get());
                if (i > 0) {
                    assertThat(s.startedAt().get()).as("stage %s starts after the one before ends", s.name())
                            .isAfterOrEqualTo(stages.get(i - 1).endedAt().get());
                }
            }
            assertThat(e.endedAt().get()).isAfterOrEqualTo(stages.get(stages.size() - 1).endedAt().get());
        }
    }

    @Test
    void execution_ofAnUnknownId_orOfAnotherProject_isEmpty() {
        try (Opened a = new Opened("mine"); Opened b = new Opened("theirs")) {
            ExecutionInfo e = orch.start(a.record, Kits.QUICK, reason("mine"));
            eventually("execution " + e.id(), () -> orch.execution(a.record, e.id()));
            assertThat(orch.execution(a.record, "tck-no-such-execution")).isEmpty();
            assertThat(orch.execution(b.record, e.id())).as("another project's execution").isEmpty();
            assertThat(orch.executions(b.record, Kits.QUICK, PageRequest.first()).items()).extracting(ExecutionInfo::id)
                    .doesNotContain(e.id());
            ended(a.record, e.id());
        }
    }

    @Test
    void failingStage_failsTheExecution_andSkipsTheStagesAfterIt() {
        try (Opened o = new Opened("fail")) {
            ExecutionInfo e = ended(o.record, orch.start(o.record, Kits.FAILING, reason("fail")).id());
            assertThat(e.status()).isEqualTo(ExecutionStatus.Failed);
            Map<String, StageExecution> byName = new TreeMap<>();
            e.stages().forEach(s -> byName.put(s.name(), s));
            assertThat(byName.get("Source").status()).isEqualTo(ExecutionStatus.Succeeded);
            assertThat(byName.get("Fail").status()).isEqualTo(ExecutionStatus.Failed);
            assertThat(byName.get("Fail").summary()).isNotBlank();
            assertThat(byName.get("Never").status()).isEqualTo(ExecutionStatus.Skipped);
            assertThat(byName.get("Never").startedAt()).isEmpty();
        }
    }

    // ---------------------------------------------------------------- pages

    @Test
    void executions_pageNewestFirst_withTokens() {
        try (Opened o = new Opened("pages")) {
            String a = orch.start(o.record, Kits.QUICK, reason("first")).id();
            String b = orch.start(o.record, Kits.QUICK, reason("second")).id();
            String c = orch.start(o.record, Kits.QUICK, reason("third")).id();
            List<String> mine = List.of(c, b, a);
            List<String> byOne = eventually("the three executions listed", () -> {
                List<String> all = Kits.all(1, p -> orch.executions(o.record, Kits.QUICK, p), () -> { }).stream()
                        .map(ExecutionInfo::id).toList();
                return all.containsAll(mine) ? Optional.of(all) : Optional.empty();
            });
            assertThat(byOne).doesNotHaveDuplicates();
            assertThat(byOne.stream().filter(mine::contains).toList()).as("newest first").containsExactlyElementsOf(mine);
            assertThat(Kits.all(2, p -> orch.executions(o.record, Kits.QUICK, p), () -> { }).stream()
                    .map(ExecutionInfo::id).toList()).isEqualTo(byOne);
            assertThat(eventually("the latest execution", () -> orch.latest(o.record, Kits.QUICK)).id()).isEqualTo(c);
            assertThat(orch.executions(o.record, Kits.GATED, PageRequest.first()).items()).isEmpty();
            assertThatThrownBy(() -> orch.executions(o.record, Kits.QUICK, new PageRequest(1, Optional.of("tck-not-a-token"))))
                    .isInstanceOf(MlopsClientException.class);
            ended(o.record, c);
        }
    }

    // ---------------------------------------------------------------- logs

    @Test
    void log_isReadInChunksFromACursor_thatResumes() {
        try (Opened o = new Opened("log")) {
            ExecutionInfo e = ended(o.record, orch.start(o.record, Kits.QUICK, reason("log")).id());
            assertThat(e.status()).isEqualTo(ExecutionStatus.Succeeded);
            StringBuilder text = new StringBuilder();
            String cursor = LogChunk.START;
            LogChunk first = null;
            for (int i = 0; i < 100_000; i++) {
                LogChunk c = orch.log(o.record, e.id(), "Echo", cursor);
                if (first == null) {
                    first = c;
                }
                text.append(c.text());
                boolean moved = !c.next().equals(cursor);
                cursor = c.next();
                if (c.complete() && (!moved || c.text().isEmpty())) {
                    break;
                }
                if (!moved && !c.complete()) {
                    throw new AssertionError("the log of an ended stage is neither complete nor moving on at " + cursor);
                }
            }
            String log = text.toString();
            assertThat(log).contains(Kits.HELLO);
            // at the end: nothing more, complete, and the same cursor
            LogChunk end = orch.log(o.record, e.id(), "Echo", cursor);
            assertThat(end.text()).isEmpty();
            assertThat(end.complete()).isTrue();
            assertThat(end.next()).isEqualTo(cursor);
            // from the start again: the same text; from the first chunk's end: the rest
            assertThat(readFrom(o.record, e.id(), LogChunk.START)).isEqualTo(log);
            assertThat(readFrom(o.record, e.id(), first.next())).isEqualTo(log.substring(first.text().length()));
        }
    }

    private String readFrom(ProjectRecord r, String id, String cursor) {
        StringBuilder sb = new StringBuilder();
        String at = cursor;
        for (int i = 0; i < 100_000; i++) {
            LogChunk c = orch.log(r, id, "Echo", at);
            sb.append(c.text());
            if (c.text().isEmpty() || c.next().equals(at)) {
                return sb.toString();
            }
            at = c.next();
        }
        throw new AssertionError("the log does not end");
    }

    @Test
    void logAndStop_ofAnUnknownExecution_areNotFound() {
        try (Opened o = new Opened("nolog")) {
            assertThatThrownBy(() -> orch.log(o.record, "tck-no-such-execution", "Echo", LogChunk.START))
                    .isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> orch.stop(o.record, "tck-no-such-execution", "tck"))
                    .isInstanceOf(NotFoundException.class);
        }
    }

    // ---------------------------------------------------------------- gates

    @Test
    void gate_isPendingUntilDecided_andIsDecidedOnce() {
        try (Opened o = new Opened("gate")) {
            ExecutionInfo e = orch.start(o.record, Kits.GATED, reason("gate"));
            ApprovalInfo pending = pendingGateOf(o.record, e.id());
            assertThat(pending.gate()).isEqualTo(Kits.GATE);
            assertThat(pending.pipeline()).isEqualTo(Kits.GATED);
            assertThat(pending.message()).isEqualTo(Kits.GATE_MESSAGE);
            assertThat(pending.createdAt()).isNotNull();
            assertThat(pending.decidedBy()).isEmpty();
            assertThat(eventually("the execution to wait at the gate", () -> orch.execution(o.record, e.id())
                    .filter(x -> x.status() == ExecutionStatus.WaitingForApproval)).stages())
                    .filteredOn(s -> s.name().equals("After")).extracting(StageExecution::status)
                    .containsExactly(ExecutionStatus.Queued);

            // the reference survives its text form, as it does between processes
            GateRef decoded = GateRef.decode(pending.ref().encode());
            assertThat(decoded).isEqualTo(pending.ref());
            String token = tokenOf(decoded);
            if (token != null) {
                assertThat(decoded.toString()).as("a reference's text for logs hides its token").doesNotContain(token);
            }
            assertThat(orch.approval(o.record, decoded)).hasValueSatisfying(a -> {
                assertThat(a.executionId()).isEqualTo(e.id());
                assertThat(a.status()).isEqualTo(GateStatus.Pending);
            });

            ApprovalInfo approved = orch.decide(o.record, decoded, true, "tck: go on");
            assertThat(approved.status()).isEqualTo(GateStatus.Approved);
            assertThat(approved.decidedBy()).hasValueSatisfying(u -> assertThat(u).isNotBlank());
            assertThat(approved.comment()).contains("tck: go on");
            assertThatThrownBy(() -> orch.decide(o.record, decoded, true, "tck: twice"))
                    .isInstanceOf(IllegalStateTransitionException.class);
            assertThatThrownBy(() -> orch.decide(o.record, decoded, false, "tck: too late"))
                    .isInstanceOf(IllegalStateTransitionException.class);

            ExecutionInfo done = ended(o.record, e.id());
            assertThat(done.status()).isEqualTo(ExecutionStatus.Succeeded);
            assertThat(done.stages()).extracting(StageExecution::status).containsOnly(ExecutionStatus.Succeeded);
            assertThat(eventually("the gate to read as approved", () -> orch.approval(o.record, decoded)
                    .filter(a -> a.status() == GateStatus.Approved)).comment()).contains("tck: go on");
        }
    }

    @Test
    void gate_rejected_failsTheExecution() {
        try (Opened o = new Opened("reject")) {
            ExecutionInfo e = orch.start(o.record, Kits.GATED, reason("reject"));
            ApprovalInfo pending = pendingGateOf(o.record, e.id());
            ApprovalInfo rejected = orch.decide(o.record, pending.ref(), false, "tck: no");
            assertThat(rejected.status()).isEqualTo(GateStatus.Rejected);
            ExecutionInfo done = ended(o.record, e.id());
            assertThat(done.status()).isEqualTo(ExecutionStatus.Failed);
            assertThat(done.stages()).filteredOn(s -> s.name().equals("After")).extracting(StageExecution::status)
                    .containsExactly(ExecutionStatus.Skipped);
        }
    }

    @Test
    void gate_unknown_isNotFound() {
        try (Opened o = new Opened("nogate")) {
            ExecutionInfo e = orch.start(o.record, Kits.GATED, reason("nogate"));
            GateRef real = pendingGateOf(o.record, e.id()).ref();
            GateRef unknown = altered(real);
            assertThat(orch.approval(o.record, unknown)).isEmpty();
            assertThatThrownBy(() -> orch.decide(o.record, unknown, true, "tck")).isInstanceOf(NotFoundException.class);
            GateRef foreign = GateRef.of("tckforeign", Map.of("id", "1"));
            assertThatThrownBy(() -> orch.decide(o.record, foreign, true, "tck")).isInstanceOf(MlopsClientException.class);
            orch.stop(o.record, e.id(), "tck: done");
        }
    }

    private static String tokenOf(GateRef ref) {
        try {
            return ref.field("token");
        } catch (dev.mlops.exception.ValidationException none) {
            return null;
        }
    }

    /** The same kind of reference with every value changed: a gate the orchestrator never made. */
    private static GateRef altered(GateRef real) {
        String encoded = real.encode();
        String kind = encoded.substring(0, encoded.indexOf(':'));
        Map<String, String> fields = new TreeMap<>();
        for (String pair : encoded.substring(kind.length() + 1).split("&")) {
            String name = java.net.URLDecoder.decode(pair.substring(0, pair.indexOf('=')), java.nio.charset.StandardCharsets.UTF_8);
            fields.put(name, real.field(name) + "0tck");
        }
        return GateRef.of(kind, fields);
    }

    @Test
    void approvals_pageNewestFirst_withTokens() {
        try (Opened o = new Opened("approvals")) {
            String first = orch.start(o.record, Kits.GATED, reason("first gate")).id();
            orch.decide(o.record, pendingGateOf(o.record, first).ref(), true, "tck");
            ended(o.record, first);
            String second = orch.start(o.record, Kits.GATED, reason("second gate")).id();
            pendingGateOf(o.record, second);
            List<ApprovalInfo> byOne = Kits.all(1, p -> orch.approvals(o.record, p), () -> { });
            assertThat(byOne).extracting(ApprovalInfo::executionId).containsExactly(second, first);
            assertThat(byOne).extracting(ApprovalInfo::status).containsExactly(GateStatus.Pending, GateStatus.Approved);
            assertThat(byOne).extracting(ApprovalInfo::ref).doesNotHaveDuplicates();
            orch.stop(o.record, second, "tck: done");
        }
    }

    // ---------------------------------------------------------------- stop

    @Test
    void stop_endsTheExecution_expiresItsGate_andIsRefusedOnceEnded() {
        try (Opened o = new Opened("stop")) {
            ExecutionInfo e = orch.start(o.record, Kits.GATED, reason("stop"));
            GateRef gate = pendingGateOf(o.record, e.id()).ref();
            orch.stop(o.record, e.id(), "tck: stopped");
            ExecutionInfo stopped = ended(o.record, e.id());
            assertThat(stopped.status()).isEqualTo(ExecutionStatus.Stopped);
            assertThat(stopped.endedAt()).isPresent();
            assertThat(eventually("the gate to expire", () -> orch.approval(o.record, gate)
                    .filter(a -> a.status() == GateStatus.Expired))).isNotNull();
            assertThatThrownBy(() -> orch.decide(o.record, gate, true, "tck: too late"))
                    .isInstanceOf(IllegalStateTransitionException.class);
            assertThatThrownBy(() -> orch.stop(o.record, e.id(), "tck: again"))
                    .isInstanceOf(IllegalStateTransitionException.class);
        }
    }

    // ---------------------------------------------------------------- attach

    @Test
    void attach_isIdempotent_andEachHandleClosesOnce() throws Exception {
        try (Opened o = new Opened("attach")) {
            Components components = Components.builder().set(ComponentKind.ORCHESTRATOR, orch).fillFrom(backend).build();
            List<ProjectEvent> heard = new CopyOnWriteArrayList<>();
            AutoCloseable one = orch.attach(o.record, components, heard::add);
            AutoCloseable two = orch.attach(o.record, components, e -> { });
            String id = orch.start(o.record, Kits.QUICK, reason("attached")).id();
            ended(o.record, id);
            eventually("the attached listener to hear the execution end", () -> heard.stream()
                    .filter(e -> e.type() == ProjectEventType.ExecutionEnded && e.subject().endsWith(id)).findFirst());
            assertThat(heard).allSatisfy(e -> assertThat(e.project()).isEqualTo(o.record.name()));
            one.close();
            one.close();
            two.close();
            // the project's own attachment still runs it
            ExecutionInfo after = ended(o.record, orch.start(o.record, Kits.QUICK, reason("after closing")).id());
            assertThat(after.status()).isEqualTo(ExecutionStatus.Succeeded);
        }
    }

    // ---------------------------------------------------------------- component

    @Test
    void component_namesItsBackend_andHasAWaitPolicy() {
        assertThat(orch.backend()).isNotBlank();
        assertThat(orch.waitPolicy()).isNotNull();
        assertThat(orch.waitPolicy().ticker()).isNotNull();
        assertThat(orch.capabilities()).isNotNull();
    }
}
