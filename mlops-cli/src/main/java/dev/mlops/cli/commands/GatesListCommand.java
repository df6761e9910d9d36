package dev.mlops.cli.commands;

import dev.mlops.Gate;
import dev.mlops.Gates;
import dev.mlops.cli.ExitCodes;
import dev.mlops.cli.output.GateViews;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mlops gates list}: the gates waiting, or all. */
@Command(name = "list", header = "List the gates waiting for a decision (or every gate reached, with --all).",
        description = "JSON: {gates[{id, name, pipeline, executionId, status, message, createdAt, modelArn, modelVersion,"
                + " decision}]}; status is Pending, Approved, Rejected or Expired.",
        footerHeading = "%nExamples:%n", footer = {"  mlops gates list -p abalone",
            "  mlops --json gates list | jq -r '.gates[0].id'"})
public final class GatesListCommand extends ProjectCommand {
    @Option(names = {"-a", "--all"}, description = "Every gate reached, newest first, not only the pending ones.")
    boolean all;

    /** Creates the command (picocli does). */
    public GatesListCommand() {
    }

    @Override
    protected int run() {
        Gates gates = open().gates();
        List<Gate> list = all ? gates.all() : gates.pending();
        output().result(GateViews.json(list), out -> GateViews.print(list, out));
        return ExitCodes.OK;
    }
}
