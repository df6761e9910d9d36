package dev.mlops.cli.output;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.monitor.MonitoringExecution;
import dev.mlops.monitor.MonitoringSchedule;
import java.io.PrintStream;
import java.util.List;

/** Monitoring schedules and executions, as JSON and as text. */
public final class MonitorViews {
    private MonitorViews() {
    }

    /**
     * A schedule: {@code name, endpoint, type, expression, settings{}}.
     *
     * @param s the schedule
     * @return the JSON object
     */
    public static ObjectNode json(MonitoringSchedule s) {
        ObjectNode n = Json.object();
        n.put("name", s.name());
        n.put("endpoint", s.endpoint());
        n.put("type", s.type().name());
        n.put("expression", s.expression().text());
        n.set("settings", Json.strings(s.settings()));
        return n;
    }

    /**
     * An execution: {@code id, schedule, endpoint, type, status, scheduledTime, windowStart, windowEnd, violations,
     * records, inputIssues{}, exitMessage, failureReason, reportUri, createdAt, endedAt}.
     *
     * @param e the execution
     * @return the JSON object
     */
    public static ObjectNode json(MonitoringExecution e) {
        ObjectNode n = Json.object();
        n.put("id", e.id());
        n.put("schedule", e.schedule());
        n.put("endpoint", e.endpoint());
        n.put("type", e.type().name());
        n.put("status", e.status().name());
        Json.time(n, "scheduledTime", e.scheduledTime());
        Json.time(n, "windowStart", e.windowStart());
        Json.time(n, "windowEnd", e.windowEnd());
        n.put("violations", e.violations());
        n.put("records", e.records());
        n.set("inputIssues", Json.numbers(e.inputIssues()));
        Json.text(n, "exitMessage", e.exitMessage());
        Json.text(n, "failureReason", e.failureReason());
        Json.text(n, "reportUri", e.reportUri());
        Json.time(n, "createdAt", e.createdAt());
        Json.time(n, "endedAt", e.endedAt());
        return n;
    }

    /**
     * Executions: {@code {"schedule": …, "executions": [ … ]}}.
     *
     * @param schedule the schedule name
     * @param executions the executions, newest first
     * @return the JSON object
     */
    public static ObjectNode json(String schedule, List<MonitoringExecution> executions) {
        ObjectNode n = Json.object();
        n.put("schedule", schedule);
        ArrayNode a = n.putArray("executions");
        executions.forEach(e -> a.add(json(e)));
        return n;
    }

    /**
     * Prints schedules, one line each.
     *
     * @param schedules the schedules
     * @param out where to print
     */
    public static void printSchedules(List<MonitoringSchedule> schedules, PrintStream out) {
        Table t = Table.of("SCHEDULE", "TYPE", "ENDPOINT", "EXPRESSION");
        schedules.forEach(s -> t.row(s.name(), s.type(), s.endpoint(), s.expression().text()));
        t.print(out, "No monitoring schedules (the project's template has no monitor pipeline, or it has not deployed any yet).");
    }

    /**
     * Prints executions, one line each.
     *
     * @param executions the executions
     * @param out where to print
     */
    public static void printExecutions(List<MonitoringExecution> executions, PrintStream out) {
        Table t = Table.of("EXECUTION", "STATUS", "SCHEDULED", "RECORDS", "VIOLATIONS");
        executions.forEach(e -> t.row(e.id(), e.status(), e.scheduledTime(), e.records(), e.violations()));
        t.print(out, "No executions yet.");
    }

    /**
     * Prints one execution in full.
     *
     * @param e the execution
     * @param out where to print
     */
    public static void print(MonitoringExecution e, PrintStream out) {
        out.printf("Monitoring execution %s of %s (%s on %s): %s%n", e.id(), e.schedule(), e.type(), e.endpoint(), e.status());
        out.printf("  window [%s, %s), %d records, %d violations%n", e.windowStart(), e.windowEnd(), e.records(),
                e.violations());
        e.exitMessage().ifPresent(m -> out.println("  " + m));
        e.failureReason().ifPresent(m -> out.println("  failure: " + m));
        if (!e.inputIssues().isEmpty()) {
            out.println("  input issues: " + e.inputIssues());
        }
        e.reportUri().ifPresent(u -> out.println("  report: " + u));
    }
}
