package dev.mlops.cli.output;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.Gate;
import dev.mlops.ModelVersion;
import java.io.PrintStream;
import java.util.List;

/** Manual approval gates, as JSON and as text. */
public final class GateViews {
    private GateViews() {
    }

    /**
     * A gate: {@code id, name, pipeline, executionId, status, message, createdAt, modelArn, modelVersion, decision}.
     *
     * @param g the gate
     * @return the JSON object
     */
    public static ObjectNode json(Gate g) {
        ObjectNode n = Json.object();
        n.put("id", g.id());
        n.put("name", g.name());
        n.put("pipeline", g.pipeline());
        n.put("executionId", g.executionId());
        n.put("status", g.status().name());
        n.put("message", g.message());
        Json.time(n, "createdAt", g.createdAt());
        Json.text(n, "modelArn", g.modelArn());
        if (g.modelVersion().isPresent()) {
            n.put("modelVersion", g.modelVersion().get().version());
        } else {
            n.putNull("modelVersion");
        }
        Json.text(n, "decision", g.decision());
        return n;
    }

    /**
     * Gates: {@code {"gates": [ … ]}}.
     *
     * @param gates the gates
     * @return the JSON object
     */
    public static ObjectNode json(List<Gate> gates) {
        ObjectNode n = Json.object();
        ArrayNode a = n.putArray("gates");
        gates.forEach(g -> a.add(json(g)));
        return n;
    }

    /**
     * Prints gates, one line each.
     *
     * @param gates the gates
     * @param out where to print
     */
    public static void print(List<Gate> gates, PrintStream out) {
        Table t = Table.of("ID", "GATE", "PIPELINE", "STATUS", "VERSION", "EXECUTION", "DECISION");
        for (Gate g : gates) {
            t.row(g.id(), g.name(), g.pipeline(), g.status(), g.modelVersion().map(ModelVersion::version).orElse(null),
                    g.executionId(), g.decision().orElse(null));
        }
        t.print(out, "No gates.");
    }

    /**
     * Prints one gate after a decision or a wait.
     *
     * @param g the gate
     * @param out where to print
     */
    public static void printOne(Gate g, PrintStream out) {
        out.printf("Gate %s of %s (execution %s%s): %s%s%n", g.name(), g.pipeline(), g.executionId(),
                g.modelVersion().map(v -> ", model version " + v.version()).orElse(""), g.status(),
                g.decision().map(d -> " (" + d + ")").orElse(""));
        out.printf("  id: %s%n", g.id());
    }
}
