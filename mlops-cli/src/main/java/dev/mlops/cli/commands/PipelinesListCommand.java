package dev.mlops.cli.commands;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.Pipeline;
import dev.mlops.Project;
import dev.mlops.cli.ExitCodes;
import dev.mlops.cli.output.ExecutionViews;
import dev.mlops.cli.output.Json;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code mlops pipelines list}: the pipelines with their latest runs. */
@Command(name = "list", header = "List the project's pipelines with their latest runs.",
        description = "JSON: {pipelines[{name, role, stages[], latestExecution (an execution or null)}]}; an execution is"
                + " {id, pipeline, status, trigger, sourceCommit, startedAt, endedAt, stages[{name, type, status,"
                + " startedAt, endedAt, summary}]}.",
        footerHeading = "%nExamples:%n", footer = "  mlops pipelines list -p abalone")
public final class PipelinesListCommand extends ProjectCommand {
    /** Creates the command (picocli does). */
    public PipelinesListCommand() {
    }

    @Override
    protected int run() {
        Project p = open();
        List<ExecutionViews.Latest> rows = new ArrayList<>();
        ObjectNode json = Json.object();
        ArrayNode a = json.putArray("pipelines");
        for (Pipeline pl : p.pipelines().all()) {
            ExecutionViews.Latest l = new ExecutionViews.Latest(pl, pl.latestExecution());
            rows.add(l);
            a.add(ExecutionViews.json(pl, l.latest()));
        }
        output().result(json, out -> ExecutionViews.print(rows, out));
        return ExitCodes.OK;
    }
}
