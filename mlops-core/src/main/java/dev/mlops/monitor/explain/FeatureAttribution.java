package dev.mlops.monitor.explain;

import dev.mlops.exception.MlopsClientException;
import dev.mlops.exception.ValidationException;
import dev.mlops.monitor.explain.internal.KernelShap;
import java.util.List;
import java.util.Random;
import java.util.function.ToDoubleFunction;

/**
 * Computes SHAP feature attributions with Kernel SHAP, for any model given as a scoring function. (Exact TreeSHAP
 * needs XGBoost's native library and lives with the embedded backend, which trains such models.)
 *
 * <pre>{@code
 * ShapValues kernel = FeatureAttribution.kernelShap(model::predict, background, rows, names,
 *         KernelShapOptions.defaults());
 * }</pre>
 */
public final class FeatureAttribution {

    private FeatureAttribution() {
    }

    /**
     * Kernel SHAP for any model, with a fixed seed. The baseline is the mean of the background rows (Clarify's
     * default) or, with {@link KernelShapOptions#withFullBackground()}, every background row.
     *
     * @param model the model; called with fresh arrays it may keep
     * @param background representative rows, e.g. a sample of the training data
     * @param rows the rows to explain
     * @param featureNames one name per column
     * @param options sampling settings
     * @return the SHAP values
     * @throws MlopsClientException if the rows or background are empty, ragged, or contain NaN
     */
    public static ShapValues kernelShap(ToDoubleFunction<double[]> model, double[][] background, double[][] rows,
            List<String> featureNames, KernelShapOptions options) {
        if (background.length == 0) {
            throw new ValidationException("kernelShap.background", "0 rows", "at least one row");
        }
        int m = checkShape(rows.length, rows.length == 0 ? 0 : rows[0].length, featureNames);
        checkRows(background, m, "background");
        checkRows(rows, m, "row");
        double[][] baseline = background;
        if (options.useBackgroundMean()) {
            double[] mean = new double[m];
            for (double[] b : background) {
                for (int j = 0; j < m; j++) {
                    mean[j] += b[j] / background.length;
                }
            }
            baseline = new double[][] {mean};
        }
        double expected = 0;
        for (double[] b : baseline) {
            expected += model.applyAsDouble(b.clone());
        }
        expected /= baseline.length;
        KernelShap.Coalitions coalitions = KernelShap.coalitions(m, options.maxCoalitions(),
                new Random(options.seed()));
        double[][] values = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            values[i] = KernelShap.explain(model, rows[i], baseline, coalitions, expected);
        }
        return new ShapValues("kernel_shap", featureNames, values, expected);
    }

    static int checkShape(int rows, int columns, List<String> names) {
        if (rows == 0) {
            throw new MlopsClientException("SHAP: no rows to explain were given");
        }
        if (columns != names.size()) {
            throw new MlopsClientException("SHAP: rows have " + columns + " values but " + names.size()
                    + " feature names were given " + names);
        }
        return columns;
    }

    private static void checkRows(double[][] rows, int m, String what) {
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != m) {
                throw new MlopsClientException("Kernel SHAP: " + what + " " + i + " has " + rows[i].length
                        + " values, expected " + m);
            }
            for (int j = 0; j < m; j++) {
                if (Double.isNaN(rows[i][j])) {
                    throw new MlopsClientException("Kernel SHAP: " + what + " " + i + " has NaN in column " + j
                            + "; impute missing values first, the model function cannot be asked about them");
                }
            }
        }
    }
}
