package dev.mlops.monitor.quality;

/**
 * The model-quality problem types SageMaker Model Monitor knows, with the JSON section names each one uses.
 */
public enum ProblemType {
    /** Numeric prediction against a numeric ground truth. */
    REGRESSION("Regression", "regression_metrics", "regression_constraints"),
    /** Two classes, one of them the positive class. */
    BINARY_CLASSIFICATION("BinaryClassification", "binary_classification_metrics",
            "binary_classification_constraints"),
    /** Three or more classes, metrics weighted by class support. */
    MULTICLASS_CLASSIFICATION("MulticlassClassification", "multiclass_classification_metrics",
            "multiclass_classification_constraints");

    private final String sageMakerName;
    private final String metricsSection;
    private final String constraintsSection;

    ProblemType(String sageMakerName, String metricsSection, String constraintsSection) {
        this.sageMakerName = sageMakerName;
        this.metricsSection = metricsSection;
        this.constraintsSection = constraintsSection;
    }

    /**
     * The name SageMaker uses in the {@code problem_type} environment variable.
     *
     * @return e.g. {@code "BinaryClassification"}
     */
    public String sageMakerName() {
        return sageMakerName;
    }

    /**
     * The key of the metrics object in {@code statistics.json}.
     *
     * @return e.g. {@code "regression_metrics"}
     */
    public String metricsSection() {
        return metricsSection;
    }

    /**
     * The key of the constraints object in {@code constraints.json}.
     *
     * @return e.g. {@code "regression_constraints"}
     */
    public String constraintsSection() {
        return constraintsSection;
    }

    /**
     * Finds the problem type whose metrics or constraints section has the given key.
     *
     * @param key a top-level key of a statistics or constraints file
     * @return the matching type, or {@code null} if the key names no section
     */
    static ProblemType fromSection(String key) {
        for (ProblemType type : values()) {
            if (type.metricsSection.equals(key) || type.constraintsSection.equals(key)) {
                return type;
            }
        }
        return null;
    }
}
