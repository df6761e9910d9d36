package dev.mlops.cli.output;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.ModelVersion;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Model versions, as JSON and as text. */
public final class ModelViews {
    private ModelViews() {
    }

    /**
     * A model version: {@code version, arn, group, status, metrics{}, lineage{}, createdAt, decision}.
     *
     * @param v the version
     * @return the JSON object
     */
    public static ObjectNode json(ModelVersion v) {
        ObjectNode n = Json.object();
        n.put("version", v.version());
        n.put("arn", v.arn());
        n.put("group", v.group());
        n.put("status", v.status().name());
        n.set("metrics", Json.numbers(v.metrics()));
        n.set("lineage", Json.strings(v.lineage()));
        Json.time(n, "createdAt", v.createdAt());
        Json.text(n, "decision", v.decision());
        return n;
    }

    /**
     * A list of versions: {@code {"group": …, "versions": [ … ]}}.
     *
     * @param group the model package group
     * @param versions the versions
     * @return the JSON object
     */
    public static ObjectNode json(String group, List<ModelVersion> versions) {
        ObjectNode n = Json.object();
        n.put("group", group);
        ArrayNode a = n.putArray("versions");
        versions.forEach(v -> a.add(json(v)));
        return n;
    }

    /**
     * Prints versions, one line each.
     *
     * @param versions the versions
     * @param out where to print
     */
    public static void print(List<ModelVersion> versions, PrintStream out) {
        Table t = Table.of("VERSION", "STATUS", "CREATED", "METRICS", "DECISION");
        for (ModelVersion v : versions) {
            t.row(v.version(), v.status(), v.createdAt(), metrics(v.metrics()), v.decision().orElse(null));
        }
        t.print(out, "No model versions.");
    }

    /**
     * Prints one version after a decision.
     *
     * @param v the version
     * @param out where to print
     */
    public static void printDecision(ModelVersion v, PrintStream out) {
        out.printf("Model version %d of %s is %s%s%n", v.version(), v.group(), v.status(),
                v.decision().map(d -> " (" + d + ")").orElse(""));
    }

    static String metrics(Map<String, Double> metrics) {
        return metrics.entrySet().stream().filter(e -> !e.getKey().contains("."))
                .map(e -> e.getKey() + "=" + String.format(Locale.ROOT, "%.3f", e.getValue()))
                .collect(Collectors.joining(" "));
    }
}
