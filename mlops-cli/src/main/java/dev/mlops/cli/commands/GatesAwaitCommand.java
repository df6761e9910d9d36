package dev.mlops.cli.commands;

import dev.mlops.Gate;
import dev.mlops.Project;
import dev.mlops.cli.ExitCodes;
import dev.mlops.cli.output.GateViews;
import dev.mlops.cli.support.DurationConverter;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mlops gates await}: waits until a gate is pending. */
@Command(name = "await", header = "Wait until a gate waits for a decision.",
        description = {"Waits for the gate of a model version's deployment (--version), passing over gates of other"
                + " versions, or for the oldest pending gate. On the embedded backend this process runs the pipeline"
                + " meanwhile (staging deployment, its tests). Exit 6 on timeout.",
            "JSON: the gate, {id, name, pipeline, executionId, status, message, createdAt, modelArn, modelVersion, decision}."},
        footerHeading = "%nExamples:%n", footer = {"  mlops gates await --version 3 -p abalone --timeout 10m"})
public final class GatesAwaitCommand extends ProjectCommand {
    @Option(names = "--version", paramLabel = "N", description = "The gate of this model version's deployment.")
    Integer version;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30m", converter = DurationConverter.class,
            description = "How long to wait (default: ${DEFAULT-VALUE}); exit 6 when it runs out.")
    Duration timeout;

    /** Creates the command (picocli does). */
    public GatesAwaitCommand() {
    }

    @Override
    protected int run() {
        Project p = open();
        progress().phase(version == null ? "a pending gate" : "the gate of model version " + version,
                p.pipelines().deploy().spec().stages().size());
        Gate g = version == null ? p.gates().awaitPending(timeout)
                : p.gates().awaitPending(p.models().version(version), timeout);
        output().result(GateViews.json(g), out -> GateViews.printOne(g, out));
        return ExitCodes.OK;
    }
}
