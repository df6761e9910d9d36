package dev.mlops.local.internal.ml;

import dev.mlops.exception.MlopsBackendException;
import dev.mlops.exception.MlopsClientException;
import dev.mlops.monitor.explain.ShapValues;
import java.util.List;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoostError;

/** Exact TreeSHAP for the XGBoost models the embedded backend trains, through XGBoost's native library. */
public final class TreeShap {
    private TreeShap() {
    }

    /**
     * Exact TreeSHAP values from XGBoost's own implementation ({@code Booster.predictContrib}). Values are in the
     * model's margin space (log-odds for {@code binary:logistic}) and the expected value is XGBoost's bias term.
     *
     * @param booster a trained single-output model
     * @param rows the rows to explain, one value per feature ({@code NaN} = missing)
     * @param featureNames one name per column
     * @return the SHAP values
     * @throws MlopsClientException if the rows are empty or ragged, or the model has several outputs
     * @throws MlopsBackendException if XGBoost fails
     */
    public static ShapValues of(Booster booster, float[][] rows, List<String> featureNames) {
        if (rows.length == 0 || featureNames.isEmpty()) {
            throw new MlopsClientException("TreeSHAP: no rows or no feature names to explain (rows: " + rows.length
                    + ", features: " + featureNames + ")");
        }
        int m = featureNames.size();
        float[] flat = new float[rows.length * m];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != m) {
                throw new MlopsClientException("TreeSHAP: row " + i + " has " + rows[i].length + " values, expected "
                        + m + " (one per feature " + featureNames + ")");
            }
            System.arraycopy(rows[i], 0, flat, i * m, m);
        }
        float[][] contrib;
        try {
            DMatrix matrix = new DMatrix(flat, rows.length, m, Float.NaN);
            try {
                contrib = booster.predictContrib(matrix, 0);
            } finally {
                matrix.dispose();
            }
        } catch (XGBoostError e) {
            throw new MlopsBackendException("TreeSHAP: XGBoost could not compute contributions for " + rows.length
                    + " rows of " + m + " features: " + e.getMessage(), e);
        }
        if (contrib[0].length != m + 1) {
            throw new MlopsClientException("TreeSHAP: the model returned " + contrib[0].length + " contributions per "
                    + "row; only single-output models with " + m + " features are supported", null,
                    Map.of("features", Integer.toString(m)));
        }
        double[][] values = new double[rows.length][m];
        for (int i = 0; i < rows.length; i++) {
            for (int j = 0; j < m; j++) {
                values[i][j] = contrib[i][j];
            }
        }
        return ShapValues.of("tree_shap", featureNames, values, contrib[0][m]);
    }

}
