package dev.mlops.local.internal;

import dev.mlops.ExecutionStatus;
import dev.mlops.GateStatus;
import dev.mlops.LogChunk;
import dev.mlops.event.ProjectEventType;
import dev.mlops.event.ProjectListener;
import dev.mlops.exception.IllegalStateTransitionException;
import dev.mlops.exception.MlopsClientException;
import dev.mlops.exception.NotFoundException;
import dev.mlops.exception.ValidationException;
import dev.mlops.spi.ApprovalInfo;
import dev.mlops.spi.ComponentKind;
import dev.mlops.spi.Components;
import dev.mlops.spi.ExecutionInfo;
import dev.mlops.spi.GateRef;
import dev.mlops.spi.Orchestrator;
import dev.mlops.spi.Page;
import dev.mlops.spi.PageRequest;
import dev.mlops.spi.ProjectRecord;
import dev.mlops.spi.Requirement;
import dev.mlops.spi.StartRequest;
import dev.mlops.spi.WaitPolicy;
import dev.mlops.template.Capability;
import dev.mlops.template.PipelineSpec;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

/**
 * The embedded orchestrator as any process sees it: executions and approvals live in the state store, so a
 * run started or a gate decided here is picked up by whichever process leads the project. Attaching a project
 * starts this process's engine for it (triggers, stages, endpoints), run on the given composition.
 */
final class LocalOrchestrator implements Orchestrator {
    /** The kind of the embedded engine's gate references. */
    static final String GATE_KIND = "local";
    /**
     * What the embedded repositories offer besides {@link Capability#READABLE_REPOSITORIES}: bare git repositories in
     * the home. The engine no longer needs it (it reads any repositories through the SPI); kept for those that ask.
     */
    static final Capability EMBEDDED_GIT = Capability.of("repositories.embedded-git");
    /** What the engine needs from its endpoint host: servers it starts and switches itself. */
    static final Capability EMBEDDED_SERVING = Capability.of("endpoints.embedded-serving");
    /** What the engine needs from its artifact store: files it can read and write in the home. */
    static final Capability EMBEDDED_FILES = Capability.of("artifacts.embedded-files");

    private final LocalContext ctx;
    private final BiFunction<ProjectRecord, Components, LocalEngine> engineFactory;
    private final Map<String, LocalEngine> engines = new ConcurrentHashMap<>();
    private final Map<String, Integer> attachments = new ConcurrentHashMap<>();

    LocalOrchestrator(LocalContext ctx, BiFunction<ProjectRecord, Components, LocalEngine> engineFactory) {
        this.ctx = ctx;
        this.engineFactory = engineFactory;
    }

    @Override
    public String backend() {
        return LocalContext.BACKEND;
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of(Capability.ML_PIPELINES);
    }

    @Override
    public List<Requirement> requirements(Components peers) {
        return List.of(
                new Requirement(ComponentKind.REPOSITORIES, Capability.READABLE_REPOSITORIES,
                        "repositories whose heads it can read and whose commits it can export"),
                new Requirement(ComponentKind.ENDPOINTS, EMBEDDED_SERVING, "an endpoint host it deploys to itself"),
                new Requirement(ComponentKind.ARTIFACTS, EMBEDDED_FILES, "an artifact store in its home"),
                new Requirement(ComponentKind.REGISTRY, Capability.MODEL_APPROVAL_EVENTS,
                        "a route for model approval events, to start the deploy pipeline when a version is approved"));
    }

    @Override
    public WaitPolicy waitPolicy() {
        return ctx.waitPolicy();
    }

    @Override
    public synchronized AutoCloseable attach(ProjectRecord project, Components components, ProjectListener listener) {
        LocalEngine engine = engines.get(project.name());
        boolean fresh = engine == null;
        if (fresh) {
            engine = engineFactory.apply(project, components);
            engines.put(project.name(), engine);
        }
        if (listener != null) {
            // Before the first tick: it may already append events (the seed commit and the executions it starts),
            // and a tick with no listener skips the events it sees.
            engine.addListener(listener);
        }
        if (fresh) {
            engine.start();
        }
        attachments.merge(project.name(), 1, Integer::sum);
        LocalEngine attached = engine;
        return new AutoCloseable() {
            private boolean done;

            @Override
            public void close() {
                synchronized (LocalOrchestrator.this) {
                    if (done) {
                        return;
                    }
                    done = true;
                    if (listener != null) {
                        attached.removeListener(listener);
                    }
                    Integer left = attachments.computeIfPresent(project.name(), (k, n) -> n - 1);
                    if (left != null && left <= 0 && engines.get(project.name()) == attached) {
                        attachments.remove(project.name());
                        engines.remove(project.name());
                        attached.close();
                    }
                }
            }
        };
    }

