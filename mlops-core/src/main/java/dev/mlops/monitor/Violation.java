package dev.mlops.monitor;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.exception.ValidationException;
import java.util.Objects;

/**
 * One entry of a {@code constraint_violations.json} file: which feature (or metric) broke which check, and why.
 *
 * <p>Serialized with the keys {@code feature_name}, {@code constraint_check_type}, {@code description}, in that order,
 * as the Model Monitor data-quality container does. Monitors whose files name a metric instead of a feature can use
 * the same value and rename the first key when writing.
 */
public final class Violation {
    /** Data type of the current data does not match the baseline's inferred type often enough. */
    public static final String DATA_TYPE_CHECK = "data_type_check";
    /** Fewer non-null values than the baseline's completeness constraint. */
    public static final String COMPLETENESS_CHECK = "completeness_check";
    /** Distribution distance to the baseline exceeds the comparison threshold. */
    public static final String BASELINE_DRIFT_CHECK = "baseline_drift_check";
    /** A baseline column is absent from the current data. */
    public static final String MISSING_COLUMN_CHECK = "missing_column_check";
    /** The current data has a column the baseline does not know. */
    public static final String EXTRA_COLUMN_CHECK = "extra_column_check";
    /** Too many string values outside the baseline's domain. */
    public static final String CATEGORICAL_VALUES_CHECK = "categorical_values_check";

    private final String featureName;
    private final String constraintCheckType;
    private final String description;

    /**
     * Creates a violation.
     *
     * @param featureName the feature (column) or metric the check ran on
     * @param constraintCheckType the check type, e.g. {@link #DATA_TYPE_CHECK}
     * @param description human-readable explanation with the observed and expected values
     */
    public Violation(String featureName, String constraintCheckType, String description) {
        this.featureName = require("Violation.featureName", featureName);
        this.constraintCheckType = require("Violation.constraintCheckType", constraintCheckType);
        this.description = require("Violation.description", description);
    }

    private static String require(String field, String value) {
        if (value == null || value.isEmpty()) {
            throw new ValidationException(field, value, "a non-empty string");
        }
        return value;
    }

    /**
     * The feature or metric the check ran on.
     *
     * @return the name
     */
    public String featureName() {
        return featureName;
    }

    /**
     * The check that failed, e.g. {@code baseline_drift_check}.
     *
     * @return the check type
     */
    public String constraintCheckType() {
        return constraintCheckType;
    }

    /**
     * Why the check failed, with the observed and expected values.
     *
     * @return the description
     */
    public String description() {
        return description;
    }

    /**
     * This violation as a JSON object in file key order.
     *
     * @return a new object node
     */
    public ObjectNode toJson() {
        ObjectNode node = MonitorJson.object();
        node.put("feature_name", featureName);
        node.put("constraint_check_type", constraintCheckType);
        node.put("description", description);
        return node;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Violation v && v.featureName.equals(featureName)
                && v.constraintCheckType.equals(constraintCheckType) && v.description.equals(description);
    }

    @Override
    public int hashCode() {
        return Objects.hash(featureName, constraintCheckType, description);
    }

    @Override
    public String toString() {
        return constraintCheckType + "(" + featureName + "): " + description;
    }
}
