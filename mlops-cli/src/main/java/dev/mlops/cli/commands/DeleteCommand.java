package dev.mlops.cli.commands;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.Project;
import dev.mlops.cli.ExitCodes;
import dev.mlops.cli.output.Json;
import dev.mlops.cli.support.Confirmation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mlops delete}: deletes a project and everything it made, after confirmation. */
@Command(name = "delete", header = "Delete a project and everything it made.",
        description = {"Deletes the project's endpoints, repositories, registry entries, artifacts and state. It asks"
                + " for confirmation (type the project's name) unless --yes is given; without a terminal and without"
                + " --yes it refuses (exit 2) and deletes nothing.",
            "JSON: {project, deleted: true}."},
        footerHeading = "%nExamples:%n", footer = {"  mlops delete -p abalone", "  mlops delete -p abalone --yes"})
public final class DeleteCommand extends ProjectCommand {
    @Option(names = {"-y", "--yes"}, description = "Delete without asking for confirmation.")
    boolean yes;

    /** Creates the command (picocli does). */
    public DeleteCommand() {
    }

    @Override
    protected int run() {
        if (!yes) {
            if (!context().interactive()) {
                throw usage("delete needs --yes when no terminal can confirm it; nothing was deleted");
            }
            Confirmation ask = new Confirmation(context().in(), context().err());
            if (!ask.confirm("Delete project " + projectName() + " and everything it made? Type its name to confirm: ",
                    projectName())) {
                output().note("Not deleted.");
                throw usage("not confirmed; project " + projectName() + " was not deleted");
            }
        }
        Project p = open();
        progress().phase("delete " + projectName(), -1);
        p.delete();
        ObjectNode json = Json.object().put("project", projectName()).put("deleted", true);
        output().result(json, out -> out.println("Deleted project " + projectName() + " and everything it made."));
        return ExitCodes.OK;
    }
}
