package dev.mlops.cli.commands;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.Environment;
import dev.mlops.ModelVersion;
import dev.mlops.cli.ExitCodes;
import dev.mlops.cli.output.Json;
import dev.mlops.cli.output.Table;
import java.util.Optional;
import picocli.CommandLine.Command;

/** {@code mlops endpoints list}: what each environment serves. */
@Command(name = "list", header = "List the environments, their endpoints and the model version each serves.",
        description = "JSON: {endpoints[{environment, endpointName, modelVersion (or null), modelArn, url}]}.",
        footerHeading = "%nExamples:%n", footer = "  mlops endpoints list -p abalone")
public final class EndpointsListCommand extends ProjectCommand {
    /** Creates the command (picocli does). */
    public EndpointsListCommand() {
    }

    @Override
    protected int run() {
        ObjectNode json = Json.object();
        ArrayNode a = json.putArray("endpoints");
        Table t = Table.of("ENVIRONMENT", "ENDPOINT", "VERSION", "URL");
        for (Environment e : open().environments().all()) {
            Optional<ModelVersion> v = e.deployedVersion();
            String url = v.isPresent() ? e.endpoint().url().toString() : null;
            ObjectNode n = a.addObject().put("environment", e.name()).put("endpointName", e.endpointName());
            if (v.isPresent()) {
                n.put("modelVersion", v.get().version()).put("modelArn", v.get().arn());
            } else {
                n.putNull("modelVersion").putNull("modelArn");
            }
            n.put("url", url);
            t.row(e.name(), e.endpointName(), v.map(ModelVersion::version).orElse(null), url);
        }
        output().result(json, out -> t.print(out, "No environments."));
        return ExitCodes.OK;
    }
}
