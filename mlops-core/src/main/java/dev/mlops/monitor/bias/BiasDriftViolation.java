package dev.mlops.monitor.bias;

/**
 * One entry of a bias-drift {@code constraint_violations.json}.
 *
 * @param facet the facet column
 * @param facetValue the facet value or threshold interval
 * @param metricName the metric, e.g. {@code "DPPL"}
 * @param constraintCheckType always {@code "bias_drift_check"}
 * @param description e.g. {@code "Metric value 0.37 doesn't meet the baseline constraint requirement 0.28"}
 */
public record BiasDriftViolation(String facet, String facetValue, String metricName, String constraintCheckType,
        String description) {
}