    /** Stops the project's engine in this process, whoever attached it (the project is being deleted). */
    synchronized void detachAll(String project) {
        LocalEngine engine = engines.remove(project);
        attachments.remove(project);
        if (engine != null) {
            engine.close();
        }
    }

    synchronized void closeAll() {
        engines.values().forEach(LocalEngine::close);
        engines.clear();
        attachments.clear();
    }

    @Override
    public ExecutionInfo start(ProjectRecord project, String pipeline, StartRequest request) {
        PipelineSpec spec = project.template().pipeline(pipeline).orElseThrow(() -> new NotFoundException("pipeline", pipeline,
                "project " + project.name() + " has " + project.template().pipelines().stream().map(PipelineSpec::role).toList()));
        return ctx.db().write(tx -> {
            if (request.idempotencyToken().isPresent()) {
                List<String> known = tx.query("SELECT execution_id FROM start_tokens WHERE project=? AND token=?",
                        rs -> rs.getString(1), project.name(), request.idempotencyToken().get());
                if (!known.isEmpty()) {
                    return Executions.get(tx, known.get(0)).orElseThrow().toInfo();
                }
            }
            String id = Executions.create(tx, project.name(), spec, request.reason(), null, request.parameters());
            if (request.idempotencyToken().isPresent()) {
                tx.update("INSERT INTO start_tokens(project, token, execution_id) VALUES(?,?,?)", project.name(),
                        request.idempotencyToken().get(), id);
            }
            if (request.parameters().containsKey("ModelPackageArn")) {
                EventLog.append(tx, project.name(), ProjectEventType.RollbackRequested, spec.role() + "/" + id,
                        "Deploy of " + request.parameters().get("ModelPackageArn") + " requested by " + ctx.user() + ": "
                                + request.reason(),
                        Map.of("execution", id, "modelArn", request.parameters().get("ModelPackageArn"), "user", ctx.user()));
            }
            return Executions.get(tx, id).orElseThrow().toInfo();
        });
    }

    @Override
    public Page<ExecutionInfo> executions(ProjectRecord project, String pipeline, PageRequest page) {
        int offset = Pages.offset(page);
        List<ExecutionInfo> rows = ctx.db().read(tx -> Executions.page(tx, project.name(), pipeline, offset, page.limit() + 1))
                .stream().map(Executions.Row::toInfo).toList();
        return Pages.of(rows, page, offset);
    }

    @Override
    public Optional<ExecutionInfo> execution(ProjectRecord project, String executionId) {
        return ctx.db().read(tx -> Executions.get(tx, executionId)).filter(r -> r.project.equals(project.name()))
                .map(Executions.Row::toInfo);
    }

    @Override
    public LogChunk log(ProjectRecord project, String executionId, String stage, String cursor) {
        int from;
        try {
            from = cursor.isEmpty() ? 0 : Integer.parseInt(cursor);
        } catch (NumberFormatException e) {
            throw new ValidationException("Execution.log.cursor", cursor, "LogChunk.START or a next() of this backend");
        }
        Optional<Executions.Row> row = ctx.db().read(tx -> Executions.get(tx, executionId))
                .filter(r -> r.project.equals(project.name()));
        if (row.isEmpty()) {
            throw new NotFoundException("execution", executionId, "see project.pipelines()…executions()");
        }
        List<String> logs = ctx.db().read(tx -> tx.query("SELECT log FROM stage_logs WHERE execution_id=? AND stage=?",
                rs -> rs.getString(1), executionId, stage));
        String text = logs.isEmpty() ? "" : logs.get(0);
        boolean ended = row.get().stages.stream().filter(s -> s.name.equals(stage)).findFirst()
                .map(s -> ExecutionStatus.valueOf(s.status).isTerminal()).orElse(true);
        int start = Math.min(from, text.length());
        return new LogChunk(text.substring(start), Integer.toString(text.length()), ended);
    }

    @Override
    public void stop(ProjectRecord project, String executionId, String reason) {
        ctx.db().write(tx -> {
            Executions.Row row = Executions.get(tx, executionId).filter(r -> r.project.equals(project.name()))
                    .orElseThrow(() -> new NotFoundException("execution", executionId, "see project.pipelines()…executions()"));
            if (row.status.isTerminal()) {
                throw new IllegalStateTransitionException("Execution " + executionId + " already ended as " + row.status,
                        Map.of("execution", executionId));
            }
            row.status = ExecutionStatus.Stopped;
            row.endedAt = System.currentTimeMillis();
            for (Executions.StageState s : row.stages) {
                if (!ExecutionStatus.valueOf(s.status).isTerminal()) {
                    s.status = ExecutionStatus.Stopped.name();
                    s.summary = "stopped: " + reason;
                }
            }
            Executions.save(tx, row);
            tx.update("UPDATE approvals SET status='Expired', decided_at=? WHERE execution_id=? AND status='Pending'",
                    System.currentTimeMillis(), executionId);
            EventLog.append(tx, project.name(), ProjectEventType.ExecutionEnded, row.pipeline + "/" + row.id,
                    "Pipeline " + row.pipeline + " execution " + row.id + " Stopped: " + reason,
                    Map.of("pipeline", row.pipeline, "execution", row.id, "status", "Stopped"));
            return null;
        });
    }

