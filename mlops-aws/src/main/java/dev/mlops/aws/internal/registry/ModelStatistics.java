package dev.mlops.aws.internal.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The model statistics report a model package points at ({@code ModelMetrics.ModelQuality.Statistics}): the
 * evaluation report the originals' build writes, e.g.
 * {@code {"regression_metrics": {"mse": {"value": 4.8, "standard_deviation": 2.2}}}}, read into flat names as the
 * embedded registry reads it ({@code mse}, {@code mse.standard_deviation}), and written back from flat names in the
 * same shape so that reading it again gives the same map.
 */
final class ModelStatistics {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String STD = ".standard_deviation";

    private ModelStatistics() {
    }

    /**
     * Flattens a report: an object with a numeric {@code value} becomes its key (and {@code <key>.standard_deviation}
     * when it has one), nested objects prefix their numbers' keys.
     *
     * @param report the report's bytes
     * @return the metrics, in the report's order
     * @throws IOException if it is not JSON
     */
    static Map<String, Double> flatten(byte[] report) throws IOException {
        JsonNode root = JSON.readTree(report);
        Map<String, Double> out = new LinkedHashMap<>();
        if (root != null && root.isObject()) {
            flatten(root, "", out);
        }
        return out;
    }

    private static void flatten(JsonNode node, String prefix, Map<String, Double> out) {
        node.fields().forEachRemaining(e -> {
            JsonNode v = e.getValue();
            if (v.isObject() && v.has("value") && v.get("value").isNumber()) {
                out.put(e.getKey(), v.get("value").asDouble());
                if (v.has("standard_deviation") && v.get("standard_deviation").isNumber()) {
                    out.put(e.getKey() + STD, v.get("standard_deviation").asDouble());
                }
            } else if (v.isObject()) {
                flatten(v, prefix + e.getKey() + ".", out);
            } else if (v.isNumber()) {
                out.put(prefix + e.getKey(), v.asDouble());
            }
        });
    }

    /**
     * Writes flat metrics as a report that {@link #flatten(byte[])} reads back into the same map: each name under
     * {@code metrics} as {@code {"value": …}}, with {@code <name>.standard_deviation} folded into its name's entry.
     *
     * @param metrics the flat metrics
     * @return the report's bytes (UTF-8 JSON)
     */
    static byte[] report(Map<String, Double> metrics) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode all = root.putObject("metrics");
        for (Map.Entry<String, Double> m : metrics.entrySet()) {
            String name = m.getKey();
            if (name.endsWith(STD) && metrics.containsKey(name.substring(0, name.length() - STD.length()))) {
                continue;
            }
            ObjectNode entry = all.putObject(name);
            entry.put("value", m.getValue());
            Double std = metrics.get(name + STD);
            if (std != null) {
                entry.put("standard_deviation", std);
            }
        }
        try {
            return JSON.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new IllegalStateException("a tree of numbers always serializes", e);
        }
    }
}
