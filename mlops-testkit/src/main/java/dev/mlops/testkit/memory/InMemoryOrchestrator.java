package dev.mlops.testkit.memory;

import dev.mlops.ExecutionStatus;
import dev.mlops.GateStatus;
import dev.mlops.LogChunk;
import dev.mlops.ModelApprovalStatus;
import dev.mlops.StageExecution;
import dev.mlops.event.EventCursor;
import dev.mlops.event.EventPage;
import dev.mlops.event.ProjectEvent;
import dev.mlops.event.ProjectEventType;
import dev.mlops.event.ProjectListener;
import dev.mlops.exception.IllegalStateTransitionException;
import dev.mlops.exception.MlopsBackendException;
import dev.mlops.exception.MlopsClientException;
import dev.mlops.exception.NotFoundException;
import dev.mlops.exception.UnsupportedByBackendException;
import dev.mlops.exception.ValidationException;
import dev.mlops.spi.ApprovalInfo;
import dev.mlops.spi.ArtifactRef;
import dev.mlops.spi.ComponentKind;
import dev.mlops.spi.Components;
import dev.mlops.spi.EndpointInfo;
import dev.mlops.spi.ExecutionInfo;
import dev.mlops.spi.GateRef;
import dev.mlops.spi.ModelRegistry;
import dev.mlops.spi.ModelVersionInfo;
import dev.mlops.spi.Orchestrator;
import dev.mlops.spi.Page;
import dev.mlops.spi.PageRequest;
import dev.mlops.spi.ProjectRecord;
import dev.mlops.spi.RegisterRequest;
import dev.mlops.spi.RepositoryInfo;
import dev.mlops.spi.Requirement;
import dev.mlops.spi.StartRequest;
import dev.mlops.spi.WaitPolicy;
import dev.mlops.template.ApprovalGate;
import dev.mlops.template.Capability;
import dev.mlops.template.PipelineSpec;
import dev.mlops.template.RepositorySpec;
import dev.mlops.template.Stage;
import dev.mlops.template.StageType;
import dev.mlops.template.Trigger;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-memory orchestrator, a stand-in for CodePipeline: each stage of an execution takes the backend's stage
 * duration of ticker time, and progress is computed lazily, on the next call to any of the backend's components (no
 * background threads), so it is seen only by polling. One execution per pipeline runs at a time; a newer one
 * supersedes those queued before it and one waiting at a gate, as CodePipeline's superseded mode does.
 *
 * <p>What each stage type does here:
 * <ul>
 *   <li>{@code SOURCE}: takes the head of the pipeline's repository (or the commit that triggered the run);</li>
 *   <li>{@code ML_PIPELINE}: stores a small model file in the composed artifact store and registers a version in the
 *       composed registry (client token: execution and stage), pending approval; its metrics ({@code mse},
 *       {@code rmse}) are a deterministic function of the source commit, not the outcome of training;</li>
 *   <li>{@code DEPLOY_CONFIG}: picks the newest approved version of the project's group, or the one the start
 *       parameter {@code ModelPackageArn} names (which must be approved and in the group);</li>
 *   <li>{@code DEPLOY}: deploys it to the environment's endpoint of the in-memory endpoint host, which then fires
 *       the pipelines triggered by that environment's endpoint coming into service;</li>
 *   <li>{@code TEST}: checks that the endpoint is in service and answers a probe (or runs the stage's command);</li>
 *   <li>{@code APPROVAL}: opens a gate ({@link GateRef#codePipeline}) and waits for {@link #decide} (or the gate's
 *       timeout);</li>
 *   <li>{@code COMMAND}: runs {@code echo}, {@code true} and {@code false} (others fail the stage, naming the
 *       embedded backend as the one that runs commands);</li>
 *   <li>image and monitor stages fail, naming the embedded backend.</li>
 * </ul>
 *
 * <p>Triggers: a new head on a repository starts the pipelines triggered by its commits (the seed commit included);
 * a model approval change in the project's group starts those triggered by approval changes (read from the
 * registry's events: the in-memory registry's own log, or another registry's {@link ModelRegistry#events} at most
 * once per second). {@link #failStage} makes a stage fail, to test failure paths.
 */
public final class InMemoryOrchestrator implements Orchestrator {
    private static final Logger LOG = LoggerFactory.getLogger(InMemoryOrchestrator.class);
    /** The kind of this orchestrator's gate references. */
    static final String GATE_KIND = "codepipeline";
    /** Another backend's registry or repositories are read at most this often. */
    private static final long FOLLOW_NANOS = Duration.ofSeconds(1).toNanos();
    private static final String MODEL_PACKAGE_ARN = "ModelPackageArn";

    private final MemoryState state;
    private final WaitPolicy policy;
    private final long stageNanos;
    private final int logChunk;
    private final Supplier<Components> own;
    private final InMemoryProjectStore store;
    private final InMemorySourceRepositories repositories;
    private final InMemoryModelRegistry registry;
    private final InMemoryArtifactStore artifacts;
    private final InMemoryEndpointHost endpoints;
    private final Map<String, Tracked> projects = new LinkedHashMap<>();
    private final Map<String, String> failures = new HashMap<>();
    private long runSeq;
    private long gateSeq;

    InMemoryOrchestrator(MemoryState state, WaitPolicy policy, Duration stageDuration, int logChunk,
            Supplier<Components> own, InMemoryProjectStore store, InMemorySourceRepositories repositories,
            InMemoryModelRegistry registry, InMemoryArtifactStore artifacts, InMemoryEndpointHost endpoints) {
        this.state = state;
        this.policy = policy;
        this.stageNanos = stageDuration.toNanos();
        this.logChunk = logChunk;
        this.own = own;
        this.store = store;
        this.repositories = repositories;
        this.registry = registry;
        this.artifacts = artifacts;
        this.endpoints = endpoints;
    }

    // ---------------------------------------------------------------- state

    /** One project as this orchestrator follows it. */
    private final class Tracked {
        ProjectRecord record;
        Components components;
        final List<Run> runs = new ArrayList<>();
        final Map<String, Run> byId = new HashMap<>();
        final List<Gate> gates = new ArrayList<>();
        final Map<String, String> tokens = new HashMap<>();
        final Map<String, String> seenHeads = new HashMap<>();
        long registrySeq;
        EventCursor foreignCursor = EventCursor.START;
        long lastFollow = Long.MIN_VALUE / 2;

        Tracked(ProjectRecord record, Components components) {
            this.record = record;
            this.components = components;
        }

        String group() {
            String own = record.template().parameterValues().getOrDefault("SourceModelPackageGroupName", "");
            return own.isEmpty() ? record.nameId() : own;
        }
    }

    /** One execution. */
    private static final class Run {
        String id;
        PipelineSpec spec;
        String trigger;
        String sourceCommit;
        Map<String, String> params;
        ExecutionStatus status = ExecutionStatus.Queued;
        long seq;
        long createdAt;
        Long endedAt;
        final List<StageRun> stages = new ArrayList<>();
        int current = -1;
        final Map<String, String> outputs = new HashMap<>();
        final Lagged<ExecutionInfo> view = new Lagged<>();

        boolean active() {
            return !status.isTerminal();
        }
    }

    /** One stage of an execution. */
    private static final class StageRun {
        final Stage stage;
        ExecutionStatus status = ExecutionStatus.Queued;
        Long startedAt;
        Long endedAt;
        String summary = "";
        final List<Line> log = new ArrayList<>();
        Gate gate;

        StageRun(Stage stage) {
            this.stage = stage;
        }
    }

    private record Line(String text, long visibleAt) {
    }

    /** One manual approval. */
    private static final class Gate {
        GateRef ref;
        ApprovalGate spec;
        String pipeline;
        Run run;
        long seq;
        GateStatus status = GateStatus.Pending;
        long createdAt;
        Long decidedAt;
        String decidedBy;
        String comment;
        final Lagged<ApprovalInfo> view = new Lagged<>();
    }

    // ---------------------------------------------------------------- component

    @Override
    public String backend() {
        return MemoryState.BACKEND;
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of(Capability.ML_PIPELINES);
    }

    @Override
    public List<Requirement> requirements(Components peers) {
        List<Requirement> out = new ArrayList<>();
        out.add(new Requirement(ComponentKind.ENDPOINTS, InMemoryEndpointHost.MEMORY_SERVING,
                "an endpoint host it deploys to itself"));
        if (peers.get(ComponentKind.REGISTRY).orElse(null) != registry) {
            out.add(new Requirement(ComponentKind.REGISTRY, Capability.MODEL_APPROVAL_EVENTS,
                    "a route for model approval events, to start the deploy pipeline when a version is approved"));
        }
        return out;
    }

    @Override
    public WaitPolicy waitPolicy() {
        return policy;
    }

    /**
     * Makes every later stage of that name, in executions of that pipeline, fail with the reason (until
     * {@link #clearFailures()}): a test's way into failure paths.
     *
     * @param pipeline the pipeline's role, e.g. {@code modelbuild}
     * @param stage the stage's name, e.g. {@code Build}
     * @param reason the failure's summary
     */
    public void failStage(String pipeline, String stage, String reason) {
        if (pipeline == null || stage == null || reason == null || reason.isBlank()) {
            throw new ValidationException("InMemoryOrchestrator.failStage", pipeline + "/" + stage,
                    "a pipeline role, a stage name and a non-blank reason");
        }
        state.locked(() -> failures.put(pipeline + "/" + stage, reason));
    }

    /** Lets the stages made to fail by {@link #failStage} succeed again. */
    public void clearFailures() {
        state.locked(() -> {
            failures.clear();
            return null;
        });
    }

    @Override
    public AutoCloseable attach(ProjectRecord project, Components components, ProjectListener listener) {
        return state.call("orchestrator.attach", () -> {
            Tracked t = track(project);
            if (components != null) {
                t.components = components;
            }
            if (listener != null) {
                state.addListener(project.name(), listener);
            }
            advance(t, state.now());
            return new AutoCloseable() {
                private boolean closed;

                @Override
                public synchronized void close() {
                    if (!closed) {
                        closed = true;
                        if (listener != null) {
                            state.removeListener(project.name(), listener);
                        }
                    }
                }
            };
        });
    }

    @Override
    public ExecutionInfo start(ProjectRecord project, String pipeline, StartRequest request) {
        if (request == null) {
            throw new ValidationException("Orchestrator.start.request", null, "a start request");
        }
        return state.call("orchestrator.start", () -> {
            Tracked t = track(project);
            PipelineSpec spec = t.record.template().pipeline(pipeline).orElseThrow(() -> new NotFoundException("pipeline",
                    pipeline, "project " + project.name() + " has "
                            + t.record.template().pipelines().stream().map(PipelineSpec::role).toList()));
            if (request.idempotencyToken().isPresent()) {
                String known = t.tokens.get(request.idempotencyToken().get());
                if (known != null) {
                    return info(t.byId.get(known));
                }
            }
            long now = state.now();
            Run run = create(t, spec, request.reason(), null, request.parameters(), now);
            request.idempotencyToken().ifPresent(tok -> t.tokens.put(tok, run.id));
            advance(t, now);
            return info(run);
        });
    }

    @Override
    public Optional<ExecutionInfo> execution(ProjectRecord project, String executionId) {
        return state.call("orchestrator.execution", () -> {
            Tracked t = projects.get(project.id());
            Run run = t == null ? null : t.byId.get(executionId);
            return run == null ? Optional.<ExecutionInfo>empty() : Optional.ofNullable(run.view.visible(state.now()));
        });
    }

    @Override
    public Page<ExecutionInfo> executions(ProjectRecord project, String pipeline, PageRequest page) {
        return state.call("orchestrator.executions", () -> {
            long before = page.token().map(tok -> MemoryState.untokenLong("PageRequest.token", "executions", tok))
                    .orElse(Long.MAX_VALUE);
            Tracked t = projects.get(project.id());
            List<ExecutionInfo> out = new ArrayList<>();
            if (t == null) {
                return Page.last(out);
            }
            long now = state.now();
            long lastSeq = 0;
            for (int i = t.runs.size() - 1; i >= 0; i--) {
                Run r = t.runs.get(i);
                if (r.seq >= before || !r.spec.role().equals(pipeline)) {
                    continue;
                }
                ExecutionInfo seen = r.view.visible(now);
                if (seen == null) {
                    continue;
                }
                if (out.size() == page.limit()) {
                    return new Page<>(out, Optional.of(MemoryState.token("executions", Long.toString(lastSeq))));
                }
                out.add(seen);
                lastSeq = r.seq;
            }
            return Page.last(out);
        });
    }

    @Override
    public LogChunk log(ProjectRecord project, String executionId, String stage, String cursor) {
        if (cursor == null) {
            throw new ValidationException("Execution.log.cursor", null, "LogChunk.START or the next() of the chunk before");
        }
        return state.call("orchestrator.log", () -> {
            Run run = requireRun(project, executionId);
            StageRun s = run.stages.stream().filter(x -> x.stage.name().equals(stage)).findFirst()
                    .orElseThrow(() -> new NotFoundException("stage", stage, "pipeline " + run.spec.role() + " has stages "
                            + run.spec.stages().stream().map(Stage::name).toList()));
            long from = cursor.isEmpty() ? 0 : MemoryState.untokenLong("Execution.log.cursor", "log", cursor);
            long now = state.now();
            StringBuilder text = new StringBuilder();
            for (Line l : s.log) {
                if (l.visibleAt() <= now) {
                    text.append(l.text()).append('\n');
                }
            }
            ExecutionInfo seen = run.view.visible(now);
            boolean ended = seen != null && seen.stages().stream().filter(x -> x.name().equals(stage)).findFirst()
                    .map(x -> x.status().isTerminal()).orElse(false);
            int start = (int) Math.min(Math.max(0, from), text.length());
            int end = Math.min(text.length(), start + logChunk);
            return new LogChunk(text.substring(start, end), MemoryState.token("log", Integer.toString(end)),
                    ended && end == text.length());
        });
    }

    @Override
    public void stop(ProjectRecord project, String executionId, String reason) {
        state.call("orchestrator.stop", () -> {
            Tracked t = track(project);
            Run run = requireRun(project, executionId);
            if (!run.active()) {
                throw new IllegalStateTransitionException("Execution " + executionId + " already ended as " + run.status,
                        Map.of("execution", executionId, "status", run.status.name()));
            }
            end(t, run, ExecutionStatus.Stopped, "stopped: " + (reason == null ? "" : reason), state.now());
            advance(t, state.now());
            return null;
        });
    }

    @Override
    public Page<ApprovalInfo> approvals(ProjectRecord project, PageRequest page) {
        return state.call("orchestrator.approvals", () -> {
            long before = page.token().map(tok -> MemoryState.untokenLong("PageRequest.token", "approvals", tok))
                    .orElse(Long.MAX_VALUE);
            Tracked t = projects.get(project.id());
            List<ApprovalInfo> out = new ArrayList<>();
            if (t == null) {
                return Page.last(out);
            }
            long now = state.now();
            long lastSeq = 0;
            for (int i = t.gates.size() - 1; i >= 0; i--) {
                Gate g = t.gates.get(i);
                if (g.seq >= before) {
                    continue;
                }
                ApprovalInfo seen = g.view.visible(now);
                if (seen == null) {
                    continue;
                }
                if (out.size() == page.limit()) {
                    return new Page<>(out, Optional.of(MemoryState.token("approvals", Long.toString(lastSeq))));
                }
                out.add(seen);
                lastSeq = g.seq;
            }
            return Page.last(out);
        });
    }

    @Override
    public Optional<ApprovalInfo> approval(ProjectRecord project, GateRef ref) {
        checkKind(ref);
        return state.call("orchestrator.approval", () -> findGate(project, ref).map(g -> g.view.visible(state.now())));
    }

    @Override
    public ApprovalInfo decide(ProjectRecord project, GateRef ref, boolean approve, String comment) {
        checkKind(ref);
        return state.call("orchestrator.decide", () -> {
            Tracked t = track(project);
            Gate g = findGate(project, ref).orElseThrow(() -> new NotFoundException("approval", ref.toString(),
                    "list pending gates with project.gates().pending()"));
            if (g.status != GateStatus.Pending) {
                throw new IllegalStateTransitionException("Gate " + g.spec.name() + " of " + g.pipeline + " (execution "
                        + g.run.id + ") is " + g.status + ", not Pending: it can be decided only once",
                        Map.of("gate", g.spec.name(), "status", g.status.name()));
            }
            if (!g.spec.approvers().isEmpty() && !g.spec.approvers().contains(state.identity)) {
                throw new MlopsClientException("User '" + state.identity + "' may not decide gate " + g.spec.name()
                        + ": its approvers are " + g.spec.approvers(), null,
                        Map.of("gate", g.spec.name(), "user", state.identity));
            }
            long now = state.now();
            String why = comment == null ? "" : comment;
            g.status = approve ? GateStatus.Approved : GateStatus.Rejected;
            g.decidedAt = now;
            g.decidedBy = state.identity;
            g.comment = why;
            publish(t, g, now);
            state.append(t.record.name(), now, approve ? ProjectEventType.GateApproved : ProjectEventType.GateRejected,
                    g.pipeline + "/" + g.spec.name(), "Gate " + g.spec.name() + " " + g.status.name().toLowerCase()
                            + " by " + state.identity + (why.isEmpty() ? "" : ": " + why),
                    Map.of("pipeline", g.pipeline, "gate", g.spec.name(), "execution", g.run.id, "user", state.identity,
                            "comment", why));
            ApprovalInfo decided = approvalInfo(t, g);
            advance(t, now);
            return decided;
        });
    }

    // ---------------------------------------------------------------- lazy progress (under the lock)

    /** Lets every followed project catch up with the ticker's time; run before each call of the backend. */
    void advanceAll() {
        long now = state.now();
        for (Tracked t : List.copyOf(projects.values())) {
            try {
                ProjectRecord current = store.current(t.record.name());
                if (current != null && current.id().equals(t.record.id())) {
                    t.record = current;
                }
                advance(t, now);
            } catch (RuntimeException e) {
                LOG.debug("Progress of project {} failed; the next call retries", t.record.name(), e);
            }
        }
    }

    /** Forgets a deleted project. */
    void forget(ProjectRecord project) {
        projects.remove(project.id());
    }

    private Tracked track(ProjectRecord project) {
        Tracked t = projects.get(project.id());
        if (t == null) {
            t = new Tracked(project, own.get());
            projects.put(project.id(), t);
        } else {
            ProjectRecord current = store.current(project.name());
            t.record = current != null && current.id().equals(project.id()) ? current : project;
        }
        return t;
    }

    private void advance(Tracked t, long now) {
        pollTriggers(t, now);
        boolean moved = true;
        while (moved) {
            moved = schedule(t);
            for (Run r : List.copyOf(t.runs)) {
                if (r.active() && r.current >= 0) {
                    moved |= step(t, r, now);
                }
            }
        }
    }

    /** Starts a queued run per pipeline when none runs, superseding older queued ones and one waiting at a gate. */
    private boolean schedule(Tracked t) {
        boolean changed = false;
        Map<String, List<Run>> byPipeline = new LinkedHashMap<>();
        for (Run r : t.runs) {
            if (r.active()) {
                byPipeline.computeIfAbsent(r.spec.role(), k -> new ArrayList<>()).add(r);
            }
        }
        for (Map.Entry<String, List<Run>> e : byPipeline.entrySet()) {
            Run current = null;
            List<Run> queued = new ArrayList<>();
            for (Run r : e.getValue()) {
                if (r.status == ExecutionStatus.Queued) {
                    queued.add(r);
                } else if (current == null) {
                    current = r;
                }
            }
            if (queued.isEmpty()) {
                continue;
            }
            Run newest = queued.get(queued.size() - 1);
            for (Run q : queued) {
                if (q != newest) {
                    end(t, q, ExecutionStatus.Superseded, "superseded by " + newest.id + " before it started",
                            newest.createdAt);
                    changed = true;
                }
            }
            if (current != null && current.status == ExecutionStatus.WaitingForApproval) {
                long waitingSince = current.stages.get(current.current).startedAt;
                end(t, current, ExecutionStatus.Superseded, "superseded at its approval gate by " + newest.id,
                        Math.max(newest.createdAt, waitingSince));
                current = null;
                changed = true;
            }
            if (current == null) {
                long at = newest.createdAt;
                for (Run r : t.runs) {
                    if (r != newest && r.spec.role().equals(e.getKey()) && r.endedAt != null) {
                        at = Math.max(at, r.endedAt);
                    }
                }
                newest.status = ExecutionStatus.InProgress;
                startStage(t, newest, 0, at);
                changed = true;
            }
        }
        return changed;
    }

    /** Moves a running execution on by one stage if that stage is over by now. */
    private boolean step(Tracked t, Run run, long now) {
        StageRun s = run.stages.get(run.current);
        if (s.stage.type() == StageType.APPROVAL) {
            Gate g = s.gate;
            switch (g.status) {
                case Approved:
                    succeed(t, run, s, "approved by " + g.decidedBy + (g.comment.isEmpty() ? "" : ": " + g.comment),
                            g.decidedAt);
                    return true;
                case Rejected:
                    fail(t, run, s, "Gate " + g.spec.name() + " rejected by " + g.decidedBy
                            + (g.comment.isEmpty() ? "" : ": " + g.comment), g.decidedAt);
                    return true;
                case Pending:
                    Optional<Duration> timeout = g.spec.timeout();
                    if (timeout.isPresent() && now >= g.createdAt + timeout.get().toNanos()) {
                        long at = g.createdAt + timeout.get().toNanos();
                        g.status = GateStatus.Expired;
                        g.decidedAt = at;
                        publish(t, g, at);
                        fail(t, run, s, "Gate " + g.spec.name() + " timed out after " + timeout.get(), at);
                        return true;
                    }
                    return false;
                default:
                    return false;
            }
        }
        long end = s.startedAt + stageNanos;
        if (end > now) {
            return false;
        }
        String summary;
        try {
            String injected = failures.get(run.spec.role() + "/" + s.stage.name());
            if (injected != null) {
                throw new MlopsClientException(injected, null, Map.of("stage", s.stage.name()));
            }
            summary = perform(t, run, s, end);
        } catch (RuntimeException e) {
            fail(t, run, s, String.valueOf(e.getMessage()), end);
            return true;
        }
        succeed(t, run, s, summary, end);
        return true;
    }

    private void startStage(Tracked t, Run run, int index, long at) {
        run.current = index;
        StageRun s = run.stages.get(index);
        s.status = ExecutionStatus.InProgress;
        s.startedAt = at;
        line(s, "stage " + s.stage.name() + " started", at);
        state.append(t.record.name(), at, ProjectEventType.StageStarted, run.spec.role() + "/" + s.stage.name(),
                "Stage " + s.stage.name() + " of " + run.spec.role() + " started",
                Map.of("pipeline", run.spec.role(), "execution", run.id, "stage", s.stage.name()));
        if (s.stage.type() == StageType.APPROVAL) {
            ApprovalGate spec = s.stage.gate().orElseThrow();
            Gate g = new Gate();
            g.spec = spec;
            g.pipeline = run.spec.role();
            g.run = run;
            g.seq = ++gateSeq;
            g.createdAt = at;
            g.ref = GateRef.codePipeline(t.record.resourceName(run.spec.role()), s.stage.name(), spec.name(),
                    UUID.randomUUID().toString());
            s.gate = g;
            t.gates.add(g);
            run.status = ExecutionStatus.WaitingForApproval;
            s.status = ExecutionStatus.WaitingForApproval;
            line(s, "waiting at gate " + spec.name() + ": " + spec.message(), at);
            publish(t, g, at);
            state.append(t.record.name(), at, ProjectEventType.GatePending, run.spec.role() + "/" + spec.name(),
                    "Gate " + spec.name() + " of " + run.spec.role() + " is waiting for approval: " + spec.message(),
                    Map.of("pipeline", run.spec.role(), "gate", spec.name(), "execution", run.id));
        }
        publish(run, at);
    }

    private void succeed(Tracked t, Run run, StageRun s, String summary, long at) {
        s.status = ExecutionStatus.Succeeded;
        s.endedAt = at;
        s.summary = summary;
        line(s, "succeeded: " + summary, at);
        state.append(t.record.name(), at, ProjectEventType.StageSucceeded, run.spec.role() + "/" + s.stage.name(),
                "Stage " + s.stage.name() + " of " + run.spec.role() + " succeeded: " + summary,
                Map.of("pipeline", run.spec.role(), "execution", run.id, "stage", s.stage.name(), "summary", summary));
        if (run.current + 1 < run.stages.size()) {
            run.status = ExecutionStatus.InProgress;
            startStage(t, run, run.current + 1, at);
            return;
        }
        run.status = ExecutionStatus.Succeeded;
        run.endedAt = at;
        state.append(t.record.name(), at, ProjectEventType.ExecutionEnded, run.spec.role() + "/" + run.id,
                "Pipeline " + run.spec.role() + " execution " + run.id + " Succeeded",
                Map.of("pipeline", run.spec.role(), "execution", run.id, "status", "Succeeded"));
        publish(run, at);
    }

    private void fail(Tracked t, Run run, StageRun s, String reason, long at) {
        s.status = ExecutionStatus.Failed;
        s.endedAt = at;
        s.summary = reason;
        line(s, "FAILED: " + reason, at);
        for (StageRun later : run.stages) {
            if (later.status == ExecutionStatus.Queued) {
                later.status = ExecutionStatus.Skipped;
            }
        }
        run.status = ExecutionStatus.Failed;
        run.endedAt = at;
        state.append(t.record.name(), at, ProjectEventType.StageFailed, run.spec.role() + "/" + s.stage.name(),
                "Stage " + s.stage.name() + " of " + run.spec.role() + " failed: " + reason,
                Map.of("pipeline", run.spec.role(), "execution", run.id, "stage", s.stage.name(), "reason", reason));
        state.append(t.record.name(), at, ProjectEventType.ExecutionEnded, run.spec.role() + "/" + run.id,
                "Pipeline " + run.spec.role() + " execution " + run.id + " Failed at " + s.stage.name(),
                Map.of("pipeline", run.spec.role(), "execution", run.id, "status", "Failed", "stage", s.stage.name()));
        publish(run, at);
    }

    /** Ends a run from outside its stages: stopped or superseded. */
    private void end(Tracked t, Run run, ExecutionStatus status, String why, long at) {
        for (StageRun s : run.stages) {
            if (!s.status.isTerminal()) {
                if (s.status != ExecutionStatus.Queued) {
                    s.endedAt = at;
                    line(s, why, at);
                }
                s.status = status;
                s.summary = why;
            }
            if (s.gate != null && s.gate.status == GateStatus.Pending) {
                s.gate.status = GateStatus.Expired;
                s.gate.decidedAt = at;
                publish(t, s.gate, at);
            }
        }
        run.status = status;
        run.endedAt = at;
        state.append(t.record.name(), at, ProjectEventType.ExecutionEnded, run.spec.role() + "/" + run.id,
                "Pipeline " + run.spec.role() + " execution " + run.id + " " + status + ": " + why,
                Map.of("pipeline", run.spec.role(), "execution", run.id, "status", status.name()));
        publish(run, at);
    }

    private Run create(Tracked t, PipelineSpec spec, String trigger, String sourceCommit, Map<String, String> params,
            long at) {
        Run run = new Run();
        run.id = UUID.randomUUID().toString();
        run.spec = spec;
        run.trigger = trigger;
        run.sourceCommit = sourceCommit;
        run.params = Map.copyOf(params);
        run.seq = ++runSeq;
        run.createdAt = at;
        spec.stages().forEach(s -> run.stages.add(new StageRun(s)));
        t.runs.add(run);
        t.byId.put(run.id, run);
        state.append(t.record.name(), at, ProjectEventType.ExecutionStarted, spec.role() + "/" + run.id,
                "Pipeline " + spec.role() + " execution " + run.id + " queued: " + trigger,
                Map.of("pipeline", spec.role(), "execution", run.id, "trigger", trigger, "stages",
                        Integer.toString(spec.stages().size())));
        String asked = params.get(MODEL_PACKAGE_ARN);
        if (asked != null) {
            state.append(t.record.name(), at, ProjectEventType.RollbackRequested, spec.role() + "/" + run.id,
                    "Deploy of " + asked + " requested by " + state.identity + ": " + trigger,
                    Map.of("execution", run.id, "modelArn", asked, "user", state.identity));
        }
        publish(run, at);
        return run;
    }

    // ---------------------------------------------------------------- triggers

    private void pollTriggers(Tracked t, long now) {
        boolean foreignDue = now - t.lastFollow >= FOLLOW_NANOS;
        boolean followedForeign = false;
        for (RepositorySpec repo : t.record.template().repositories()) {
            String head;
            if (t.components.repositories() == repositories) {
                head = repositories.latestHead(t.record, repo.role());
            } else if (foreignDue) {
                followedForeign = true;
                head = t.components.repositories().list(t.record).stream().filter(r -> r.role().equals(repo.role()))
                        .map(RepositoryInfo::headCommit).findFirst().orElse(null);
            } else {
                continue;
            }
            if (head == null || head.equals(t.seenHeads.get(repo.role()))) {
                continue;
            }
            t.seenHeads.put(repo.role(), head);
            String message = t.components.repositories() == repositories ? repositories.commitOf(t.record, repo.role(), head)
                    .map(InMemorySourceRepositories.Commit::message).orElse("") : "";
            String firstLine = message.lines().findFirst().orElse("");
            state.append(t.record.name(), now, ProjectEventType.RepositoryCommit, t.record.resourceName(repo.role()),
                    "Commit " + head.substring(0, Math.min(7, head.length())) + " on " + repo.role() + "/" + repo.branch()
                            + (firstLine.isEmpty() ? "" : ": " + firstLine),
                    Map.of("repository", repo.role(), "branch", repo.branch(), "commit", head));
            for (PipelineSpec spec : t.record.template().pipelines()) {
                for (Trigger trigger : spec.triggers()) {
                    if (trigger.kind() == Trigger.Kind.COMMIT && trigger.repository().orElse("").equals(repo.role())) {
                        create(t, spec, "commit " + head.substring(0, Math.min(7, head.length())) + " on " + repo.role()
                                + (firstLine.isEmpty() ? "" : " (" + firstLine + ")"), head, Map.of(), now);
                    }
                }
            }
        }
        String group = t.group();
        if (t.components.registry() == registry) {
            for (InMemoryModelRegistry.Logged l : registry.eventsAfter(group, t.registrySeq)) {
                t.registrySeq = l.seq();
                onRegistryEvent(t, l.event(), now);
            }
        } else if (foreignDue) {
            followedForeign = true;
            followForeignRegistry(t, group, now);
        }
        if (followedForeign) {
            t.lastFollow = now;
        }
    }

    private void followForeignRegistry(Tracked t, String group, long now) {
        ModelRegistry foreign = t.components.registry();
        for (int pages = 0; pages < 100; pages++) {
            EventPage page;
            try {
                page = foreign.events(group, t.foreignCursor, 100);
            } catch (RuntimeException e) {
                LOG.debug("Reading registry events of {} failed; the next call retries", group, e);
                return;
            }
            for (ProjectEvent e : page.events()) {
                onRegistryEvent(t, e, now);
            }
            boolean done = page.events().isEmpty() || page.next().equals(t.foreignCursor);
            t.foreignCursor = page.next();
            if (done) {
                return;
            }
        }
    }

    private void onRegistryEvent(Tracked t, ProjectEvent e, long now) {
        String status = e.detail().get("status");
        boolean fires = e.type() == ProjectEventType.ModelApprovalChanged || e.type() == ProjectEventType.ModelRegistered;
        if (!fires || status == null || status.equals(ModelApprovalStatus.PendingManualApproval.name())) {
            return;
        }
        for (PipelineSpec spec : t.record.template().pipelines()) {
            for (Trigger trigger : spec.triggers()) {
                if (trigger.kind() == Trigger.Kind.MODEL_APPROVAL_CHANGE) {
                    create(t, spec, "model version " + e.detail().getOrDefault("version", "?") + " " + status, null,
                            Map.of(), now);
                }
            }
        }
    }

    private void onEndpointInService(Tracked t, String environment, String endpoint, long at) {
        for (PipelineSpec spec : t.record.template().pipelines()) {
            for (Trigger trigger : spec.triggers()) {
                if (trigger.kind() == Trigger.Kind.ENDPOINT_IN_SERVICE
                        && trigger.environment().orElse("").equals(environment)) {
                    create(t, spec, "endpoint " + endpoint + " in service", null, Map.of(), at);
                }
            }
        }
    }

    // ---------------------------------------------------------------- stage types

    private String perform(Tracked t, Run run, StageRun s, long at) {
        Stage stage = s.stage;
        switch (stage.type()) {
            case SOURCE:
                return source(t, run, s, at);
            case ML_PIPELINE:
                return mlPipeline(t, run, s, at);
            case DEPLOY_CONFIG:
                return deployConfig(t, run, s, at);
            case DEPLOY:
                return deploy(t, run, s, at);
            case TEST:
                return stage.command().isEmpty() ? probe(t, s, at) : command(s, at);
            case COMMAND:
                return command(s, at);
            default:
                throw new UnsupportedByBackendException(MemoryState.BACKEND, "run " + stage.type() + " stages (stage "
                        + stage.name() + ")", "compose the embedded backend's orchestrator (mlops-local) to run them");
        }
    }

    private String source(Tracked t, Run run, StageRun s, long at) {
        RepositorySpec repo = t.record.template().repository(run.spec.sourceRepository()).orElseThrow(() ->
                new MlopsClientException("The template has no repository " + run.spec.sourceRepository(), null, Map.of()));
        String name = t.record.resourceName(repo.role());
        if (run.sourceCommit == null) {
            run.sourceCommit = t.components.repositories() == repositories ? repositories.latestHead(t.record, repo.role())
                    : t.components.repositories().list(t.record).stream().filter(r -> r.role().equals(repo.role()))
                            .map(RepositoryInfo::headCommit).findFirst().orElse(null);
        }
        if (run.sourceCommit == null) {
            throw new MlopsClientException("Branch " + repo.branch() + " of repository " + name + " has no commit", null,
                    Map.of("repository", repo.role()));
        }
        line(s, "checked out " + name + " " + repo.branch() + " at " + run.sourceCommit, at);
        return "commit " + run.sourceCommit.substring(0, Math.min(7, run.sourceCommit.length())) + " of " + name;
    }

    private String mlPipeline(Tracked t, Run run, StageRun s, long at) {
        String commit = run.sourceCommit == null ? "none" : run.sourceCommit;
        byte[] model = ("memory model of " + t.record.resourceName(run.spec.role()) + " at commit " + commit + "\n")
                .getBytes(StandardCharsets.UTF_8);
        ArtifactRef ref = t.components.artifacts() == artifacts ? artifacts.putNow("model.tar.gz", model)
                : putForeign(t, model);
        line(s, "stored the model as " + ref.uri(), at);
        double mse = 2.0 + (Integer.toUnsignedLong(commit.hashCode()) % 3000) / 1000.0;
        Map<String, Double> metrics = Map.of("mse", mse, "rmse", Math.sqrt(mse));
        Map<String, String> lineage = new LinkedHashMap<>();
        lineage.put("sourceCommit", commit);
        lineage.put("pipelineExecution", run.id);
        lineage.put("pipeline", t.record.nameId());
        lineage.put("artifact.model.sha256", ref.sha256());
        RegisterRequest request = new RegisterRequest(t.record.name(), t.group(), ModelApprovalStatus.PendingManualApproval,
                metrics, lineage, Map.of("model", ref.uri()), run.id + "/" + s.stage.name());
        ModelVersionInfo v = t.components.registry() == registry ? registry.registerNow(request, at)
                : t.components.registry().register(request);
        run.outputs.put("registered", v.arn());
        line(s, "registered model version " + v.version() + " (" + v.arn() + ") with mse " + mse, at);
        return "registered model version " + v.version() + " in " + v.group();
    }

    private ArtifactRef putForeign(Tracked t, byte[] bytes) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("mlops-memory-model-");
            Path file = Files.write(dir.resolve("model.tar.gz"), bytes);
            return t.components.artifacts().put(t.record, file);
        } catch (IOException e) {
            throw new MlopsBackendException("Cannot write the model file: " + e.getMessage(), e);
        } finally {
            if (dir != null) {
                try (var files = Files.walk(dir)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                } catch (IOException ignored) {
                    // best effort: a temporary directory
                }
            }
        }
    }

    private String deployConfig(Tracked t, Run run, StageRun s, long at) {
        String group = t.group();
        String asked = run.params.get(MODEL_PACKAGE_ARN);
        boolean ownRegistry = t.components.registry() == registry;
        Optional<ModelVersionInfo> chosen;
        if (asked != null) {
            chosen = ownRegistry ? registry.current(asked) : t.components.registry().byArn(asked);
            ModelVersionInfo a = chosen.orElseThrow(() -> new MlopsClientException("Model version " + asked
                    + " asked for by this run is not in the registry", null, Map.of("modelArn", asked)));
            if (!a.group().equals(group) || a.status() != ModelApprovalStatus.Approved) {
                throw new MlopsClientException("Model version " + asked + " asked for by this run is " + a.status()
                        + " in group " + a.group() + ": only an approved version of " + group + " is deployed", null,
                        Map.of("modelArn", asked));
            }
        } else {
            chosen = ownRegistry ? registry.newestApproved(group)
                    : t.components.registry().latest(group, ModelApprovalStatus.Approved);
        }
        ModelVersionInfo v = chosen.orElseThrow(() -> new MlopsClientException("No approved model version found in"
                + " model package group " + group + ": approve one (project.models().pendingApproval()…approve(…)) and"
                + " the deploy pipeline runs again", null, Map.of("group", group)));
        run.outputs.put("modelArn", v.arn());
        run.outputs.put("modelVersion", Integer.toString(v.version()));
        line(s, "selected model version " + v.version() + " (" + v.arn() + ")", at);
        return "model version " + v.version() + (asked == null ? " (newest approved in " + group + ")"
                : " (asked for: " + run.trigger + ")");
    }

    private String deploy(Tracked t, Run run, StageRun s, long at) {
        String env = s.stage.environment().orElseThrow();
        String arn = run.outputs.get("modelArn");
        if (arn == null) {
            throw new MlopsClientException("Stage " + s.stage.name() + " has no model version to deploy to " + env
                    + ": a DEPLOY_CONFIG stage must come before it", null, Map.of("stage", s.stage.name()));
        }
        if (t.components.endpoints() != endpoints) {
            throw new UnsupportedByBackendException(MemoryState.BACKEND, "deploy to the "
                    + t.components.endpoints().backend() + " endpoint host", "compose the memory endpoint host with the"
                    + " memory orchestrator, or that host's own orchestrator");
        }
        String endpoint = t.record.endpointName(env);
        EndpointInfo info = endpoints.deployNow(t.record, env, endpoint, arn, at);
        line(s, "deployed " + arn + " to " + endpoint, at);
        onEndpointInService(t, env, endpoint, at);
        return endpoint + " serves model version " + run.outputs.get("modelVersion") + " at " + info.url().orElseThrow();
    }

    private String probe(Tracked t, StageRun s, long at) {
        String env = s.stage.environment().orElseThrow();
        String endpoint = t.record.endpointName(env);
        if (t.components.endpoints() != endpoints) {
            throw new UnsupportedByBackendException(MemoryState.BACKEND, "test endpoints of the "
                    + t.components.endpoints().backend() + " endpoint host", "compose the memory endpoint host");
        }
        EndpointInfo info = endpoints.current(t.record, endpoint).filter(i -> i.status().equals("InService"))
                .orElseThrow(() -> new MlopsClientException("Endpoint " + endpoint + " is not in service: a DEPLOY stage"
                        + " for " + env + " must come before " + s.stage.name(), null, Map.of("endpoint", endpoint)));
        String answer = new String(endpoints.answer(t.record, endpoint, "text/csv", "0\n".getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.UTF_8).strip();
        line(s, "probe of " + endpoint + " (serving " + info.modelArn().orElse("?") + ") answered " + answer, at);
        return "endpoint " + endpoint + " answered a probe request";
    }

    private String command(StageRun s, long at) {
        List<String> cmd = s.stage.command();
        String program = cmd.get(0);
        switch (program) {
            case "echo":
                line(s, String.join(" ", cmd.subList(1, cmd.size())), at);
                return String.join(" ", cmd) + " exited with 0";
            case "true":
                return String.join(" ", cmd) + " exited with 0";
            case "false":
                throw new MlopsClientException("Stage " + s.stage.name() + ": " + String.join(" ", cmd)
                        + " exited with 1", null, Map.of("stage", s.stage.name(), "exitCode", "1"));
            default:
                throw new UnsupportedByBackendException(MemoryState.BACKEND, "run the command " + cmd + " of stage "
                        + s.stage.name() + " (it runs only echo, true and false)",
                        "compose the embedded backend's orchestrator (mlops-local) to run commands");
        }
    }

    // ---------------------------------------------------------------- views

    private void line(StageRun s, String text, long at) {
        s.log.add(new Line(text, state.visibleAt(at)));
    }

    private void publish(Run run, long at) {
        run.view.set(info(run), state.visibleAt(at));
    }

    private void publish(Tracked t, Gate g, long at) {
        g.view.set(approvalInfo(t, g), state.visibleAt(at));
    }

    private ExecutionInfo info(Run run) {
        List<StageExecution> stages = new ArrayList<>();
        for (StageRun s : run.stages) {
            stages.add(new StageExecution(s.stage.name(), s.stage.type(), s.status,
                    Optional.ofNullable(s.startedAt).map(state::instant), Optional.ofNullable(s.endedAt).map(state::instant),
                    s.summary));
        }
        return new ExecutionInfo(run.id, run.spec.role(), run.status, run.trigger, Optional.ofNullable(run.sourceCommit),
                state.instant(run.createdAt), Optional.ofNullable(run.endedAt).map(state::instant), stages);
    }

    private ApprovalInfo approvalInfo(Tracked t, Gate g) {
        return new ApprovalInfo(g.ref, g.spec.name(), g.pipeline, g.run.id, g.spec.message(), g.status,
                state.instant(g.createdAt), Optional.ofNullable(g.run.outputs.get("modelArn")),
                Optional.ofNullable(g.decidedBy), Optional.ofNullable(g.comment));
    }

    // ---------------------------------------------------------------- lookups

    private Run requireRun(ProjectRecord project, String executionId) {
        Tracked t = projects.get(project.id());
        Run run = t == null ? null : t.byId.get(executionId);
        if (run == null) {
            throw new NotFoundException("execution", executionId, "see project.pipelines()…executions()");
        }
        return run;
    }

    private Optional<Gate> findGate(ProjectRecord project, GateRef ref) {
        Tracked t = projects.get(project.id());
        return t == null ? Optional.empty() : t.gates.stream().filter(g -> g.ref.equals(ref)).findFirst();
    }

    private static void checkKind(GateRef ref) {
        if (ref == null) {
            throw new ValidationException("Gate.id", null, "a gate reference");
        }
        if (!ref.kind().equals(GATE_KIND)) {
            throw new ValidationException("Gate.id", ref.toString(), "a gate of the memory orchestrator (kind "
                    + GATE_KIND + "); this one belongs to a " + ref.kind() + " orchestrator");
        }
    }

    @Override
    public String toString() {
        return "InMemoryOrchestrator{stageDuration=" + Duration.ofNanos(stageNanos) + "}";
    }
}
