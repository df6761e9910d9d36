package dev.mlops.monitor.quality;

import java.util.Objects;

/**
 * One entry of {@code constraints.json}: the threshold a metric is compared with, and how.
 *
 * @param threshold the threshold
 * @param comparisonOperator the comparison that flags a violation
 */
public record MetricConstraint(double threshold, ComparisonOperator comparisonOperator) {

    /**
     * Validates the parts.
     *
     * @param threshold the threshold
     * @param comparisonOperator the comparison; not {@code null}
     */
    public MetricConstraint {
        Objects.requireNonNull(comparisonOperator, "MetricConstraint.comparisonOperator");
    }
}
