package dev.mlops.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.Monitors;
import dev.mlops.cli.ExitCodes;
import dev.mlops.cli.output.Json;
import dev.mlops.cli.output.MonitorViews;
import dev.mlops.monitor.MonitoringExecution;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mlops monitors check}: runs a schedule now and prints what it found. */
@Command(name = "check", header = "Run a monitoring schedule now and print what it found.",
        description = {"Runs the schedule over the window ending now (the captured traffic since its last window) and"
                + " waits for it; prints the execution and each violation of constraint_violations.json. Exit 0 even"
                + " with violations, unless --fail-on-violations (then 8).",
            "JSON: {execution{id, schedule, endpoint, type, status, scheduledTime, windowStart, windowEnd, violations,"
                    + " records, inputIssues{}, exitMessage, failureReason, reportUri, createdAt, endedAt},"
                    + " violations[] (constraint_violations.json's entries: feature_name, constraint_check_type,"
                    + " description)}."},
        footerHeading = "%nExamples:%n", footer = {"  mlops monitors check abalone-prod-data-quality -p abalone",
            "  mlops monitors check abalone-staging-data-quality --fail-on-violations || page-the-team"})
public final class MonitorsCheckCommand extends ProjectCommand {
    @Parameters(index = "0", paramLabel = "SCHEDULE", description = "The schedule, e.g. abalone-prod-data-quality.")
    String schedule;

    @Option(names = "--fail-on-violations", description = "Exit 8 when the run found violations.")
    boolean failOnViolations;

    /** Creates the command (picocli does). */
    public MonitorsCheckCommand() {
    }

    @Override
    protected int run() {
        Monitors monitors = open().monitors();
        monitors.schedule(schedule);
        progress().phase("monitoring run of " + schedule, -1);
        MonitoringExecution e = monitors.runNow(schedule);
        JsonNode violations = e.violations() > 0 && monitors.reportFiles(e).contains("constraint_violations.json")
                ? Json.read(monitors.reportFile(e, "constraint_violations.json")).path("violations") : Json.array();
        ObjectNode json = Json.object();
        json.set("execution", MonitorViews.json(e));
        json.set("violations", violations);
        output().result(json, out -> {
            MonitorViews.print(e, out);
            for (JsonNode v : violations) {
                out.printf("  ! %s %s: %s%n", v.path("feature_name").asText(), v.path("constraint_check_type").asText(),
                        v.path("description").asText());
            }
        });
        return failOnViolations && e.violations() > 0 ? ExitCodes.VIOLATIONS : ExitCodes.OK;
    }
}
