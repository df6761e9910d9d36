package dev.mlops.cli.commands;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.Monitors;
import dev.mlops.cli.ExitCodes;
import dev.mlops.cli.output.Json;
import dev.mlops.cli.output.MonitorViews;
import dev.mlops.exception.NotFoundException;
import dev.mlops.monitor.MonitoringExecution;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mlops monitors reports}: a schedule's executions, their report files, one file. */
@Command(name = "reports", header = "List a schedule's runs, a run's report files, or print one file.",
        description = {"Without --execution or --latest: the schedule's runs, newest first. With one of them: that run's"
                + " report files. With --file too: the file's content (e.g. constraint_violations.json, statistics.json).",
            "JSON: {schedule, executions[…]}; with a run {execution{…}, files[]}; with --file {execution, file, content}"
                    + " (content as text)."},
        footerHeading = "%nExamples:%n", footer = {"  mlops monitors reports abalone-prod-data-quality",
            "  mlops monitors reports abalone-prod-data-quality --latest --file constraint_violations.json"})
public final class MonitorsReportsCommand extends ProjectCommand {
    @Parameters(index = "0", paramLabel = "SCHEDULE", description = "The schedule, e.g. abalone-prod-data-quality.")
    String schedule;

    @Option(names = "--execution", paramLabel = "ID", description = "One run, by id.")
    String execution;

    @Option(names = "--latest", description = "The newest run.")
    boolean latest;

    @Option(names = "--file", paramLabel = "NAME", description = "Print this report file of the run.")
    String file;

    /** Creates the command (picocli does). */
    public MonitorsReportsCommand() {
    }

    @Override
    protected int run() {
        if (execution != null && latest) {
            throw usage("give --execution ID or --latest, not both");
        }
        if (file != null && execution == null && !latest) {
            throw usage("--file needs a run: --execution ID or --latest");
        }
        Monitors monitors = open().monitors();
        monitors.schedule(schedule);
        List<MonitoringExecution> runs = monitors.executions(schedule);
        if (execution == null && !latest) {
            output().result(MonitorViews.json(schedule, runs), out -> MonitorViews.printExecutions(runs, out));
            return ExitCodes.OK;
        }
        MonitoringExecution run = runs.stream().filter(e -> latest || e.id().equals(execution)).findFirst()
                .orElseThrow(() -> new NotFoundException("monitoring execution", latest ? "latest" : execution,
                        schedule + " has " + runs.size() + " runs; run one with 'mlops monitors check " + schedule + "'"));
        List<String> files = monitors.reportFiles(run);
        if (file == null) {
            ObjectNode json = Json.object();
            json.set("execution", MonitorViews.json(run));
            ArrayNode a = json.putArray("files");
            files.forEach(a::add);
            output().result(json, out -> {
                MonitorViews.print(run, out);
                files.forEach(f -> out.println("  " + f));
            });
            return ExitCodes.OK;
        }
        if (!files.contains(file)) {
            throw new NotFoundException("report file", file, "run " + run.id() + " has " + files);
        }
        String content = monitors.reportFile(run, file);
        ObjectNode json = Json.object().put("execution", run.id()).put("file", file).put("content", content);
        output().result(json, out -> {
            out.print(content);
            if (!content.endsWith("\n")) {
                out.println();
            }
        });
        return ExitCodes.OK;
    }
}
