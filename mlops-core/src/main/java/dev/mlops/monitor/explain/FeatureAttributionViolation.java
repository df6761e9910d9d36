package dev.mlops.monitor.explain;

/**
 * One entry of a feature-attribution drift {@code constraint_violations.json}.
 *
 * @param label the model output, e.g. {@code "label0"}
 * @param metricName always {@code "shap"}
 * @param constraintCheckType always {@code "feature_attribution_drift_check"}
 * @param description e.g. {@code "Feature attribution drift 0.7639720923277322 exceeds threshold 0.9"}
 */
public record FeatureAttributionViolation(String label, String metricName, String constraintCheckType,
        String description) {
}
