package dev.mlops.monitor.bias;

import java.util.Objects;

/**
 * One bias metric as Clarify writes it in {@code analysis.json}: a value, or an error saying why it could not be
 * computed (then {@code value} is {@code null}).
 *
 * @param name the short name, e.g. {@code "DPL"}
 * @param description Clarify's description, e.g. {@code "Difference in Positive Proportions in Labels (DPL)"}
 * @param value the value (may be infinite), or {@code null} when {@code error} is set
 * @param error why the metric has no value, or {@code null}
 */
public record BiasMetric(String name, String description, Double value, String error) {

    /**
     * Validates that exactly one of value and error is present.
     *
     * @param name the short name
     * @param description the description
     * @param value the value or {@code null}
     * @param error the error or {@code null}
     */
    public BiasMetric {
        Objects.requireNonNull(name, "BiasMetric.name");
        Objects.requireNonNull(description, "BiasMetric.description");
        if ((value == null) == (error == null)) {
            throw new IllegalArgumentException("BiasMetric " + name + ": exactly one of value and error must be set");
        }
    }

    /**
     * Whether the metric has a value.
     *
     * @return {@code true} unless it failed
     */
    public boolean hasValue() {
        return value != null;
    }
}
