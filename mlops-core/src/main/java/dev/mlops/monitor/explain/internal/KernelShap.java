package dev.mlops.monitor.explain.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.ToDoubleFunction;

/**
 * Kernel SHAP (Lundberg and Lee 2017): Shapley values as the solution of a weighted linear regression of
 * coalition values on coalition membership, with the Shapley kernel as weights and the efficiency constraint
 * (values sum to f(x) - f(baseline)) imposed by eliminating the last feature. Not part of the public API.
 */
public final class KernelShap {

    private KernelShap() {
    }

    /**
     * The coalitions to evaluate, each with its regression weight.
     *
     * @param features number of features
     * @param maxCoalitions enumerate all when there are at most this many, else sample this many
     * @param random source of sampling
     * @return membership masks and weights
     */
    public static Coalitions coalitions(int features, int maxCoalitions, Random random) {
        List<boolean[]> masks = new ArrayList<>();
        List<Double> weights = new ArrayList<>();
        long all = features >= 62 ? Long.MAX_VALUE : (1L << features) - 2;
        if (all <= maxCoalitions) {
            for (long bits = 1; bits <= all; bits++) {
                boolean[] z = new boolean[features];
                int size = 0;
                for (int j = 0; j < features; j++) {
                    z[j] = (bits >> j & 1) == 1;
                    size += z[j] ? 1 : 0;
                }
                masks.add(z);
                weights.add(kernel(features, size));
            }
        } else {
            // Draw sizes with probability proportional to the total kernel weight of that size, then a uniform
            // subset of that size; every draw then has equal weight.
            double[] sizeWeight = new double[features];
            double total = 0;
            for (int s = 1; s < features; s++) {
                sizeWeight[s] = (features - 1.0) / (s * (double) (features - s));
                total += sizeWeight[s];
            }
            for (int k = 0; k < maxCoalitions; k++) {
                double u = random.nextDouble() * total;
                int s = 1;
                while (s < features - 1 && u >= sizeWeight[s]) {
                    u -= sizeWeight[s];
                    s++;
                }
                boolean[] z = new boolean[features];
                int[] idx = new int[features];
                for (int j = 0; j < features; j++) {
                    idx[j] = j;
                }
                for (int j = 0; j < s; j++) {
                    int pick = j + random.nextInt(features - j);
                    int t = idx[j];
                    idx[j] = idx[pick];
                    idx[pick] = t;
                    z[idx[j]] = true;
                }
                masks.add(z);
                weights.add(1.0);
            }
        }
        return new Coalitions(masks, weights);
    }

    /** Shapley kernel weight of a coalition of the given size: (M-1) / (C(M,s) s (M-s)). */
    static double kernel(int m, int s) {
        double binom = 1;
        for (int i = 1; i <= s; i++) {
            binom = binom * (m - s + i) / i;
        }
        return (m - 1.0) / (binom * s * (m - s));
    }

    /**
     * Coalition masks and their regression weights.
     *
     * @param masks which features are "present" in each coalition
     * @param weights regression weight of each coalition
     */
    public record Coalitions(List<boolean[]> masks, List<Double> weights) {
    }

    /**
     * Explains one row.
     *
     * @param model the model
     * @param x the row
     * @param baseline baseline rows (one row for the background-mean baseline)
     * @param coalitions the coalitions to evaluate
     * @param expected the model's mean output over the baseline rows
     * @return one SHAP value per feature
     */
    public static double[] explain(ToDoubleFunction<double[]> model, double[] x, double[][] baseline,
            Coalitions coalitions, double expected) {
        int m = x.length;
        double fx = model.applyAsDouble(x.clone());
        double delta = fx - expected;
        if (m == 1) {
            return new double[] {delta};
        }
        int p = m - 1;
        double[][] xtwx = new double[p][p];
        double[] xtwy = new double[p];
        double[] mixed = new double[m];
        for (int c = 0; c < coalitions.masks().size(); c++) {
            boolean[] z = coalitions.masks().get(c);
            double w = coalitions.weights().get(c);
            double v = 0;
            for (double[] b : baseline) {
                for (int j = 0; j < m; j++) {
                    mixed[j] = z[j] ? x[j] : b[j];
                }
                v += model.applyAsDouble(mixed.clone());
            }
            v /= baseline.length;
            double last = z[m - 1] ? 1 : 0;
            double y = v - expected - last * delta;
            for (int i = 0; i < p; i++) {
                double xi = (z[i] ? 1 : 0) - last;
                xtwy[i] += w * xi * y;
                for (int j = 0; j < p; j++) {
                    xtwx[i][j] += w * xi * ((z[j] ? 1 : 0) - last);
                }
            }
        }
        double[] phi = solve(xtwx, xtwy);
        double[] out = new double[m];
        double sum = 0;
        for (int i = 0; i < p; i++) {
            out[i] = phi[i];
            sum += phi[i];
        }
        out[m - 1] = delta - sum;
        return out;
    }

    /** Gaussian elimination with partial pivoting; a singular direction (unsampled feature) gets 0. */
    static double[] solve(double[][] a, double[] b) {
        int n = b.length;
        double[][] m = new double[n][];
        for (int i = 0; i < n; i++) {
            m[i] = new double[n + 1];
            System.arraycopy(a[i], 0, m[i], 0, n);
            m[i][n] = b[i];
        }
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int r = col + 1; r < n; r++) {
                if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) {
                    pivot = r;
                }
            }
            double[] t = m[col];
            m[col] = m[pivot];
            m[pivot] = t;
            if (Math.abs(m[col][col]) < 1e-12) {
                continue;
            }
            for (int r = 0; r < n; r++) {
                if (r != col) {
                    double f = m[r][col] / m[col][col];
                    for (int c = col; c <= n; c++) {
                        m[r][c] -= f * m[col][c];
                    }
                }
            }
        }
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = Math.abs(m[i][i]) < 1e-12 ? 0.0 : m[i][n] / m[i][i];
        }
        return x;
    }
}
