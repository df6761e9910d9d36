package dev.mlops.cli.commands;

import dev.mlops.Gate;
import picocli.CommandLine.Command;

/** {@code mlops gates approve}: lets a run go on to prod. */
@Command(name = "approve", header = "Approve a gate: its run goes on (to prod).",
        description = {"Approves the gate under the orchestrator's identity; the run it holds goes on. A gate no longer"
                + " pending is refused (exit 3).",
            "JSON: the gate after the decision, {id, name, pipeline, executionId, status, message, createdAt, modelArn,"
                    + " modelVersion, decision}."},
        footerHeading = "%nExamples:%n", footer = {"  mlops gates approve --version 3 --wait 10m -m 'staging tests passed'",
            "  mlops gates approve --pending --pipeline deploy", "  mlops gates approve 'modeldeploy/…/ApproveDeployment'"})
public final class GatesApproveCommand extends GateDecisionCommand {
    /** Creates the command (picocli does). */
    public GatesApproveCommand() {
    }

    @Override
    protected Gate decide(Gate g, String comment) {
        return g.approve(comment);
    }

    @Override
    protected String defaultComment() {
        return "approved with the mlops command line";
    }
}
