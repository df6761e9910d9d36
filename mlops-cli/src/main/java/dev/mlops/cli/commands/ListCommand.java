package dev.mlops.cli.commands;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.cli.ExitCodes;
import dev.mlops.cli.internal.BackendOptions;
import dev.mlops.cli.internal.Connection;
import dev.mlops.cli.output.Json;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code mlops list}: the projects of a backend. */
@Command(name = "list", header = "List the projects of the backend.",
        description = {"Lists the projects the chosen backend holds (on the embedded backend: those under the home).",
            "JSON: {backend, projects[]} with the names sorted."},
        footerHeading = "%nExamples:%n", footer = {"  mlops list", "  mlops --json list --home /tmp/mlops | jq -r '.projects[]'"})
public final class ListCommand extends CommandBase {
    @Mixin
    BackendOptions backend;

    /** Creates the command (picocli does). */
    public ListCommand() {
    }

    @Override
    protected int run() {
        Connection c = closeLater(backend.connect());
        List<String> names = c.builder().list();
        ObjectNode json = Json.object();
        json.put("backend", c.description());
        ArrayNode a = json.putArray("projects");
        names.forEach(a::add);
        output().result(json, out -> {
            if (names.isEmpty()) {
                out.println("No projects on " + c.description() + ".");
            }
            names.forEach(out::println);
        });
        return ExitCodes.OK;
    }
}
