package dev.mlops.cli.commands;

import dev.mlops.Execution;
import dev.mlops.ExecutionStatus;
import dev.mlops.Pipeline;
import dev.mlops.cli.ExitCodes;
import dev.mlops.cli.output.ExecutionViews;
import dev.mlops.cli.support.DurationConverter;
import dev.mlops.cli.support.PipelineRoles;
import java.time.Duration;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mlops pipelines await}: waits for a run to end. */
@Command(name = "await", header = "Wait for a pipeline run to end.",
        description = {"Waits for the newest run of the pipeline to end (first waiting for one to exist: a commit"
                + " triggers a run a moment later), or for a given run, or for the run of a given commit. On the"
                + " embedded backend this process runs the pipeline meanwhile.",
            "A deploy run stops at its manual gate: await the gate ('mlops gates await') or the environment"
                    + " ('mlops endpoints await') instead.",
            "Exit 0 if the run succeeded, 7 if it ended otherwise (Failed, Stopped, Superseded), 6 on timeout.",
            "JSON: the execution, {id, pipeline, status, trigger, sourceCommit, startedAt, endedAt, stages[{name, type,"
                    + " status, startedAt, endedAt, summary}]}."},
        footerHeading = "%nExamples:%n", footer = {"  mlops pipelines await build -p abalone --timeout 10m",
            "  mlops pipelines await build --commit 3f2a1c0e…"})
public final class PipelinesAwaitCommand extends ProjectCommand {
    @Parameters(index = "0", paramLabel = "PIPELINE", completionCandidates = PipelineRoles.class,
            description = "The pipeline: build, deploy, monitor, or a role such as modelbuild.")
    String pipeline;

    @ArgGroup(exclusive = true)
    Which which;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30m", converter = DurationConverter.class,
            description = "How long to wait, e.g. 90s, 10m, 1h (default: ${DEFAULT-VALUE}); exit 6 when it runs out.")
    Duration timeout;

    /** Creates the command (picocli does). */
    public PipelinesAwaitCommand() {
    }

    /** Which run to wait for; the newest by default. */
    static final class Which {
        @Option(names = "--execution", paramLabel = "ID", description = "The run with this execution id.")
        String execution;

        @Option(names = "--commit", paramLabel = "SHA", description = "The run of this source commit (full id).")
        String commit;
    }

    @Override
    protected int run() {
        Pipeline p = PipelineRoles.of(open(), pipeline);
        progress().phase(p.role() + " pipeline", p.spec().stages().size());
        Execution e;
        if (which != null && which.execution != null) {
            e = PipelinesLogsCommand.execution(p, which.execution).await(timeout);
        } else if (which != null && which.commit != null) {
            e = p.awaitCommit(which.commit, timeout);
        } else {
            e = p.awaitLatest(timeout);
        }
        Execution shown = e;
        output().result(ExecutionViews.json(shown), out -> ExecutionViews.print(shown, out));
        return exitCode(shown);
    }

    /**
     * The exit code of an ended run.
     *
     * @param e the run
     * @return 0 if it succeeded, {@link ExitCodes#EXECUTION_FAILED} otherwise
     */
    static int exitCode(Execution e) {
        return e.status() == ExecutionStatus.Succeeded ? ExitCodes.OK : ExitCodes.EXECUTION_FAILED;
    }
}
