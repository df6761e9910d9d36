package dev.mlops.container;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.exception.ValidationException;
import dev.mlops.monitor.bias.BiasConfig;
import dev.mlops.monitor.explain.KernelShapOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Clarify's analysis configuration file, {@code /opt/ml/processing/input/config/analysis_config.json}, as far as
 * the container runs it: a tabular CSV dataset ({@code dataset_type} {@code text/csv}), its {@code headers},
 * {@code label}, {@code label_values_or_threshold}, one {@code facet}, {@code group_variable},
 * {@code predicted_label}, {@code probability_threshold}, and {@code methods} with either the bias methods
 * ({@code pre_training_bias}, {@code post_training_bias}) or {@code shap}. Errors name the field as a JSON path.
 *
 * <p>Where Clarify decides from the data whether a label or facet value list is a threshold (a continuous column),
 * the container decides from the JSON: one <em>number</em> is a threshold (values above it are the positive
 * outcome or the sensitive group), <em>strings</em> are values [INFERRED mapping; Clarify's own rule looks at the
 * column's type and cardinality].
 */
final class AnalysisConfig {
    /** The file under the container root. */
    static final String FILE = "processing/input/config/analysis_config.json";
    private static final Set<String> BIAS_METHODS = Set.of("pre_training_bias", "post_training_bias");
    private static final Set<String> KNOWN_METHODS = Set.of("pre_training_bias", "post_training_bias", "shap", "report");

    private final JsonNode root;
    private final Optional<List<String>> headers;

    private AnalysisConfig(JsonNode root) {
        this.root = root;
        JsonNode h = root.get("headers");
        if (h == null || h.isNull()) {
            headers = Optional.empty();
        } else {
            if (!h.isArray() || h.isEmpty()) {
                throw new ValidationException("analysis_config.headers", h.toString(), "a non-empty array of column"
                        + " names");
            }
            List<String> names = new ArrayList<>();
            h.forEach(n -> {
                if (!n.isTextual() || n.textValue().isBlank()) {
                    throw new ValidationException("analysis_config.headers", h.toString(), "column names that are"
                            + " non-blank strings");
                }
                names.add(n.textValue());
            });
            headers = Optional.of(List.copyOf(names));
        }
    }

    static AnalysisConfig read(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readString(file));
        } catch (IOException e) {
            throw new ValidationException("analysis_config", file, "a readable JSON file (" + e.getMessage() + ")");
        }
        if (root == null || !root.isObject()) {
            throw new ValidationException("analysis_config", file, "a JSON object");
        }
        AnalysisConfig c = new AnalysisConfig(root);
        c.check();
        return c;
    }

    private void check() {
        String type = root.path("dataset_type").asText("text/csv");
        if (!type.equals("text/csv")) {
            throw new ValidationException("analysis_config.dataset_type", type, "text/csv: the SDK's container reads"
                    + " CSV datasets; for JSON Lines, Parquet or images use the managed Clarify image");
        }
        JsonNode methods = root.get("methods");
        if (methods == null || !methods.isObject() || methods.isEmpty()) {
            throw new ValidationException("analysis_config.methods", methods, "an object naming pre_training_bias,"
                    + " post_training_bias or shap");
        }
        for (Iterator<String> it = methods.fieldNames(); it.hasNext(); ) {
            String m = it.next();
            if (!KNOWN_METHODS.contains(m)) {
                throw new ValidationException("analysis_config.methods." + m, methods.get(m).toString(), "absent:"
                        + " the SDK's container runs " + KNOWN_METHODS + "; use the managed Clarify image for " + m);
            }
        }
        if (isBias() && isShap()) {
            throw new ValidationException("analysis_config.methods", methods.toString(), "either the bias methods or"
                    + " shap: run bias and explainability as two jobs (as the Model Monitor template does)");
        }
        if (!isBias() && !isShap()) {
            throw new ValidationException("analysis_config.methods", methods.toString(), "naming pre_training_bias,"
                    + " post_training_bias or shap");
        }
    }

    boolean isBias() {
        JsonNode methods = root.path("methods");
        return BIAS_METHODS.stream().anyMatch(methods::has);
    }

    boolean isShap() {
        return root.path("methods").has("shap");
    }

    /** The column names, when the file gives them. */
    Optional<List<String>> headers() {
        return headers;
    }

    /** The label column's name ({@code label} may be a name or an index into the headers). */
    String label() {
        return column("label", true).orElseThrow();
    }

    Optional<String> predictedLabel() {
        return column("predicted_label", false);
    }

    /** The bias configuration; the predicted-label column defaults to {@code fallbackPredicted}. */
    BiasConfig biasConfig(String fallbackPredicted) {
        BiasConfig.Builder b = BiasConfig.builder().label(label());
        JsonNode lv = root.get("label_values_or_threshold");
        List<JsonNode> labels = values(lv, "analysis_config.label_values_or_threshold");
        if (labels.size() == 1 && labels.get(0).isNumber()) {
            b.labelThreshold(labels.get(0).doubleValue());
        } else {
            b.labelValues(texts(labels, "analysis_config.label_values_or_threshold"));
        }
        JsonNode facets = root.get("facet");
        if (facets == null || !facets.isArray() || facets.size() != 1) {
            throw new ValidationException("analysis_config.facet", facets, "an array of exactly one facet (the SDK's"
                    + " analyzers compute one facet per job; run a job per facet)");
        }
        JsonNode facet = facets.get(0);
        b.facet(columnOf(facet.get("name_or_index"), "analysis_config.facet[0].name_or_index"));
        JsonNode fv = facet.get("value_or_threshold");
        if (fv != null && !fv.isNull()) {
            List<JsonNode> values = values(fv, "analysis_config.facet[0].value_or_threshold");
            if (values.size() == 1 && values.get(0).isNumber()) {
                b.facetThreshold(values.get(0).doubleValue());
            } else {
                b.facetValues(texts(values, "analysis_config.facet[0].value_or_threshold"));
            }
        }
        column("group_variable", false).ifPresent(b::groupVariable);
        b.predictedLabel(predictedLabel().orElse(fallbackPredicted));
        JsonNode pt = root.get("probability_threshold");
        if (pt != null && !pt.isNull()) {
            if (!pt.isNumber()) {
                throw new ValidationException("analysis_config.probability_threshold", pt.toString(), "a number");
            }
            b.probabilityThreshold(pt.doubleValue());
        }
        return b.build();
    }

    /** The SHAP options: {@code num_samples} and {@code seed}, on the analyzers' defaults. */
    KernelShapOptions shapOptions() {
        JsonNode shap = root.path("methods").path("shap");
        String agg = shap.path("agg_method").asText("mean_abs");
        if (!agg.equals("mean_abs")) {
            throw new ValidationException("analysis_config.methods.shap.agg_method", agg, "mean_abs (the only"
                    + " aggregation the SDK's analyzer computes)");
        }
        if (shap.path("use_logit").asBoolean(false)) {
            throw new ValidationException("analysis_config.methods.shap.use_logit", true, "false: the SDK's models are"
                    + " regressions, explained on their output");
        }
        KernelShapOptions o = KernelShapOptions.defaults();
        JsonNode n = shap.get("num_samples");
        if (n != null && !n.isNull()) {
            if (!n.canConvertToInt() || n.intValue() < 1) {
                throw new ValidationException("analysis_config.methods.shap.num_samples", n.toString(), "a positive"
                        + " integer");
            }
            o = o.withMaxCoalitions(n.intValue());
        }
        JsonNode seed = shap.get("seed");
        if (seed != null && !seed.isNull()) {
            if (!seed.canConvertToLong()) {
                throw new ValidationException("analysis_config.methods.shap.seed", seed.toString(), "an integer");
            }
            o = o.withSeed(seed.longValue());
        }
        return o;
    }

    /** The SHAP baseline row ({@code methods.shap.baseline[0]}), if given inline. */
    Optional<double[]> shapBaseline(int columns) {
        JsonNode b = root.path("methods").path("shap").get("baseline");
        if (b == null || b.isNull()) {
            return Optional.empty();
        }
        if (b.isTextual()) {
            throw new ValidationException("analysis_config.methods.shap.baseline", b.textValue(), "an inline row"
                    + " ([[v1, v2, …]]): the container has no S3 access of its own; inline the baseline row");
        }
        JsonNode row = b.path(0);
        if (!row.isArray() || row.size() != columns) {
            throw new ValidationException("analysis_config.methods.shap.baseline", b.toString(), "one row of "
                    + columns + " values, one per model input column");
        }
        double[] out = new double[columns];
        for (int i = 0; i < columns; i++) {
            out[i] = row.get(i).asDouble();
        }
        return Optional.of(out);
    }

    private Optional<String> column(String key, boolean required) {
        JsonNode v = root.get(key);
        if (v == null || v.isNull()) {
            if (required) {
                throw new ValidationException("analysis_config." + key, null, "a column name or index");
            }
            return Optional.empty();
        }
        return Optional.of(columnOf(v, "analysis_config." + key));
    }

    private String columnOf(JsonNode v, String field) {
        if (v != null && v.isTextual() && !v.textValue().isBlank()) {
            return v.textValue();
        }
        if (v != null && v.canConvertToInt() && v.isIntegralNumber()) {
            int i = v.intValue();
            List<String> h = headers.orElseThrow(() -> new ValidationException(field, i, "a column name: an index"
                    + " needs analysis_config.headers"));
            if (i < 0 || i >= h.size()) {
                throw new ValidationException(field, i, "an index into headers " + h);
            }
            return h.get(i);
        }
        throw new ValidationException(field, v, "a column name or index");
    }

    private static List<JsonNode> values(JsonNode v, String field) {
        if (v == null || v.isNull()) {
            throw new ValidationException(field, null, "a list of values, or of one threshold");
        }
        List<JsonNode> out = new ArrayList<>();
        if (v.isArray()) {
            v.forEach(out::add);
        } else {
            out.add(v);
        }
        if (out.isEmpty()) {
            throw new ValidationException(field, v.toString(), "at least one value");
        }
        return out;
    }

    private static String[] texts(List<JsonNode> values, String field) {
        String[] out = new String[values.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode n = values.get(i);
            if (!n.isValueNode()) {
                throw new ValidationException(field, n.toString(), "values that are strings or numbers");
            }
            out[i] = n.isNumber() && n.isIntegralNumber() ? Long.toString(n.longValue()) : n.asText();
        }
        return out;
    }
}
