package dev.mlops.monitor.bias;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.exception.MlopsClientException;
import dev.mlops.monitor.bias.internal.PythonJson;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The result of a bias analysis: Clarify's {@code analysis.json} (pre- and post-training sections), plus the
 * number of rows left out and why. A baseline report is also the bias-drift "constraints" file. Immutable.
 */
public final class BiasReport {

    /** Stage key of pre-training metrics in {@code analysis.json}. */
    public static final String PRE_TRAINING = "pre_training_bias_metrics";
    /** Stage key of post-training metrics in {@code analysis.json}. */
    public static final String POST_TRAINING = "post_training_bias_metrics";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String label;
    private final String labelValueOrThreshold;
    private final List<FacetMetrics> preTraining;
    private final List<FacetMetrics> postTraining;
    private final Map<String, Long> skippedRows;

    BiasReport(String label, String labelValueOrThreshold, List<FacetMetrics> preTraining,
            List<FacetMetrics> postTraining, Map<String, Long> skippedRows) {
        this.label = label;
        this.labelValueOrThreshold = labelValueOrThreshold;
        this.preTraining = List.copyOf(preTraining);
        this.postTraining = List.copyOf(postTraining);
        this.skippedRows = Collections.unmodifiableMap(new LinkedHashMap<>(skippedRows));
    }

    /**
     * The label column.
     *
     * @return the name
     */
    public String label() {
        return label;
    }

    /**
     * The positive label values joined with {@code ","}, or the threshold interval.
     *
     * @return e.g. {@code "1"}
     */
    public String labelValueOrThreshold() {
        return labelValueOrThreshold;
    }

    /**
     * Pre-training metrics, one entry per facet value analysed.
     *
     * @return an unmodifiable list
     */
    public List<FacetMetrics> preTraining() {
        return preTraining;
    }

    /**
     * Post-training metrics, one entry per facet value analysed; empty without a predicted label.
     *
     * @return an unmodifiable list
     */
    public List<FacetMetrics> postTraining() {
        return postTraining;
    }

    /**
     * Rows left out because the label, facet or prediction was missing or unusable, counted by reason. Not part
     * of {@code analysis.json}.
     *
     * @return an unmodifiable map
     */
    public Map<String, Long> skippedRows() {
        return skippedRows;
    }

    /**
     * Looks up one metric.
     *
     * @param name e.g. {@code "DI"}; pre- and post-training names do not overlap
     * @return the metric of the first facet value that has it, or empty
     */
    public Optional<BiasMetric> metric(String name) {
        List<FacetMetrics> all = new ArrayList<>(postTraining);
        all.addAll(preTraining);
        return all.stream().flatMap(f -> f.metric(name).stream()).findFirst();
    }

    /**
     * Renders Clarify's {@code analysis.json}: Python {@code json} layout with four-space indent, sections
     * {@code version}, {@code post_training_bias_metrics}, {@code pre_training_bias_metrics}; infinite values as
     * the strings {@code "Infinity"}/{@code "-Infinity"}; failed metrics with {@code error} and a null value.
     *
     * @return the JSON text, without a trailing newline
     */
    public String toAnalysisJson() {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("version", "1.0");
        if (!postTraining.isEmpty()) {
            root.set(POST_TRAINING, section(postTraining));
        }
        if (!preTraining.isEmpty()) {
            root.set(PRE_TRAINING, section(preTraining));
        }
        return PythonJson.dumps(root);
    }

    private ObjectNode section(List<FacetMetrics> facets) {
        ObjectNode s = JsonNodeFactory.instance.objectNode();
        s.put("label", label);
        ObjectNode byFacet = s.putObject("facets");
        for (FacetMetrics f : facets) {
            ArrayNode values = byFacet.has(f.facet()) ? (ArrayNode) byFacet.get(f.facet()) : byFacet.putArray(f.facet());
            ObjectNode v = values.addObject();
            v.put("value_or_threshold", f.valueOrThreshold());
            ArrayNode metrics = v.putArray("metrics");
            for (BiasMetric m : f.metrics()) {
                ObjectNode o = metrics.addObject();
                if (m.hasValue()) {
                    o.put("name", m.name());
                    o.put("description", m.description());
                    putValue(o, m.value());
                } else {
                    // Clarify writes failed metrics with sorted keys
                    o.put("description", m.description());
                    o.put("error", m.error());
                    o.put("name", m.name());
                    o.putNull("value");
                }
            }
        }
        s.put("label_value_or_threshold", labelValueOrThreshold);
        return s;
    }

    private static void putValue(ObjectNode o, double value) {
        if (Double.isInfinite(value)) {
            o.put("value", value > 0 ? "Infinity" : "-Infinity");
        } else {
            o.put("value", value);
        }
    }

    /**
     * Reads a Clarify bias {@code analysis.json}, e.g. a baselining job's output.
     *
     * @param json the text
     * @return the report (with no skipped rows)
     * @throws MlopsClientException if the text has neither bias section or is not JSON
     */
    public static BiasReport parse(String json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new MlopsClientException("Cannot parse bias analysis.json: " + e.getOriginalMessage());
        }
        if (root == null || (!root.has(PRE_TRAINING) && !root.has(POST_TRAINING))) {
            throw new MlopsClientException("Cannot parse bias analysis.json: it has neither " + PRE_TRAINING
                    + " nor " + POST_TRAINING);
        }
        JsonNode any = root.has(POST_TRAINING) ? root.get(POST_TRAINING) : root.get(PRE_TRAINING);
        return new BiasReport(any.path("label").asText(), any.path("label_value_or_threshold").asText(),
                readSection(root.path(PRE_TRAINING), PRE_TRAINING), readSection(root.path(POST_TRAINING),
                POST_TRAINING), Map.of());
    }

    private static List<FacetMetrics> readSection(JsonNode section, String stage) {
        List<FacetMetrics> out = new ArrayList<>();
        section.path("facets").fields().forEachRemaining(facet -> {
            for (JsonNode value : facet.getValue()) {
                List<BiasMetric> metrics = new ArrayList<>();
                for (JsonNode m : value.path("metrics")) {
                    String name = m.path("name").asText();
                    JsonNode v = m.get("value");
                    Double d = null;
                    if (v != null && v.isNumber()) {
                        d = v.doubleValue();
                    } else if (v != null && v.isTextual()) {
                        try {
                            d = Double.parseDouble(v.asText());
                        } catch (NumberFormatException e) {
                            throw new MlopsClientException("Bias analysis.json " + stage + " facet " + facet.getKey()
                                    + " metric " + name + " has a non-numeric value " + v);
                        }
                    }
                    String error = d == null ? m.path("error").asText("no value") : null;
                    metrics.add(new BiasMetric(name, m.path("description").asText(), d, error));
                }
                out.add(new FacetMetrics(facet.getKey(), value.path("value_or_threshold").asText(), metrics));
            }
        });
        return out;
    }

    @Override
    public String toString() {
        return "BiasReport[label=" + label + ", pre=" + preTraining.size() + " facet values, post="
                + postTraining.size() + " facet values" + (skippedRows.isEmpty() ? "" : ", skipped=" + skippedRows)
                + "]";
    }
}
