package dev.mlops.monitor.dataquality;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.exception.MlopsClientException;
import dev.mlops.exception.ValidationException;
import dev.mlops.monitor.JsonDocument;
import dev.mlops.monitor.MonitorJson;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A data-quality {@code constraints.json}: per-feature expectations (type, completeness, non-negativity, domain)
 * and the monitoring configuration (thresholds, drift method). Suggested constraints use the values the real
 * container writes: {@code datatype_check_threshold 1.0}, {@code domain_content_threshold 1.0},
 * {@code comparison_threshold 0.1}, {@code comparison_method "Robust"}.
 */
public final class Constraints implements JsonDocument {
    private final List<FeatureConstraint> features;
    private final MonitoringConfig monitoringConfig;

    /**
     * Creates constraints.
     *
     * @param features per-feature constraints in column order
     * @param monitoringConfig thresholds and methods
     */
    public Constraints(List<FeatureConstraint> features, MonitoringConfig monitoringConfig) {
        this.features = List.copyOf(features);
        this.monitoringConfig = monitoringConfig;
    }

    /**
     * Reads a {@code constraints.json} written by Model Monitor or by this library (edited files are fine).
     *
     * @param file the file
     * @return the constraints
     * @throws MlopsClientException if the file is missing, not JSON or has no {@code features} array
     */
    public static Constraints read(Path file) {
        JsonNode root = MonitorJson.read(file);
        if (!root.path("features").isArray()) {
            throw new MlopsClientException("Constraints file " + file + " has no \"features\" array", null,
                    Map.of("file", file.toString()));
        }
        List<FeatureConstraint> features = new ArrayList<>();
        for (JsonNode f : root.path("features")) {
            Boolean nonNegative = f.path("num_constraints").has("is_non_negative")
                    ? f.path("num_constraints").path("is_non_negative").asBoolean() : null;
            List<String> domains = null;
            JsonNode sc = f.path("string_constraints");
            if (sc.path("domains").isArray()) {
                domains = new ArrayList<>();
                for (JsonNode d : sc.path("domains")) {
                    domains.add(d.asText());
                }
            }
            boolean disabled = "Disabled".equals(sc.path("monitoring_config_overrides").path("evaluate_constraints")
                    .asText(null)) || "Disabled".equals(f.path("monitoringConfigOverrides")
                    .path("evaluate_constraints").asText(null));
            features.add(new FeatureConstraint(f.path("name").asText(),
                    InferredType.parse(f.path("inferred_type").asText()),
                    f.has("completeness") ? f.path("completeness").asDouble() : Double.NaN, nonNegative, domains,
                    !disabled));
        }
        return new Constraints(features, MonitoringConfig.fromJson(root.path("monitoring_config")));
    }

    /**
     * Per-feature constraints in column order.
     *
     * @return an unmodifiable list
     */
    public List<FeatureConstraint> features() {
        return features;
    }

    /**
     * Looks up a feature by name.
     *
     * @param name the feature name
     * @return its constraint, if present
     */
    public Optional<FeatureConstraint> feature(String name) {
        return features.stream().filter(f -> f.name().equals(name)).findFirst();
    }

    /**
     * Thresholds and methods.
     *
     * @return the monitoring configuration
     */
    public MonitoringConfig monitoringConfig() {
        return monitoringConfig;
    }

    @Override
    public ObjectNode toJson() {
        ObjectNode root = MonitorJson.object();
        root.put("version", 0.0);
        ArrayNode list = root.putArray("features");
        for (FeatureConstraint f : features) {
            ObjectNode o = list.addObject();
            o.put("name", f.name());
            o.put("inferred_type", f.inferredType().name());
            if (!Double.isNaN(f.completeness())) {
                o.put("completeness", f.completeness());
            }
            if (f.nonNegative().isPresent()) {
                o.putObject("num_constraints").put("is_non_negative", f.nonNegative().get());
            }
            if (f.domains().isPresent() || !f.evaluate()) {
                ObjectNode sc = o.putObject("string_constraints");
                if (f.domains().isPresent()) {
                    ArrayNode d = sc.putArray("domains");
                    f.domains().get().forEach(d::add);
                }
                if (!f.evaluate()) {
                    sc.putObject("monitoring_config_overrides").put("evaluate_constraints", "Disabled");
                }
            }
        }
        root.set("monitoring_config", monitoringConfig.toJson());
        return root;
    }

