package dev.mlops.cli.commands;

import dev.mlops.Gate;
import picocli.CommandLine.Command;

/** {@code mlops gates reject}: stops a run at its gate. */
@Command(name = "reject", header = "Reject a gate: its run fails and nothing reaches prod.",
        description = {"Rejects the gate under the orchestrator's identity; the run it holds fails. A gate no longer"
                + " pending is refused (exit 3).",
            "JSON: the gate after the decision, {id, name, pipeline, executionId, status, message, createdAt, modelArn,"
                    + " modelVersion, decision}."},
        footerHeading = "%nExamples:%n", footer = {"  mlops gates reject --pending -m 'metrics regressed'"})
public final class GatesRejectCommand extends GateDecisionCommand {
    /** Creates the command (picocli does). */
    public GatesRejectCommand() {
    }

    @Override
    protected Gate decide(Gate g, String comment) {
        return g.reject(comment);
    }

    @Override
    protected String defaultComment() {
        return "rejected with the mlops command line";
    }
}