    private static final String APPROVAL_COLUMNS = "a.token, a.gate, a.pipeline, a.execution_id, a.message, a.status,"
            + " a.created_at, a.decided_by, a.comment, e.outputs_json";

    @Override
    public Page<ApprovalInfo> approvals(ProjectRecord project, PageRequest page) {
        int offset = Pages.offset(page);
        List<ApprovalInfo> rows = ctx.db().read(tx -> tx.query("SELECT " + APPROVAL_COLUMNS + " FROM approvals a"
                + " LEFT JOIN executions e ON e.id = a.execution_id WHERE a.project=? ORDER BY a.created_at DESC, a.token"
                + " LIMIT ? OFFSET ?", LocalOrchestrator::map, project.name(), page.limit() + 1, offset));
        return Pages.of(rows, page, offset);
    }

    @Override
    public Optional<ApprovalInfo> approval(ProjectRecord project, GateRef ref) {
        String token = token(ref);
        return ctx.db().read(tx -> tx.query("SELECT " + APPROVAL_COLUMNS + " FROM approvals a LEFT JOIN executions e"
                + " ON e.id = a.execution_id WHERE a.project=? AND a.token=?", LocalOrchestrator::map, project.name(), token))
                .stream().findFirst();
    }

    private static String token(GateRef ref) {
        if (!ref.kind().equals(GATE_KIND)) {
            throw new ValidationException("Gate.id", ref.toString(), "a gate of the embedded orchestrator (kind "
                    + GATE_KIND + "); this one belongs to a " + ref.kind() + " orchestrator");
        }
        return ref.field("token");
    }

    @Override
    public ApprovalInfo decide(ProjectRecord project, GateRef ref, boolean approve, String comment) {
        String token = token(ref);
        String user = ctx.user();
        return ctx.db().write(tx -> {
            List<String[]> rows = tx.query("SELECT status, approvers_json, gate, pipeline, execution_id FROM approvals WHERE token=? AND project=?",
                    rs -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)},
                    token, project.name());
            if (rows.isEmpty()) {
                throw new NotFoundException("approval", ref.toString(), "list pending gates with project.gates().pending()");
            }
            String[] r = rows.get(0);
            if (!r[0].equals("Pending")) {
                throw new IllegalStateTransitionException("Gate " + r[2] + " of " + r[3] + " (execution " + r[4] + ") is " + r[0]
                        + ", not Pending: it can be decided only once", Map.of("gate", r[2], "status", r[0]));
            }
            List<String> approvers = Json.stringList(r[1]);
            if (!approvers.isEmpty() && !approvers.contains(user)) {
                throw new MlopsClientException("User '" + user + "' may not decide gate " + r[2] + ": its approvers are " + approvers,
                        null, Map.of("gate", r[2], "user", user));
            }
            String status = approve ? "Approved" : "Rejected";
            tx.update("UPDATE approvals SET status=?, decided_at=?, decided_by=?, comment=? WHERE token=?", status,
                    System.currentTimeMillis(), user, comment, token);
            EventLog.append(tx, project.name(), approve ? ProjectEventType.GateApproved : ProjectEventType.GateRejected,
                    r[3] + "/" + r[2], "Gate " + r[2] + " " + status.toLowerCase() + " by " + user + (comment == null || comment.isEmpty() ? "" : ": " + comment),
                    Map.of("pipeline", r[3], "gate", r[2], "execution", r[4], "user", user, "comment", comment == null ? "" : comment,
                            "token", token));
            return tx.query("SELECT " + APPROVAL_COLUMNS + " FROM approvals a LEFT JOIN executions e ON e.id = a.execution_id"
                    + " WHERE a.token=?", LocalOrchestrator::map, token).get(0);
        });
    }

    private static ApprovalInfo map(ResultSet rs) throws SQLException {
        String outputs = rs.getString(10);
        Optional<String> modelArn = outputs == null ? Optional.empty()
                : Optional.ofNullable(Json.stringMap(outputs).get("modelArn"));
        return new ApprovalInfo(GateRef.of(GATE_KIND, Map.of("token", rs.getString(1))), rs.getString(2), rs.getString(3),
                rs.getString(4), rs.getString(5), GateStatus.valueOf(rs.getString(6)), Instant.ofEpochMilli(rs.getLong(7)),
                modelArn, Optional.ofNullable(rs.getString(8)), Optional.ofNullable(rs.getString(9)));
    }
}
