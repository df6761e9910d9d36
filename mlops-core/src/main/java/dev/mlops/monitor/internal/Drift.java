package dev.mlops.monitor.internal;

import dev.mlops.monitor.dataquality.FeatureStatistics.CategoryCount;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * deequ's L-infinity distribution distances, which Model Monitor uses for {@code baseline_drift_check}.
 *
 * <p>Simple: the largest absolute difference between the two empirical CDFs (numerical, rebuilt from the KLL
 * sketches with weight 2^level per item) or between per-category frequencies (categorical). Robust: the simple
 * distance minus the two-sample Kolmogorov-Smirnov critical value {@code 1.8 * sqrt((n + m) / (n * m))}, floored at
 * 0, so small samples do not raise false alarms.
 */
public final class Drift {
    /** deequ's default critical-value coefficient (≈ α 0.003). */
    public static final double C_ALPHA = 1.8;

    private Drift() {
    }

    /**
     * Numerical distance between two KLL sketches.
     *
     * @param baseline baseline sketch data, level 0 first
     * @param current current sketch data
     * @param robust true for the KS-corrected distance
     * @return the distance, NaN when either sketch is empty
     */
    public static double numerical(double[][] baseline, double[][] current, boolean robust) {
        WeightedItems a = WeightedItems.of(baseline);
        WeightedItems b = WeightedItems.of(current);
        double n = a.total();
        double m = b.total();
        if (n == 0 || m == 0) {
            return Double.NaN;
        }
        double linf = 0;
        for (double v : a.values()) {
            linf = Math.max(linf, Math.abs(a.rankInclusive(v) / n - b.rankInclusive(v) / m));
        }
        for (double v : b.values()) {
            linf = Math.max(linf, Math.abs(a.rankInclusive(v) / n - b.rankInclusive(v) / m));
        }
        return robust ? robust(linf, n, m) : linf;
    }

    /**
     * Categorical distance: the largest per-category frequency difference.
     *
     * @param baseline baseline category counts
     * @param current current category counts
     * @param robust true for the KS-corrected distance
     * @return the distance, NaN when either side is empty
     */
    public static double categorical(List<CategoryCount> baseline, List<CategoryCount> current, boolean robust) {
        Map<String, Long> a = new HashMap<>();
        Map<String, Long> b = new HashMap<>();
        baseline.forEach(c -> a.merge(c.value(), c.count(), Long::sum));
        current.forEach(c -> b.merge(c.value(), c.count(), Long::sum));
        double n = a.values().stream().mapToLong(Long::longValue).sum();
        double m = b.values().stream().mapToLong(Long::longValue).sum();
        if (n == 0 || m == 0) {
            return Double.NaN;
        }
        TreeSet<String> keys = new TreeSet<>(a.keySet());
        keys.addAll(b.keySet());
        double linf = 0;
        for (String k : keys) {
            linf = Math.max(linf, Math.abs(a.getOrDefault(k, 0L) / n - b.getOrDefault(k, 0L) / m));
        }
        return robust ? robust(linf, n, m) : linf;
    }

    private static double robust(double linf, double n, double m) {
        return Math.max(0.0, linf - C_ALPHA * Math.sqrt((n + m) / (n * m)));
    }
}
