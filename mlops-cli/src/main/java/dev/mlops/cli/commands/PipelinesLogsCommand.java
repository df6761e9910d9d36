package dev.mlops.cli.commands;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.Execution;
import dev.mlops.Pipeline;
import dev.mlops.StageExecution;
import dev.mlops.cli.ExitCodes;
import dev.mlops.cli.output.Json;
import dev.mlops.cli.support.DurationConverter;
import dev.mlops.cli.support.PipelineRoles;
import dev.mlops.exception.NotFoundException;
import dev.mlops.template.Stage;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mlops pipelines logs}: a run's stage logs, printed or followed. */
@Command(name = "logs", header = "Print or follow the logs of a pipeline run's stages.",
        description = {"Prints the log of one stage (--stage) or of every stage of the newest run (or of --execution)."
                + " With --follow, streams the text as it is written, stage after stage, until the run ends (or the"
                + " stage, with --stage); on the embedded backend this process runs the pipeline meanwhile.",
            "JSON: {pipeline, execution, status, stages[{name, status, log}]}, written once the logs are complete."},
        footerHeading = "%nExamples:%n", footer = {"  mlops pipelines logs build -p abalone --stage Build",
            "  mlops pipelines logs build --follow"})
public final class PipelinesLogsCommand extends ProjectCommand {
    @Parameters(index = "0", paramLabel = "PIPELINE", completionCandidates = PipelineRoles.class,
            description = "The pipeline: build, deploy, monitor, or a role such as modelbuild.")
    String pipeline;

    @Option(names = "--execution", paramLabel = "ID", description = "The run (default: the newest).")
    String execution;

    @Option(names = {"-s", "--stage"}, paramLabel = "NAME", description = "Only this stage, e.g. Build.")
    String stage;

    @Option(names = {"-f", "--follow"}, description = "Stream the log as it is written until the run (or stage) ends.")
    boolean follow;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30m", converter = DurationConverter.class,
            description = "How long --follow follows at most (default: ${DEFAULT-VALUE}); exit 6 when it runs out.")
    Duration timeout;

    /** Creates the command (picocli does). */
    public PipelinesLogsCommand() {
    }

    /**
     * A run of a pipeline by id.
     *
     * @param p the pipeline
     * @param id the execution id
     * @return the run
     * @throws NotFoundException if the pipeline has no run of that id
     */
    static Execution execution(Pipeline p, String id) {
        return p.executions().stream().filter(e -> e.id().equals(id)).findFirst()
                .orElseThrow(() -> new NotFoundException("execution", id, "pipeline " + p.role() + " has "
                        + p.executions().size() + " runs; see 'mlops pipelines list'"));
    }

    @Override
    protected int run() {
        Pipeline p = PipelineRoles.of(open(), pipeline);
        Execution e;
        if (execution != null) {
            e = execution(p, execution);
        } else if (follow) {
            progress().phase("the first run of " + p.role(), -1);
            e = p.latestExecution().orElseGet(() -> p.awaitLatest(timeout));
        } else {
            e = p.latestExecution().orElseThrow(() -> new NotFoundException("execution", p.role() + "/latest",
                    "pipeline " + p.role() + " has not run yet"));
        }
        List<String> stages = stage != null ? List.of(stage) : stageNames(p, e);
        if (stage != null && !stageNames(p, e).contains(stage)) {
            throw new NotFoundException("stage", stage, "pipeline " + p.role() + " has " + stageNames(p, e));
        }
        boolean json = output().json();
        Map<String, StringBuilder> logs = new LinkedHashMap<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        for (String s : stages) {
            StringBuilder text = new StringBuilder();
            logs.put(s, text);
            if (!json && stages.size() > 1) {
                output().out().println("==> " + s + " <==");
            }
            if (follow && !e.refresh().status().isTerminal()) {
                Duration left = Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime()));
                e = e.followLog(s, chunk -> {
                    text.append(chunk);
                    if (!json) {
                        output().out().print(chunk);
                        output().out().flush();
                    }
                }, left);
            } else {
                text.append(e.log(s));
                if (!json) {
                    output().out().print(e.log(s));
                }
            }
            if (!json && text.length() > 0 && text.charAt(text.length() - 1) != '\n') {
                output().out().println();
            }
        }
        Execution ended = e.refresh();
        if (follow && stage == null && !ended.status().isTerminal()) {
            // The last stage's log can be complete a moment before the run records its end: follow the run to it.
            ended = ended.await(Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime())));
        }
        Execution end = ended;
        if (json) {
            ObjectNode doc = Json.object().put("pipeline", p.role()).put("execution", end.id())
                    .put("status", end.status().name());
            ArrayNode a = doc.putArray("stages");
            logs.forEach((name, text) -> a.addObject().put("name", name).put("status", status(end, name))
                    .put("log", text.toString()));
            output().result(doc, out -> { });
        }
        return ExitCodes.OK;
    }

    private static List<String> stageNames(Pipeline p, Execution e) {
        List<String> names = e.stages().stream().map(StageExecution::name).toList();
        return names.isEmpty() ? p.spec().stages().stream().map(Stage::name).toList() : names;
    }

    private static String status(Execution e, String stage) {
        return e.stages().stream().filter(s -> s.name().equals(stage)).map(s -> s.status().name()).findFirst().orElse(null);
    }
}
