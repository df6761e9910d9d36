package dev.mlops.cli.output;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.Execution;
import dev.mlops.Pipeline;
import dev.mlops.StageExecution;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Pipelines and their executions, as JSON and as text. */
public final class ExecutionViews {
    private ExecutionViews() {
    }

    /**
     * An execution: {@code id, pipeline, status, trigger, sourceCommit, startedAt, endedAt, stages[]} with each
     * stage's {@code name, type, status, startedAt, endedAt, summary}.
     *
     * @param e the execution
     * @return the JSON object
     */
    public static ObjectNode json(Execution e) {
        ObjectNode n = Json.object();
        n.put("id", e.id());
        n.put("pipeline", e.pipeline());
        n.put("status", e.status().name());
        n.put("trigger", e.trigger());
        Json.text(n, "sourceCommit", e.sourceCommit());
        Json.time(n, "startedAt", e.startedAt());
        Json.time(n, "endedAt", e.endedAt());
        ArrayNode stages = n.putArray("stages");
        for (StageExecution s : e.stages()) {
            ObjectNode sn = stages.addObject();
            sn.put("name", s.name());
            sn.put("type", s.type().name());
            sn.put("status", s.status().name());
            Json.time(sn, "startedAt", s.startedAt());
            Json.time(sn, "endedAt", s.endedAt());
            sn.put("summary", s.summary());
        }
        return n;
    }

    /**
     * A pipeline with its latest execution: {@code name, role, stages[] (names), latestExecution}.
     *
     * @param p the pipeline
     * @param latest its latest execution, if any
     * @return the JSON object
     */
    public static ObjectNode json(Pipeline p, Optional<Execution> latest) {
        ObjectNode n = Json.object();
        n.put("name", p.name());
        n.put("role", p.role());
        ArrayNode stages = n.putArray("stages");
        p.spec().stages().forEach(s -> stages.add(s.name()));
        if (latest.isPresent()) {
            n.set("latestExecution", json(latest.get()));
        } else {
            n.putNull("latestExecution");
        }
        return n;
    }

    /**
     * Prints an execution for people: a header line and one line per stage.
     *
     * @param e the execution
     * @param out where to print
     */
    public static void print(Execution e, PrintStream out) {
        out.printf("%s execution %s: %s%s%n", e.pipeline(), e.id(), e.status(),
                e.endedAt().map(end -> " in " + seconds(e.startedAt(), end)).orElse(""));
        out.printf("  trigger: %s%s%n", e.trigger(), e.sourceCommit().map(c -> ", commit " + shortCommit(c)).orElse(""));
        Table t = Table.of("  STAGE", "STATUS", "TOOK", "SUMMARY");
        for (StageExecution s : e.stages()) {
            String took = s.startedAt().isPresent() && s.endedAt().isPresent()
                    ? seconds(s.startedAt().get(), s.endedAt().get()) : "";
            t.row("  " + s.name(), s.status(), took, s.summary());
        }
        t.print(out, "  (no stages)");
    }

    /**
     * Prints pipelines with their latest executions, one line each.
     *
     * @param pipelines the pipelines and their latest executions
     * @param out where to print
     */
    public static void print(List<Latest> pipelines, PrintStream out) {
        Table t = Table.of("ROLE", "PIPELINE", "LATEST", "STATUS", "STARTED");
        for (Latest l : pipelines) {
            t.row(l.pipeline().role(), l.pipeline().name(), l.latest().map(Execution::id).orElse(null),
                    l.latest().map(e -> e.status().name()).orElse(null),
                    l.latest().map(e -> e.startedAt().toString()).orElse(null));
        }
        t.print(out, "No pipelines.");
    }

    /**
     * A pipeline and its latest execution.
     *
     * @param pipeline the pipeline
     * @param latest its newest execution, if any
     */
    public record Latest(Pipeline pipeline, Optional<Execution> latest) {
    }

    static String seconds(Instant from, Instant to) {
        return String.format(java.util.Locale.ROOT, "%.2fs", Math.max(0, Duration.between(from, to).toMillis()) / 1000.0);
    }

    static String shortCommit(String commit) {
        return commit.length() > 7 ? commit.substring(0, 7) : commit;
    }
}
