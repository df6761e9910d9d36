package dev.mlops.local.internal;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.mlops.ExecutionStatus;
import dev.mlops.StageExecution;
import dev.mlops.event.ProjectEventType;
import dev.mlops.spi.ExecutionInfo;
import dev.mlops.template.PipelineSpec;
import dev.mlops.template.Stage;
import dev.mlops.template.StageType;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads and writes executions and their stage states in the state store. */
final class Executions {
    static final String COLUMNS = "id, project, pipeline, status, trigger_text, source_commit, created_seq, started_at,"
            + " ended_at, stages_json, outputs_json";

    private Executions() {
    }

    /** A stage's stored state. */
    static final class StageState {
        public String name;
        public String type;
        public String status;
        public Long startedAt;
        public Long endedAt;
        public String summary = "";

        StageExecution toApi() {
            return new StageExecution(name, StageType.valueOf(type), ExecutionStatus.valueOf(status),
                    Optional.ofNullable(startedAt).map(Instant::ofEpochMilli),
                    Optional.ofNullable(endedAt).map(Instant::ofEpochMilli), summary);
        }
    }

    /** An execution row. */
    static final class Row {
        String id;
        String project;
        String pipeline;
        ExecutionStatus status;
        String trigger;
        String sourceCommit;
        long createdSeq;
        long startedAt;
        Long endedAt;
        List<StageState> stages;
        Map<String, String> outputs;

        ExecutionInfo toInfo() {
            List<StageExecution> s = new ArrayList<>();
            stages.forEach(st -> s.add(st.toApi()));
            return new ExecutionInfo(id, pipeline, status, trigger, Optional.ofNullable(sourceCommit),
                    Instant.ofEpochMilli(startedAt), Optional.ofNullable(endedAt).map(Instant::ofEpochMilli), s);
        }

        StageState stage(String name) {
            return stages.stream().filter(s -> s.name.equals(name)).findFirst().orElseThrow();
        }
    }

    static String create(Db.Tx tx, String project, PipelineSpec pipeline, String trigger, String sourceCommit)
            throws SQLException {
        return create(tx, project, pipeline, trigger, sourceCommit, Map.of());
    }

    /** The prefix of a start parameter among an execution's outputs. */
    static final String PARAM = "param.";

    static String create(Db.Tx tx, String project, PipelineSpec pipeline, String trigger, String sourceCommit,
            Map<String, String> parameters) throws SQLException {
        String id = "exec-" + LocalContext.randomId(12);
        List<StageState> stages = new ArrayList<>();
        for (Stage s : pipeline.stages()) {
            StageState st = new StageState();
            st.name = s.name();
            st.type = s.type().name();
            st.status = ExecutionStatus.Queued.name();
            stages.add(st);
        }
        long seq = EventLog.append(tx, project, ProjectEventType.ExecutionStarted, pipeline.role() + "/" + id,
                "Pipeline " + pipeline.role() + " execution " + id + " queued: " + trigger,
                Map.of("pipeline", pipeline.role(), "execution", id, "trigger", trigger, "stages",
                        Integer.toString(pipeline.stages().size())));
        Map<String, String> outputs = new LinkedHashMap<>();
        parameters.forEach((k, v) -> outputs.put(PARAM + k, v));
        tx.update("INSERT INTO executions(" + COLUMNS + ") VALUES(?,?,?,?,?,?,?,?,?,?,?)", id, project, pipeline.role(),
                ExecutionStatus.Queued.name(), trigger, sourceCommit, seq, System.currentTimeMillis(), null,
                Json.write(stages), Json.write(outputs));
        return id;
    }

    static Optional<Row> get(Db.Tx tx, String id) throws SQLException {
        return tx.query("SELECT " + COLUMNS + " FROM executions WHERE id=?", Executions::map, id).stream().findFirst();
    }

    static List<Row> list(Db.Tx tx, String project, String pipeline) throws SQLException {
        return tx.query("SELECT " + COLUMNS + " FROM executions WHERE project=? AND pipeline=? ORDER BY created_seq DESC",
                Executions::map, project, pipeline);
    }

    static List<Row> page(Db.Tx tx, String project, String pipeline, int offset, int limit) throws SQLException {
        return tx.query("SELECT " + COLUMNS + " FROM executions WHERE project=? AND pipeline=? ORDER BY created_seq DESC"
                + " LIMIT ? OFFSET ?", Executions::map, project, pipeline, limit, offset);
    }

    static List<Row> active(Db.Tx tx, String project) throws SQLException {
        return tx.query("SELECT " + COLUMNS + " FROM executions WHERE project=? AND status IN ('Queued','InProgress','WaitingForApproval')"
                + " ORDER BY created_seq", Executions::map, project);
    }

    static void save(Db.Tx tx, Row row) throws SQLException {
        tx.update("UPDATE executions SET status=?, source_commit=?, ended_at=?, stages_json=?, outputs_json=? WHERE id=?",
                row.status.name(), row.sourceCommit, row.endedAt, Json.write(row.stages), Json.write(row.outputs), row.id);
    }

    private static Row map(ResultSet rs) throws SQLException {
        Row r = new Row();
        r.id = rs.getString(1);
        r.project = rs.getString(2);
        r.pipeline = rs.getString(3);
        r.status = ExecutionStatus.valueOf(rs.getString(4));
        r.trigger = rs.getString(5);
        r.sourceCommit = rs.getString(6);
        r.createdSeq = rs.getLong(7);
        r.startedAt = rs.getLong(8);
        long ended = rs.getLong(9);
        r.endedAt = rs.wasNull() ? null : ended;
        r.stages = Json.read(rs.getString(10), new TypeReference<List<StageState>>() { });
        r.outputs = Json.read(rs.getString(11), new TypeReference<LinkedHashMap<String, String>>() { });
        return r;
    }
}
