package dev.mlops.local.internal;

import dev.mlops.ExecutionStatus;
import dev.mlops.event.ProjectEventType;
import dev.mlops.exception.IllegalStateTransitionException;
import dev.mlops.exception.MlopsClientException;
import dev.mlops.exception.NotFoundException;
import dev.mlops.spi.ApprovalInfo;
import dev.mlops.spi.ExecutionInfo;
import dev.mlops.spi.Orchestrator;
import dev.mlops.spi.ProjectRecord;
import dev.mlops.template.PipelineSpec;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The embedded orchestrator as any process sees it: executions and approvals live in the state store, so a
 * run started or a gate decided here is picked up by whichever process leads the project.
 */
final class LocalOrchestrator implements Orchestrator {
    private final LocalContext ctx;

    LocalOrchestrator(LocalContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public ExecutionInfo start(ProjectRecord project, String pipeline, String reason) {
        PipelineSpec spec = project.template().pipeline(pipeline).orElseThrow(() -> new NotFoundException("pipeline", pipeline,
                "project " + project.name() + " has " + project.template().pipelines().stream().map(PipelineSpec::role).toList()));
        return ctx.db().write(tx -> {
            String id = Executions.create(tx, project.name(), spec, reason, null);
            return Executions.get(tx, id).orElseThrow().toInfo();
        });
    }

    @Override
    public List<ExecutionInfo> executions(ProjectRecord project, String pipeline) {
        return ctx.db().read(tx -> Executions.list(tx, project.name(), pipeline)).stream().map(Executions.Row::toInfo).toList();
    }

    @Override
    public Optional<ExecutionInfo> execution(ProjectRecord project, String executionId) {
        return ctx.db().read(tx -> Executions.get(tx, executionId)).filter(r -> r.project.equals(project.name()))
                .map(Executions.Row::toInfo);
    }

    @Override
    public String log(ProjectRecord project, String executionId, String stage) {
        List<String> logs = ctx.db().read(tx -> tx.query("SELECT log FROM stage_logs WHERE execution_id=? AND stage=?",
                rs -> rs.getString(1), executionId, stage));
        return logs.isEmpty() ? "" : logs.get(0);
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

    @Override
    public List<ApprovalInfo> approvals(ProjectRecord project) {
        return ctx.db().read(tx -> tx.query("SELECT token, gate, pipeline, execution_id, message, status, created_at, decided_by,"
                + " comment FROM approvals WHERE project=? ORDER BY created_at DESC", LocalOrchestrator::map, project.name()));
    }

    @Override
    public ApprovalInfo decide(ProjectRecord project, String token, boolean approve, String user, String comment) {
        return ctx.db().write(tx -> {
            List<String[]> rows = tx.query("SELECT status, approvers_json, gate, pipeline, execution_id FROM approvals WHERE token=? AND project=?",
                    rs -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)},
                    token, project.name());
            if (rows.isEmpty()) {
                throw new NotFoundException("approval", token, "list pending gates with project.gates().pending()");
            }
            String[] r = rows.get(0);
            if (!r[0].equals("Pending")) {
                throw new IllegalStateTransitionException("Gate " + r[2] + " of " + r[3] + " (execution " + r[4] + ") is " + r[0]
                        + ", not Pending: it can be decided only once", Map.of("token", token, "status", r[0]));
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
                    Map.of("pipeline", r[3], "gate", r[2], "execution", r[4], "user", user, "comment", comment == null ? "" : comment));
            return tx.query("SELECT token, gate, pipeline, execution_id, message, status, created_at, decided_by, comment FROM approvals"
                    + " WHERE token=?", LocalOrchestrator::map, token).get(0);
        });
    }

    private static ApprovalInfo map(ResultSet rs) throws SQLException {
        return new ApprovalInfo(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), Instant.ofEpochMilli(rs.getLong(7)), Optional.ofNullable(rs.getString(8)),
                Optional.ofNullable(rs.getString(9)));
    }
}
