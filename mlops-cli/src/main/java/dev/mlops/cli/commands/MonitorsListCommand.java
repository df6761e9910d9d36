package dev.mlops.cli.commands;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.cli.ExitCodes;
import dev.mlops.cli.output.Json;
import dev.mlops.cli.output.MonitorViews;
import dev.mlops.monitor.MonitoringSchedule;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code mlops monitors list}: the deployed schedules. */
@Command(name = "list", header = "List the monitoring schedules the project has deployed.",
        description = "JSON: {schedules[{name, endpoint, type, expression, settings{}}]}; type is DataQuality,"
                + " ModelQuality, ModelBias or ModelExplainability.",
        footerHeading = "%nExamples:%n", footer = "  mlops monitors list -p abalone")
public final class MonitorsListCommand extends ProjectCommand {
    /** Creates the command (picocli does). */
    public MonitorsListCommand() {
    }

    @Override
    protected int run() {
        List<MonitoringSchedule> schedules = open().monitors().schedules();
        ObjectNode json = Json.object();
        ArrayNode a = json.putArray("schedules");
        schedules.forEach(s -> a.add(MonitorViews.json(s)));
        output().result(json, out -> MonitorViews.printSchedules(schedules, out));
        return ExitCodes.OK;
    }
}
