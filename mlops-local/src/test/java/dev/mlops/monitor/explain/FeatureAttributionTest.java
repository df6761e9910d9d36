package dev.mlops.monitor.explain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mlops.exception.MlopsClientException;
import dev.mlops.local.internal.ml.TreeShap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.ToDoubleFunction;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.junit.jupiter.api.Test;

class FeatureAttributionTest {

    static final List<String> NAMES = List.of("x0", "x1", "x2");

    static float[][] data(int n, long seed) {
        Random r = new Random(seed);
        float[][] x = new float[n][3];
        for (float[] row : x) {
            for (int j = 0; j < 3; j++) {
                row[j] = r.nextFloat();
            }
        }
        return x;
    }

    static Booster train(float[][] x, int depth) throws XGBoostError {
        float[] flat = new float[x.length * 3];
        float[] y = new float[x.length];
        Random noise = new Random(3);
        for (int i = 0; i < x.length; i++) {
            System.arraycopy(x[i], 0, flat, i * 3, 3);
            y[i] = 3 * x[i][0] + (x[i][1] > 0.5f ? 2 : 0) - x[i][2] + (float) noise.nextGaussian() * 0.1f;
        }
        DMatrix train = new DMatrix(flat, x.length, 3, Float.NaN);
        train.setLabel(y);
        Map<String, Object> params = new HashMap<>();
        params.put("max_depth", depth);
        params.put("eta", 0.3);
        params.put("objective", "reg:squarederror");
        params.put("tree_method", "exact");
        params.put("nthread", 1);
        params.put("seed", 0);
        Booster booster = XGBoost.train(train, params, 30, new HashMap<>(), null, null);
        train.dispose();
        return booster;
    }

    static ToDoubleFunction<double[]> model(Booster booster) {
        return row -> {
            float[] f = new float[row.length];
            for (int j = 0; j < row.length; j++) {
                f[j] = (float) row[j];
            }
            try {
                return booster.inplace_predict(f, 1, row.length, Float.NaN)[0][0];
            } catch (XGBoostError e) {
                throw new IllegalStateException(e);
            }
        };
    }

