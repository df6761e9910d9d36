package dev.mlops.monitor.bias;

import dev.mlops.exception.ValidationException;
import java.util.List;
import java.util.Optional;

/**
 * What a bias analysis measures, with Clarify's conventions: the label column and which values (or values above
 * which threshold) count as the positive outcome; the facet column and which values (or values above which
 * threshold) form the sensitive group d, every other row forming group a; optionally the predicted label column
 * for post-training metrics and a group variable for CDDL/CDDPL. Immutable; build with {@link #builder()}.
 */
public final class BiasConfig {

    private final String label;
    private final List<String> labelValues;
    private final Double labelThreshold;
    private final String facet;
    private final List<String> facetValues;
    private final Double facetThreshold;
    private final String predictedLabel;
    private final Double probabilityThreshold;
    private final String groupVariable;

    private BiasConfig(Builder b) {
        this.label = b.label;
        this.labelValues = b.labelValues;
        this.labelThreshold = b.labelThreshold;
        this.facet = b.facet;
        this.facetValues = b.facetValues;
        this.facetThreshold = b.facetThreshold;
        this.predictedLabel = b.predictedLabel;
        this.probabilityThreshold = b.probabilityThreshold;
        this.groupVariable = b.groupVariable;
    }

    /**
     * Starts a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The label column.
     *
     * @return the column name
     */
    public String label() {
        return label;
    }

    /**
     * Label values that count as positive; empty when a threshold is used.
     *
     * @return the values
     */
    public List<String> labelValues() {
        return labelValues;
    }

    /**
     * Labels above this value count as positive.
     *
     * @return the threshold, or empty when values are used
     */
    public Optional<Double> labelThreshold() {
        return Optional.ofNullable(labelThreshold);
    }

    /**
     * The facet (sensitive attribute) column.
     *
     * @return the column name
     */
    public String facet() {
        return facet;
    }

    /**
     * Facet values forming the sensitive group d; empty with no threshold means one analysis per distinct value.
     *
     * @return the values
     */
    public List<String> facetValues() {
        return facetValues;
    }

    /**
     * Facet values above this threshold form the sensitive group d.
     *
     * @return the threshold, or empty
     */
    public Optional<Double> facetThreshold() {
        return Optional.ofNullable(facetThreshold);
    }

    /**
     * The predicted label (or score) column; without it only pre-training metrics are computed.
     *
     * @return the column name, or empty
     */
    public Optional<String> predictedLabel() {
        return Optional.ofNullable(predictedLabel);
    }

    /**
     * When set, the predicted column holds scores and a score above this value is a positive prediction;
     * otherwise predicted labels are judged with the label values or threshold.
     *
     * @return the threshold, or empty
     */
    public Optional<Double> probabilityThreshold() {
        return Optional.ofNullable(probabilityThreshold);
    }

    /**
     * The group variable column for conditional demographic disparity (CDDL, CDDPL).
     *
     * @return the column name, or empty
     */
    public Optional<String> groupVariable() {
        return Optional.ofNullable(groupVariable);
    }

    /** Builds a {@link BiasConfig}. */
    public static final class Builder {
        private String label;
        private List<String> labelValues = List.of();
        private Double labelThreshold;
        private String facet;
        private List<String> facetValues = List.of();
        private Double facetThreshold;
        private String predictedLabel;
        private Double probabilityThreshold;
        private String groupVariable;

        private Builder() {
        }

        /**
         * Sets the label column.
         *
         * @param column the column name
         * @return this builder
         */
        public Builder label(String column) {
            this.label = column;
            return this;
        }

        /**
         * Sets the label values that count as positive, e.g. {@code "1"}.
         *
         * @param values one or more values
         * @return this builder
         */
        public Builder labelValues(String... values) {
            this.labelValues = List.of(values);
            this.labelThreshold = null;
            return this;
        }

        /**
         * Counts labels above {@code threshold} as positive.
         *
         * @param threshold the threshold
         * @return this builder
         */
        public Builder labelThreshold(double threshold) {
            this.labelThreshold = threshold;
            this.labelValues = List.of();
            return this;
        }

        /**
         * Sets the facet column.
         *
         * @param column the column name
         * @return this builder
         */
        public Builder facet(String column) {
            this.facet = column;
            return this;
        }

        /**
         * Sets the facet values of the sensitive group d.
         *
         * @param values one or more values
         * @return this builder
         */
        public Builder facetValues(String... values) {
            this.facetValues = List.of(values);
            this.facetThreshold = null;
            return this;
        }

        /**
         * Puts facet values above {@code threshold} in the sensitive group d.
         *
         * @param threshold the threshold
         * @return this builder
         */
        public Builder facetThreshold(double threshold) {
            this.facetThreshold = threshold;
            this.facetValues = List.of();
            return this;
        }

        /**
         * Sets the predicted label column, enabling post-training metrics.
         *
         * @param column the column name
         * @return this builder
         */
        public Builder predictedLabel(String column) {
            this.predictedLabel = column;
            return this;
        }

        /**
         * Treats the predicted column as a score, positive above {@code threshold}.
         *
         * @param threshold the threshold
         * @return this builder
         */
        public Builder probabilityThreshold(double threshold) {
            this.probabilityThreshold = threshold;
            return this;
        }

        /**
         * Sets the group variable column for CDDL and CDDPL.
         *
         * @param column the column name
         * @return this builder
         */
        public Builder groupVariable(String column) {
            this.groupVariable = column;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @return the configuration
         * @throws ValidationException if the label, its positive values or threshold, or the facet is missing
         */
        public BiasConfig build() {
            if (label == null || label.isBlank()) {
                throw new ValidationException("BiasConfig.label", label, "a column name");
            }
            if (labelValues.isEmpty() && labelThreshold == null) {
                throw new ValidationException("BiasConfig.labelValues", labelValues,
                        "one or more positive label values, or a labelThreshold");
            }
            if (facet == null || facet.isBlank()) {
                throw new ValidationException("BiasConfig.facet", facet, "a column name");
            }
            if (probabilityThreshold != null && predictedLabel == null) {
                throw new ValidationException("BiasConfig.predictedLabel", null,
                        "set when probabilityThreshold is set");
            }
            return new BiasConfig(this);
        }
    }
}
