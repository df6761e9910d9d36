package dev.mlops.monitor.internal;

import java.util.Arrays;

/**
 * The items of a KLL sketch sorted with their cumulative weights, for rank queries and CDF distances.
 * An item at level {@code h} weighs {@code 2^h}.
 */
public final class WeightedItems {
    private final double[] values;
    private final long[] cumulative;

    private WeightedItems(double[] values, long[] cumulative) {
        this.values = values;
        this.cumulative = cumulative;
    }

    /**
     * Builds the rank table of sketch data (level 0 first).
     *
     * @param data level buffers
     * @return the table, with one entry per distinct value
     */
    public static WeightedItems of(double[][] data) {
        int n = 0;
        for (double[] level : data) {
            n += level.length;
        }
        double[] v = new double[n];
        long[] w = new long[n];
        Integer[] order = new Integer[n];
        int i = 0;
        for (int h = 0; h < data.length; h++) {
            for (double x : data[h]) {
                v[i] = x;
                w[i] = 1L << h;
                order[i] = i;
                i++;
            }
        }
        Arrays.sort(order, (a, b) -> Double.compare(v[a], v[b]));
        double[] values = new double[n];
        long[] cum = new long[n];
        int distinct = 0;
        long running = 0;
        for (int j = 0; j < n; j++) {
            int idx = order[j];
            running += w[idx];
            if (distinct > 0 && Double.compare(values[distinct - 1], v[idx]) == 0) {
                cum[distinct - 1] = running;
            } else {
                values[distinct] = v[idx];
                cum[distinct] = running;
                distinct++;
            }
        }
        return new WeightedItems(Arrays.copyOf(values, distinct), Arrays.copyOf(cum, distinct));
    }

    /**
     * Total weight.
     *
     * @return the sum of all weights
     */
    public long total() {
        return cumulative.length == 0 ? 0 : cumulative[cumulative.length - 1];
    }

    /**
     * Distinct values, ascending.
     *
     * @return the backing array; do not modify
     */
    public double[] values() {
        return values;
    }

    /**
     * Weight of items {@code <= x} (deequ {@code getRank}).
     *
     * @param x the query
     * @return the inclusive rank
     */
    public long rankInclusive(double x) {
        int lo = 0;
        int hi = values.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (values[mid] <= x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo == 0 ? 0 : cumulative[lo - 1];
    }

    /**
     * Weight of items {@code < x} (deequ {@code getRankExclusive}).
     *
     * @param x the query
     * @return the exclusive rank
     */
    public long rankExclusive(double x) {
        int lo = 0;
        int hi = values.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (values[mid] < x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo == 0 ? 0 : cumulative[lo - 1];
    }
}
