package dev.mlops.cli.commands;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.Environment;
import dev.mlops.ModelVersion;
import dev.mlops.Project;
import dev.mlops.cli.ExitCodes;
import dev.mlops.cli.output.Json;
import dev.mlops.cli.support.DurationConverter;
import dev.mlops.exception.NotFoundException;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mlops endpoints await}: waits until an environment serves a version. */
@Command(name = "await", header = "Wait until an environment serves a model version.",
        description = {"Waits until the environment's endpoint serves the version (by default the newest approved one)."
                + " On the embedded backend this process runs the deploy pipeline meanwhile. Exit 6 on timeout.",
            "JSON: {environment, endpointName, modelVersion, url}."},
        footerHeading = "%nExamples:%n", footer = {"  mlops endpoints await staging --version 3 -p abalone",
            "  mlops endpoints await prod --timeout 10m"})
public final class EndpointsAwaitCommand extends ProjectCommand {
    @Parameters(index = "0", paramLabel = "ENVIRONMENT", description = "The environment, e.g. staging or prod.")
    String environment;

    @Option(names = "--version", paramLabel = "N", description = "The model version (default: the newest approved one).")
    Integer version;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30m", converter = DurationConverter.class,
            description = "How long to wait (default: ${DEFAULT-VALUE}); exit 6 when it runs out.")
    Duration timeout;

    /** Creates the command (picocli does). */
    public EndpointsAwaitCommand() {
    }

    @Override
    protected int run() {
        Project p = open();
        Environment env = p.environments().named(environment);
        ModelVersion v = version != null ? p.models().version(version) : p.models().latestApproved()
                .orElseThrow(() -> new NotFoundException("approved model version", "latest",
                        "no version of " + p.models().group() + " is approved; see 'mlops models approve'"));
        progress().phase(environment + " serving model version " + v.version(), p.pipelines().deploy().spec().stages().size());
        env.awaitDeployed(v, timeout);
        ObjectNode json = Json.object().put("environment", env.name()).put("endpointName", env.endpointName())
                .put("modelVersion", v.version()).put("url", env.endpoint().url().toString());
        output().result(json, out -> out.printf("%s (%s) serves model version %d at %s%n", env.name(), env.endpointName(),
                v.version(), env.endpoint().url()));
        return ExitCodes.OK;
    }
}
