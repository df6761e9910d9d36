package dev.mlops.local.internal;

import dev.mlops.event.EventCursor;
import dev.mlops.event.EventPage;
import dev.mlops.spi.ApprovalConflict;
import dev.mlops.spi.Page;
import dev.mlops.spi.PageRequest;
import dev.mlops.spi.RegisterRequest;
import dev.mlops.spi.WaitPolicy;
import dev.mlops.template.Capability;
import java.util.Set;
import dev.mlops.ModelApprovalStatus;
import dev.mlops.event.ProjectEventType;
import dev.mlops.exception.IllegalStateTransitionException;
import dev.mlops.exception.NotFoundException;
import dev.mlops.spi.ModelRegistry;
import dev.mlops.spi.ModelVersionInfo;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The embedded model registry. An approval-status change, its event, and the deploy executions it triggers
 * are written in one transaction: a change is never seen without its deployment being queued.
 */
final class LocalRegistry implements ModelRegistry {
    private static final String COLUMNS = "project, grp, version, arn, status, metrics_json, lineage_json,"
            + " containers_json, created_at, decided_by, comment, history_json";
    private final LocalContext ctx;
    private final Triggers triggers;

    LocalRegistry(LocalContext ctx, Triggers triggers) {
        this.ctx = ctx;
        this.triggers = triggers;
    }

    @Override
    public String backend() {
        return LocalContext.BACKEND;
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of(Capability.MODEL_APPROVAL_EVENTS);
    }

    @Override
    public WaitPolicy waitPolicy() {
        return ctx.waitPolicy();
    }

    @Override
    public Optional<ModelVersionInfo> version(String group, int version) {
        return ctx.db().read(tx -> tx.query("SELECT " + COLUMNS + " FROM model_versions WHERE grp=? AND version=?",
                LocalRegistry::map, group, version)).stream().findFirst();
    }

    @Override
    public Page<ModelVersionInfo> versions(String group, PageRequest page) {
        int offset = Pages.offset(page);
        List<ModelVersionInfo> rows = ctx.db().read(tx -> tx.query("SELECT " + COLUMNS
                + " FROM model_versions WHERE grp=? ORDER BY version DESC LIMIT ? OFFSET ?", LocalRegistry::map, group,
                page.limit() + 1, offset));
        return Pages.of(rows, page, offset);
    }

    @Override
    public Optional<ModelVersionInfo> latest(String group, ModelApprovalStatus status) {
        return ctx.db().read(tx -> tx.query("SELECT " + COLUMNS + " FROM model_versions WHERE grp=? AND status=?"
                + " ORDER BY version DESC LIMIT 1", LocalRegistry::map, group, status.name())).stream().findFirst();
    }

    @Override
    public Map<String, Double> metrics(String arn) {
        List<String> json = ctx.db().read(tx -> tx.query("SELECT metrics_json FROM model_versions WHERE arn=?",
                rs -> rs.getString(1), arn));
        if (json.isEmpty()) {
            throw new NotFoundException("model version", arn, "it is not in the embedded registry");
        }
        return Json.doubleMap(json.get(0));
    }

    @Override
    public ModelVersionInfo register(RegisterRequest r) {
        return ctx.db().write(tx -> {
            List<String> known = tx.query("SELECT arn FROM registrations WHERE client_token=?", rs -> rs.getString(1),
                    r.clientToken());
            if (!known.isEmpty()) {
                Optional<ModelVersionInfo> registered = byArn(tx, known.get(0));
                if (registered.isPresent()) {
                    return registered.get();
                }
                // The version was deleted with its project: the token is free again.
            }
            ModelVersionInfo v = register(tx, r.project(), r.group(), r.status(), r.metrics(), r.lineage(), r.containers());
            tx.update("INSERT OR REPLACE INTO registrations(client_token, arn) VALUES(?,?)", r.clientToken(), v.arn());
            return v;
        });
    }

    @Override
    public EventPage events(String group, EventCursor after, int limit) {
        return ctx.db().read(tx -> EventLog.registryPage(tx, group, after, limit));
    }

    @Override
    public Optional<ModelVersionInfo> byArn(String arn) {
        return ctx.db().read(tx -> byArn(tx, arn));
    }

    Optional<ModelVersionInfo> byArn(Db.Tx tx, String arn) throws SQLException {
        return tx.query("SELECT " + COLUMNS + " FROM model_versions WHERE arn=?", LocalRegistry::map, arn).stream().findFirst();
    }

    Optional<ModelVersionInfo> latestApproved(Db.Tx tx, String group) throws SQLException {
        return tx.query("SELECT " + COLUMNS + " FROM model_versions WHERE grp=? AND status='Approved' ORDER BY version DESC LIMIT 1",
                LocalRegistry::map, group).stream().findFirst();
    }

