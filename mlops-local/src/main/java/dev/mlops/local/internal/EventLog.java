package dev.mlops.local.internal;

import dev.mlops.event.EventCursor;
import dev.mlops.event.EventPage;
import dev.mlops.exception.ValidationException;
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
                rs -> new ProjectEvent(Long.toString(rs.getLong(1)), Instant.ofEpochMilli(rs.getLong(2)), project,
                        ProjectEventType.valueOf(rs.getString(3)), rs.getString(4), rs.getString(5),
                        Json.stringMap(rs.getString(6))),
                project, seq, limit);
    }

    /**
     * A page of a project's events after a cursor (the cursor is the last event's sequence number).
     */
    static EventPage page(Db.Tx tx, String project, EventCursor after, int limit) throws SQLException {
        long seq = seq(after);
        List<ProjectEvent> events = after(tx, project, seq, limit);
        return new EventPage(events, events.isEmpty() ? after : cursor(events.get(events.size() - 1)));
    }

    /** The registry events of one model package group after a cursor. */
    static EventPage registryPage(Db.Tx tx, String group, EventCursor after, int limit) throws SQLException {
        long seq = seq(after);
        List<ProjectEvent> events = tx.query("SELECT seq, time, type, subject, message, detail_json, project FROM events"
                        + " WHERE seq>? AND type IN ('ModelRegistered','ModelApprovalChanged') AND subject LIKE ?"
                        + " ORDER BY seq LIMIT ?",
                rs -> new ProjectEvent(Long.toString(rs.getLong(1)), Instant.ofEpochMilli(rs.getLong(2)), rs.getString(7),
                        ProjectEventType.valueOf(rs.getString(3)), rs.getString(4), rs.getString(5),
                        Json.stringMap(rs.getString(6))),
                seq, group + "/%", limit);
        return new EventPage(events, events.isEmpty() ? after : cursor(events.get(events.size() - 1)));
    }

    static EventCursor cursor(ProjectEvent e) {
        return EventCursor.of(e.id());
    }

    static long seq(EventCursor cursor) {
        if (cursor.equals(EventCursor.START)) {
            return 0;
        }
        try {
            return Long.parseLong(cursor.value());
        } catch (NumberFormatException e) {
            throw new ValidationException("EventCursor", cursor.value(), "a cursor this embedded backend made");
        }
    }
}
