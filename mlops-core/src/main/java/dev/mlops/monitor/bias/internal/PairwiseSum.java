package dev.mlops.monitor.bias.internal;

/**
 * Sums doubles in the order numpy's {@code add.reduce} (so {@code np.sum} and pandas' {@code Series.sum}) adds them
 * on a contiguous float64 array, so that the metrics smclarify computes with numpy come out bit for bit the same. A
 * sequential loop rounds differently: on the published Clarify baseline, GE comes out an ulp or more away.
 *
 * <p>numpy's pairwise summation: fewer than 8 values are added one by one (from -0.0, which keeps a sum of -0.0
 * values -0.0); up to 128 values are added into 8 interleaved partial sums, combined as
 * {@code ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))}, and the values past the last multiple of 8 are added
 * one by one; longer arrays are split at half their length rounded down to a multiple of 8, and the two halves are
 * summed recursively.
 */
final class PairwiseSum {
    /** numpy's {@code PW_BLOCKSIZE}: the longest run summed by one unrolled leaf. */
    private static final int BLOCK = 128;
    private static final int UNROLL = 8;

    private PairwiseSum() {
    }

    /**
     * The sum of all values, as numpy adds them.
     *
     * @param a the values
     * @return their sum
     */
    static double sum(double[] a) {
        return sum(a, 0, a.length);
    }

    private static double sum(double[] a, int from, int n) {
        if (n < UNROLL) {
            double res = -0.0;
            for (int i = 0; i < n; i++) {
                res += a[from + i];
            }
            return res;
        }
        if (n <= BLOCK) {
            double[] r = new double[UNROLL];
            System.arraycopy(a, from, r, 0, UNROLL);
            int i = UNROLL;
            for (; i < n - (n % UNROLL); i += UNROLL) {
                for (int j = 0; j < UNROLL; j++) {
                    r[j] += a[from + i + j];
                }
            }
            double res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
            for (; i < n; i++) {
                res += a[from + i];
            }
            return res;
        }
        int half = n / 2;
        half -= half % UNROLL;
        return sum(a, from, half) + sum(a, from + half, n - half);
    }
}
