package dev.mlops.monitor.internal;

/**
 * The {@code description} texts of {@code constraint_violations.json}, each with where its wording comes from.
 * Numbers are printed with {@link Double#toString(double)}, as the Scala container prints them. Sources (see
 * {@code docs/monitoring.md}, "Violation texts"):
 * <ul>
 *   <li>data type and numerical drift: the current container's wording, seen in real outputs;</li>
 *   <li>completeness and categorical values: the only real wording published, deequ's constraint message of the
 *       2019–2020 container (the current container's text for these two is not published anywhere we found);</li>
 *   <li>categorical drift, missing and extra column: inferred (no real output published).</li>
 * </ul>
 */
public final class ViolationTexts {
    private ViolationTexts() {
    }

    /**
     * {@code data_type_check}, current wording (real outputs: "Expected match: 100.0%. Observed: Only
     * 99.64592817400101% of data is Integral.").
     *
     * @param expectedType the baseline's inferred type
     * @param expectedPercent {@code datatype_check_threshold * 100}
     * @param observedPercent matching values as a percentage of non-null values
     * @return the description
     */
    public static String dataType(String expectedType, double expectedPercent, double observedPercent) {
        return "Data type match requirement is not met. Expected data type: " + expectedType + ", Expected match: "
                + expectedPercent + "%. Observed: Only " + observedPercent + "% of data is " + expectedType + ".";
    }

    /**
     * {@code completeness_check} and {@code categorical_values_check}: deequ's failed-constraint message, trailing
     * space included, as in the real 2019–2020 outputs ("Value: 0.0 does not meet the constraint requirement! ").
     *
     * @param value the observed completeness or in-domain fraction
     * @return the description
     */
    public static String constraintValue(double value) {
        return "Value: " + value + " does not meet the constraint requirement! ";
    }

    /**
     * {@code baseline_drift_check} of a numerical feature, current wording (real output: "Numerical distance:
     * 0.2711598746081505 exceeds numerical threshold: …"; AWS's own report parser matches {@code distance: (.+)
     * exceeds}).
     *
     * @param distance the distance
     * @param threshold the comparison threshold
     * @return the description
     */
    public static String numericalDrift(double distance, double threshold) {
        return "Numerical distance: " + distance + " exceeds numerical threshold: " + threshold;
    }

    /**
     * {@code baseline_drift_check} of a String feature: inferred from the numerical text.
     *
     * @param distance the distance
     * @param threshold the categorical comparison threshold
     * @return the description
     */
    public static String categoricalDrift(double distance, double threshold) {
        return "Categorical distance: " + distance + " exceeds categorical threshold: " + threshold;
    }

    /**
     * {@code missing_column_check}: inferred (the documentation compares column counts, so the text names both).
     *
     * @param column the baseline column that is missing
     * @param currentColumns columns in the current dataset
     * @param baselineColumns columns in the baseline constraints
     * @return the description
     */
    public static String missingColumn(String column, int currentColumns, int baselineColumns) {
        return "Column " + column + " of the baseline is missing from the current dataset. Number of columns in "
                + "current dataset: " + currentColumns + ", Number of columns in baseline constraints: "
                + baselineColumns + ".";
    }

    /**
     * {@code extra_column_check}: inferred, as {@link #missingColumn}.
     *
     * @param column the current column the baseline does not have
     * @param currentColumns columns in the current dataset
     * @param baselineColumns columns in the baseline constraints
     * @return the description
     */
    public static String extraColumn(String column, int currentColumns, int baselineColumns) {
        return "Column " + column + " of the current dataset is not in the baseline. Number of columns in current "
                + "dataset: " + currentColumns + ", Number of columns in baseline constraints: " + baselineColumns
                + ".";
    }
}