    /**
     * Expectations for one feature.
     *
     * @param name feature name
     * @param inferredType expected type
     * @param completeness expected fraction of non-null values, NaN if not constrained
     * @param isNonNegative whether values must be ≥ 0; null if not constrained
     * @param domainValues allowed String values; null if not constrained
     * @param evaluate false when the feature's checks are disabled by an override
     */
    public record FeatureConstraint(String name, InferredType inferredType, double completeness,
                                    Boolean isNonNegative, List<String> domainValues, boolean evaluate) {
        /**
         * Validates and copies the domain.
         *
         * @param name feature name
         * @param inferredType expected type
         * @param completeness expected completeness
         * @param isNonNegative non-negativity, or null
         * @param domainValues domain, or null
         * @param evaluate whether checks run
         */
        public FeatureConstraint {
            if (name == null || inferredType == null) {
                throw new ValidationException("FeatureConstraint.name/inferredType", name, "non-null");
            }
            domainValues = domainValues == null ? null : List.copyOf(domainValues);
        }

        /**
         * The non-negativity constraint, if any.
         *
         * @return the flag
         */
        public Optional<Boolean> nonNegative() {
            return Optional.ofNullable(isNonNegative);
        }

        /**
         * The allowed String values, if constrained.
         *
         * @return the domain
         */
        public Optional<List<String>> domains() {
            return Optional.ofNullable(domainValues);
        }
    }

    /**
     * The {@code monitoring_config} block.
     *
     * @param evaluateConstraints whether constraints are evaluated
     * @param emitMetrics whether metrics are emitted
     * @param datatypeCheckThreshold minimum fraction of values matching the baseline type
     * @param domainContentThreshold minimum fraction of String values inside the baseline domain
     * @param performComparison whether distribution drift is computed
     * @param comparisonThreshold maximum numerical drift distance
     * @param comparisonMethod {@code Robust} or {@code Simple}
     * @param categoricalComparisonThreshold maximum categorical drift distance; NaN means use
     *                                       {@code comparisonThreshold} (and omit the key when writing)
     * @param categoricalDriftMethod {@code LInfinity} or {@code ChiSquared}; null means LInfinity (key omitted)
     */
    public record MonitoringConfig(boolean evaluateConstraints, boolean emitMetrics, double datatypeCheckThreshold,
                                   double domainContentThreshold, boolean performComparison,
                                   double comparisonThreshold, String comparisonMethod,
                                   double categoricalComparisonThreshold, String categoricalDriftMethod) {
        /**
         * The configuration the real container suggests.
         *
         * @return the suggested defaults
         */
        public static MonitoringConfig suggested() {
            return new MonitoringConfig(true, true, 1.0, 1.0, true, 0.1, "Robust", Double.NaN, null);
        }

        /**
         * Threshold for categorical drift.
         *
         * @return the categorical threshold, or the numerical one when unset
         */
        public double effectiveCategoricalThreshold() {
            return Double.isNaN(categoricalComparisonThreshold) ? comparisonThreshold : categoricalComparisonThreshold;
        }

        ObjectNode toJson() {
            ObjectNode mc = MonitorJson.object();
            mc.put("evaluate_constraints", evaluateConstraints ? "Enabled" : "Disabled");
            mc.put("emit_metrics", emitMetrics ? "Enabled" : "Disabled");
            mc.put("datatype_check_threshold", datatypeCheckThreshold);
            mc.put("domain_content_threshold", domainContentThreshold);
            ObjectNode dc = mc.putObject("distribution_constraints");
            dc.put("perform_comparison", performComparison ? "Enabled" : "Disabled");
            dc.put("comparison_threshold", comparisonThreshold);
            dc.put("comparison_method", comparisonMethod);
            if (!Double.isNaN(categoricalComparisonThreshold)) {
                dc.put("categorical_comparison_threshold", categoricalComparisonThreshold);
            }
            if (categoricalDriftMethod != null) {
                dc.put("categorical_drift_method", categoricalDriftMethod);
            }
            return mc;
        }

        static MonitoringConfig fromJson(JsonNode mc) {
            JsonNode dc = mc.path("distribution_constraints");
            return new MonitoringConfig(!"Disabled".equals(mc.path("evaluate_constraints").asText()),
                    !"Disabled".equals(mc.path("emit_metrics").asText()),
                    mc.path("datatype_check_threshold").asDouble(0.1),
                    mc.path("domain_content_threshold").asDouble(0.1),
                    !"Disabled".equals(dc.path("perform_comparison").asText()),
                    dc.path("comparison_threshold").asDouble(0.1),
                    dc.path("comparison_method").asText("Robust"),
                    dc.has("categorical_comparison_threshold")
                            ? dc.path("categorical_comparison_threshold").asDouble() : Double.NaN,
                    dc.has("categorical_drift_method") ? dc.path("categorical_drift_method").asText() : null);
        }
    }
}
