package dev.mlops.local.internal;

import dev.mlops.event.ProjectEvent;
import dev.mlops.event.ProjectEventType;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Appends and reads a project's events; an event is written in the same transaction as the change it reports. */
final class EventLog {
    private EventLog() {
    }

    static long append(Db.Tx tx, String project, ProjectEventType type, String subject, String message,
            Map<String, String> detail) throws SQLException {
        tx.signalOnCommit(); // every change worth an event is worth waking pollers for
        return tx.insert("INSERT INTO events(project, time, type, subject, message, detail_json) VALUES(?,?,?,?,?,?)",
                project, System.currentTimeMillis(), type.name(), subject, message, Json.write(detail));
    }

    static List<ProjectEvent> after(Db.Tx tx, String project, long seq, int limit) throws SQLException {
        return tx.query("SELECT seq, time, type, subject, message, detail_json FROM events WHERE project=? AND seq>?"
                        + " ORDER BY seq LIMIT ?",
                rs -> new ProjectEvent(rs.getLong(1), Instant.ofEpochMilli(rs.getLong(2)), project,
                        ProjectEventType.valueOf(rs.getString(3)), rs.getString(4), rs.getString(5),
                        Json.stringMap(rs.getString(6))),
                project, seq, limit);
    }
}