    /** Registers a version; the version number is the next in the group, taken inside the transaction. */
    ModelVersionInfo register(Db.Tx tx, String project, String group, ModelApprovalStatus status,
            Map<String, Double> metrics, Map<String, String> lineage, Map<String, String> containers) throws SQLException {
        int version = tx.query("SELECT COALESCE(MAX(version),0)+1 FROM model_versions WHERE grp=?", rs -> rs.getInt(1), group).get(0);
        String arn = "arn:mlops:local:model-package/" + group + "/" + version;
        long now = System.currentTimeMillis();
        List<String> history = List.of(Instant.ofEpochMilli(now) + " registered as " + status + " by pipeline execution "
                + lineage.getOrDefault("pipelineExecution", "?"));
        tx.update("INSERT INTO model_versions(" + COLUMNS + ") VALUES(?,?,?,?,?,?,?,?,?,?,?,?)",
                project, group, version, arn, status.name(), Json.write(metrics), Json.write(lineage),
                Json.write(containers), now, null, null, Json.write(history));
        Map<String, String> detail = new LinkedHashMap<>();
        detail.put("group", group);
        detail.put("version", Integer.toString(version));
        detail.put("status", status.name());
        metrics.forEach((k, v) -> detail.put("metric." + k, Double.toString(v)));
        EventLog.append(tx, project, ProjectEventType.ModelRegistered, group + "/" + version,
                "Model version " + version + " registered in " + group + " (" + status + ")", detail);
        if (status != ModelApprovalStatus.PendingManualApproval) {
            triggers.onModelApprovalChange(tx, project, group, version, status);
        }
        return byArn(tx, arn).orElseThrow();
    }

    @Override
    public ModelVersionInfo updateApprovalStatus(String group, int version, ModelApprovalStatus status, String comment) {
        return update(group, version, null, status, comment);
    }

    @Override
    public ModelVersionInfo updateApprovalStatus(String group, int version, ModelApprovalStatus expected,
            ModelApprovalStatus status, String comment) {
        return update(group, version, expected, status, comment);
    }

    private ModelVersionInfo update(String group, int version, ModelApprovalStatus expected, ModelApprovalStatus status,
            String comment) {
        String user = ctx.user();
        return ctx.db().write(tx -> {
            List<ModelVersionInfo> found = tx.query("SELECT " + COLUMNS + " FROM model_versions WHERE grp=? AND version=?",
                    LocalRegistry::map, group, version);
            if (found.isEmpty()) {
                int newest = tx.query("SELECT COALESCE(MAX(version),0) FROM model_versions WHERE grp=?", rs -> rs.getInt(1), group).get(0);
                throw new NotFoundException("model version", group + "/" + version,
                        newest == 0 ? "the group has no versions yet" : "the group's versions are 1.." + newest);
            }
            ModelVersionInfo current = found.get(0);
            if (expected != null && current.status() != expected) {
                throw ApprovalConflict.of(current, expected, status);
            }
            if (current.status() == status) {
                throw new IllegalStateTransitionException("Model version " + group + "/" + version + " is already " + status
                        + current.decidedBy().map(u -> " (decided by " + u + current.comment().map(c -> ": " + c).orElse("") + ")").orElse(""),
                        Map.of("group", group, "version", Integer.toString(version), "status", status.name()));
            }
            String project = tx.query("SELECT project FROM model_versions WHERE grp=? AND version=?", rs -> rs.getString(1), group, version).get(0);
            List<String> history = new ArrayList<>(current.history());
            history.add(Instant.now() + " " + current.status() + " -> " + status + " by " + user + (comment == null || comment.isEmpty() ? "" : ": " + comment));
            tx.update("UPDATE model_versions SET status=?, decided_by=?, comment=?, history_json=? WHERE grp=? AND version=?",
                    status.name(), user, comment, Json.write(history), group, version);
            EventLog.append(tx, project, ProjectEventType.ModelApprovalChanged, group + "/" + version,
                    "Model version " + version + " " + current.status() + " -> " + status + " by " + user,
                    Map.of("group", group, "version", Integer.toString(version), "from", current.status().name(),
                            "status", status.name(), "user", user, "comment", comment == null ? "" : comment));
            if (status != ModelApprovalStatus.PendingManualApproval) {
                triggers.onModelApprovalChange(tx, project, group, version, status);
            }
            return byArn(tx, current.arn()).orElseThrow();
        });
    }

    private static ModelVersionInfo map(ResultSet rs) throws SQLException {
        Map<String, String> containers = Json.read(rs.getString(8),
                new com.fasterxml.jackson.core.type.TypeReference<LinkedHashMap<String, String>>() { });
        return new ModelVersionInfo(rs.getString(4), rs.getString(2), rs.getInt(3),
                ModelApprovalStatus.valueOf(rs.getString(5)), Json.stringMap(rs.getString(7)), containers, Instant.ofEpochMilli(rs.getLong(9)),
                Optional.ofNullable(rs.getString(10)), Optional.ofNullable(rs.getString(11)),
                Json.stringList(rs.getString(12)));
    }
}
