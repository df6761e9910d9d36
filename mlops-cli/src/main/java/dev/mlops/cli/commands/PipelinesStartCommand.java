package dev.mlops.cli.commands;

import dev.mlops.Execution;
import dev.mlops.Pipeline;
import dev.mlops.cli.ExitCodes;
import dev.mlops.cli.output.ExecutionViews;
import dev.mlops.cli.support.DurationConverter;
import dev.mlops.cli.support.PipelineRoles;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mlops pipelines start}: starts a run ("Release change"). */
@Command(name = "start", header = "Start a pipeline run at the head of its source branch.",
        description = {"Starts a run (CodePipeline's \"Release change\"), optionally with parameters and an"
                + " idempotency token (a retry with the same token returns the run the first call started). With"
                + " --wait it waits for the run to end and exits 7 if it did not succeed.",
            "JSON: the execution, {id, pipeline, status, trigger, sourceCommit, startedAt, endedAt, stages[]}."},
        footerHeading = "%nExamples:%n", footer = {"  mlops pipelines start build -p abalone --wait",
            "  mlops pipelines start deploy --param ModelPackageArn=arn:… --token release-42"})
public final class PipelinesStartCommand extends ProjectCommand {
    @Parameters(index = "0", paramLabel = "PIPELINE", completionCandidates = PipelineRoles.class,
            description = "The pipeline: build, deploy, monitor, or a role such as modelbuild.")
    String pipeline;

    @Option(names = "--param", paramLabel = "NAME=VALUE", description = "A pipeline parameter. Repeatable.")
    Map<String, String> parameters = new LinkedHashMap<>();

    @Option(names = "--token", paramLabel = "TOKEN",
            description = "An idempotency token: 1 to 128 letters, digits and . _ : - characters.")
    String token;

    @Option(names = "--wait", description = "Wait for the run to end; exit 7 unless it succeeded.")
    boolean await;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30m", converter = DurationConverter.class,
            description = "How long --wait waits, e.g. 90s, 10m, 1h (default: ${DEFAULT-VALUE}); exit 6 when it runs out.")
    Duration timeout;

    /** Creates the command (picocli does). */
    public PipelinesStartCommand() {
    }

    @Override
    protected int run() {
        Pipeline p = PipelineRoles.of(open(), pipeline);
        Execution e = parameters.isEmpty() && token == null ? p.start() : p.start(parameters, token);
        if (await) {
            progress().phase(p.role() + " pipeline " + e.id(), p.spec().stages().size());
            e = e.await(timeout);
        }
        Execution shown = e;
        output().result(ExecutionViews.json(shown), out -> ExecutionViews.print(shown, out));
        return await ? PipelinesAwaitCommand.exitCode(shown) : ExitCodes.OK;
    }
}