    static double[][] toDouble(float[][] x) {
        double[][] out = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            out[i] = new double[x[i].length];
            for (int j = 0; j < x[i].length; j++) {
                out[i][j] = x[i][j];
            }
        }
        return out;
    }

    @Test
    void treeShapAddsUpToTheModelsPrediction() throws XGBoostError {
        float[][] train = data(100, 1);
        Booster booster = train(train, 3);
        float[][] rows = data(5, 2);
        ShapValues shap = TreeShap.of(booster, rows, NAMES);
        ToDoubleFunction<double[]> f = model(booster);
        double[][] rowsD = toDouble(rows);
        for (int i = 0; i < rows.length; i++) {
            double sum = shap.expectedValue();
            for (double v : shap.row(i)) {
                sum += v;
            }
            assertThat(sum).isCloseTo(f.applyAsDouble(rowsD[i]), within(1e-4));
        }
        // x0 carries most of the signal (slope 3 over [0, 1])
        Map<String, Double> global = shap.globalMeanAbs();
        assertThat(global.get("x0")).isGreaterThan(global.get("x2"));
        assertThat(shap.method()).isEqualTo("tree_shap");
        booster.dispose();
    }

    @Test
    void kernelShapEqualsTreeShapOnAnAdditiveModelWithTheTrainingDataAsBackground() throws XGBoostError {
        // Stumps make the model additive; with squared error every training row has cover 1, so TreeSHAP's
        // expectations equal plain averages over the training rows, which is what Kernel SHAP computes when the
        // training rows are its background.
        float[][] train = data(100, 1);
        Booster booster = train(train, 1);
        float[][] rows = data(4, 2);
        ShapValues tree = TreeShap.of(booster, rows, NAMES);
        ShapValues kernel = FeatureAttribution.kernelShap(model(booster), toDouble(train), toDouble(rows), NAMES,
                KernelShapOptions.defaults().withFullBackground());
        assertThat(kernel.expectedValue()).isCloseTo(tree.expectedValue(), within(1e-4));
        for (int i = 0; i < rows.length; i++) {
            for (int j = 0; j < 3; j++) {
                assertThat(kernel.row(i)[j]).as("row %d feature %d", i, j).isCloseTo(tree.row(i)[j], within(1e-4));
            }
        }
        booster.dispose();
    }

    @Test
    void kernelShapWithBackgroundMeanIsAdditiveOnADeeperModel() throws XGBoostError {
        float[][] train = data(100, 1);
        Booster booster = train(train, 3);
        double[][] rows = toDouble(data(5, 2));
        ToDoubleFunction<double[]> f = model(booster);
        ShapValues kernel = FeatureAttribution.kernelShap(f, toDouble(train), rows, NAMES, KernelShapOptions.defaults());
        double[] mean = new double[3];
        for (double[] b : toDouble(train)) {
            for (int j = 0; j < 3; j++) {
                mean[j] += b[j] / train.length;
            }
        }
        assertThat(kernel.expectedValue()).isEqualTo(f.applyAsDouble(mean));
        for (int i = 0; i < rows.length; i++) {
            double sum = kernel.expectedValue();
            for (double v : kernel.row(i)) {
                sum += v;
            }
            assertThat(sum).isCloseTo(f.applyAsDouble(rows[i]), within(1e-9));
        }
        booster.dispose();
    }

    @Test
    void sampledKernelShapIsExactForALinearModelAndRepeatableWithItsSeed() {
        int m = 12;
        double[] w = new double[m];
        for (int j = 0; j < m; j++) {
            w[j] = j - 5.5;
        }
        ToDoubleFunction<double[]> linear = x -> {
            double s = 1;
            for (int j = 0; j < m; j++) {
                s += w[j] * x[j];
            }
            return s;
        };
        Random r = new Random(9);
        double[][] background = new double[20][m];
        for (double[] b : background) {
            for (int j = 0; j < m; j++) {
                b[j] = r.nextGaussian();
            }
        }
        double[][] row = {background[0].clone()};
        row[0][3] += 2;
        List<String> names = java.util.stream.IntStream.range(0, m).mapToObj(j -> "f" + j).toList();
        // 2^12 - 2 coalitions exceed 300, so they are sampled
        KernelShapOptions options = KernelShapOptions.defaults().withMaxCoalitions(300).withSeed(42);
        ShapValues shap = FeatureAttribution.kernelShap(linear, background, row, names, options);
        for (int j = 0; j < m; j++) {
            double mean = 0;
            for (double[] b : background) {
                mean += b[j] / background.length;
            }
            // exact SHAP of a linear model against a mean baseline: w_j (x_j - mean_j)
            assertThat(shap.row(0)[j]).isCloseTo(w[j] * (row[0][j] - mean), within(1e-9));
        }
        assertThat(FeatureAttribution.kernelShap(linear, background, row, names, options).row(0))
                .containsExactly(shap.row(0));
    }

    @Test
    void badInputNamesTheProblem() {
        ToDoubleFunction<double[]> f = x -> x[0];
        assertThatThrownBy(() -> FeatureAttribution.kernelShap(f, new double[][] {{1, 2}}, new double[][] {{1, Double.NaN}},
                List.of("a", "b"), KernelShapOptions.defaults()))
                .isInstanceOf(MlopsClientException.class).hasMessageContaining("row 0 has NaN in column 1");
        assertThatThrownBy(() -> FeatureAttribution.kernelShap(f, new double[][] {{1, 2}}, new double[0][],
                List.of("a", "b"), KernelShapOptions.defaults()))
                .isInstanceOf(MlopsClientException.class).hasMessageContaining("no rows");
        assertThatThrownBy(() -> FeatureAttribution.kernelShap(f, new double[][] {{1, 2}}, new double[][] {{1, 2}},
                List.of("a"), KernelShapOptions.defaults()))
                .isInstanceOf(MlopsClientException.class).hasMessageContaining("1 feature names");
    }
}
