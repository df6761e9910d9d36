package dev.mlops.cli.commands;

import dev.mlops.ProjectStatus;
import dev.mlops.cli.ExitCodes;
import dev.mlops.cli.output.ProjectViews;
import picocli.CommandLine.Command;

/** {@code mlops status}: the whole project in one view. */
@Command(name = "status", header = "Show a project's state in one view.",
        description = {"Shows each pipeline's latest run, the gates waiting, the newest and the newest approved model"
                + " version, and what each environment's endpoint serves.",
            "JSON: {project, backend, readAt, pipelines[{pipeline, executionId, status, currentStage}],"
                    + " pendingGates[{pipeline, gate, executionId, modelArn}], latestModel, approvedModel"
                    + " ({version, status, arn} or null), environments[{environment, endpointName, endpointStatus, modelArn}]}."},
        footerHeading = "%nExamples:%n", footer = {"  mlops status -p abalone",
            "  mlops --json status | jq -r '.environments[] | .environment + \" \" + .endpointStatus'"})
public final class StatusCommand extends ProjectCommand {
    /** Creates the command (picocli does). */
    public StatusCommand() {
    }

    @Override
    protected int run() {
        ProjectStatus s = open().status();
        output().result(ProjectViews.json(s), out -> ProjectViews.print(s, out));
        return ExitCodes.OK;
    }
}
