package dev.mlops.monitor.explain;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Local SHAP values of a set of rows: one attribution per row and feature, plus the expected value (the model
 * output with no feature known), so that for every row {@code expectedValue + sum(values[row]) = f(row)}.
 * Immutable; arrays are copied in and out.
 */
public final class ShapValues {

    private final String method;
    private final List<String> featureNames;
    private final double[][] values;
    private final double expectedValue;

    /**
     * Makes SHAP values computed elsewhere (for instance by a backend's TreeSHAP).
     *
     * @param method e.g. {@code tree_shap} or {@code kernel_shap}
     * @param featureNames one name per column
     * @param values one row of attributions per explained row
     * @param expectedValue the model's expected output (the attributions' base)
     * @return the values
     */
    public static ShapValues of(String method, List<String> featureNames, double[][] values, double expectedValue) {
        return new ShapValues(method, featureNames, values, expectedValue);
    }

    ShapValues(String method, List<String> featureNames, double[][] values, double expectedValue) {
        this.method = method;
        this.featureNames = List.copyOf(featureNames);
        this.values = copy(values);
        this.expectedValue = expectedValue;
    }

    private static double[][] copy(double[][] a) {
        double[][] out = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i].clone();
        }
        return out;
    }

    /**
     * How the values were computed: {@code "kernel_shap"} (Clarify's method key) or {@code "tree_shap"}.
     *
     * @return the method key
     */
    public String method() {
        return method;
    }

    /**
     * The feature names, in column order.
     *
     * @return an unmodifiable list
     */
    public List<String> featureNames() {
        return featureNames;
    }

    /**
     * The number of rows explained.
     *
     * @return the count
     */
    public int rows() {
        return values.length;
    }

    /**
     * The SHAP values of one row.
     *
     * @param row the row index
     * @return a copy, one value per feature
     */
    public double[] row(int row) {
        return values[row].clone();
    }

    /**
     * The expected value (base value) the attributions add up from.
     *
     * @return the value
     */
    public double expectedValue() {
        return expectedValue;
    }

    /**
     * Global attribution per feature: the mean absolute SHAP value over the rows (Clarify's {@code mean_abs}).
     *
     * @return feature name to mean |SHAP|, in column order
     */
    public Map<String, Double> globalMeanAbs() {
        Map<String, Double> out = new LinkedHashMap<>();
        for (int j = 0; j < featureNames.size(); j++) {
            double s = 0;
            for (double[] row : values) {
                s += Math.abs(row[j]);
            }
            out.put(featureNames.get(j), values.length == 0 ? 0.0 : s / values.length);
        }
        return Collections.unmodifiableMap(out);
    }
}
