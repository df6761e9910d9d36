package dev.mlops.monitor.explain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.exception.MlopsClientException;
import dev.mlops.monitor.bias.internal.PythonJson;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Global feature attributions in Clarify's explainability {@code analysis.json} layout:
 * {@code explanations.<method>.<label>.global_shap_values} and {@code expected_value}. A baseline report is the
 * reference of a feature-attribution drift check. Immutable.
 */
public final class ExplainabilityReport {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String method;
    private final Map<String, LabelAttribution> labels;

    /**
     * The attributions of one model output.
     *
     * @param globalShapValues feature name to global attribution, in header order
     * @param expectedValue the expected (base) value
     */
    public record LabelAttribution(Map<String, Double> globalShapValues, double expectedValue) {
        /**
         * Copies the map, keeping its order.
         *
         * @param globalShapValues feature name to global attribution
         * @param expectedValue the expected value
         */
        public LabelAttribution {
            globalShapValues = Collections.unmodifiableMap(new LinkedHashMap<>(globalShapValues));
        }
    }

    private ExplainabilityReport(String method, Map<String, LabelAttribution> labels) {
        this.method = method;
        this.labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
    }

    /**
     * A report of one model output, labelled {@code label0} as Clarify does without label headers, with
     * mean |SHAP| as global attribution.
     *
     * @param shap the local SHAP values
     * @return the report
     */
    public static ExplainabilityReport of(ShapValues shap) {
        return of("label0", shap);
    }

    /**
     * A report of one model output under the given label, with mean |SHAP| as global attribution.
     *
     * @param label the label header, e.g. {@code "label0"}
     * @param shap the local SHAP values
     * @return the report
     */
    public static ExplainabilityReport of(String label, ShapValues shap) {
        return new ExplainabilityReport(shap.method(),
                Map.of(label, new LabelAttribution(shap.globalMeanAbs(), shap.expectedValue())));
    }

    /**
     * The method key: {@code "kernel_shap"} as in Clarify, or {@code "tree_shap"} for XGBoost TreeSHAP (a key
     * Clarify does not write).
     *
     * @return the key
     */
    public String method() {
        return method;
    }

    /**
     * Attributions by label, in file order.
     *
     * @return an unmodifiable map
     */
    public Map<String, LabelAttribution> labels() {
        return labels;
    }

    /**
     * Renders the {@code analysis.json} in Clarify's Python layout.
     *
     * @return the JSON text, without a trailing newline
     */
    public String toAnalysisJson() {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("version", "1.0");
        ObjectNode byLabel = root.putObject("explanations").putObject(method);
        labels.forEach((label, a) -> {
            ObjectNode l = byLabel.putObject(label);
            ObjectNode g = l.putObject("global_shap_values");
            a.globalShapValues().forEach(g::put);
            l.put("expected_value", a.expectedValue());
        });
        return PythonJson.dumps(root);
    }

    /**
     * Reads an explainability {@code analysis.json}; the first method under {@code explanations} is used.
     *
     * @param json the text
     * @return the report
     * @throws MlopsClientException if the text is not JSON or has no {@code explanations}
     */
    public static ExplainabilityReport parse(String json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new MlopsClientException("Cannot parse explainability analysis.json: " + e.getOriginalMessage());
        }
        JsonNode explanations = root == null ? null : root.get("explanations");
        if (explanations == null || explanations.isEmpty()) {
            throw new MlopsClientException("Cannot parse explainability analysis.json: no 'explanations' object");
        }
        Iterator<Map.Entry<String, JsonNode>> methods = explanations.fields();
        Map.Entry<String, JsonNode> method = methods.next();
        Map<String, LabelAttribution> labels = new LinkedHashMap<>();
        method.getValue().fields().forEachRemaining(label -> {
            Map<String, Double> global = new LinkedHashMap<>();
            label.getValue().path("global_shap_values").fields()
                    .forEachRemaining(f -> global.put(f.getKey(), f.getValue().asDouble()));
            labels.put(label.getKey(), new LabelAttribution(global,
                    label.getValue().path("expected_value").asDouble(Double.NaN)));
        });
        return new ExplainabilityReport(method.getKey(), labels);
    }
}
