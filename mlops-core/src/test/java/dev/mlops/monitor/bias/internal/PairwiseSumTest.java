package dev.mlops.monitor.bias.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** numpy's summation order, checked on values where a running sum rounds differently. */
class PairwiseSumTest {
    @Test
    void shortArraysAreSummedOneByOneFromMinusZero() {
        assertThat(PairwiseSum.sum(new double[] {1e16, 1.0, 1.0, -1e16})).isEqualTo(0.0);
        assertThat(Double.doubleToRawLongBits(PairwiseSum.sum(new double[] {-0.0, -0.0})))
                .isEqualTo(Double.doubleToRawLongBits(-0.0));
        assertThat(PairwiseSum.sum(new double[0])).isEqualTo(-0.0);
    }

    @Test
    void blocksUseEightInterleavedPartialSums() {
        // 16 values: lanes j and j + 8 meet first; a running sum loses the first 1 against 1e16, the lanes keep it
        double[] a = new double[16];
        a[0] = 1e16;
        a[1] = 1.0;
        a[8] = -1e16;
        a[9] = 1.0;
        double running = 0;
        for (double x : a) {
            running += x;
        }
        assertThat(running).isEqualTo(1.0);
        // lane 0: 1e16 + -1e16 = 0, lane 1: 1 + 1 = 2
        assertThat(PairwiseSum.sum(a)).isEqualTo(2.0);
    }

    @Test
    void longArraysSplitAtAMultipleOfEight() {
        // 300 values split as 144 + 156 (150 rounded down to a multiple of 8), then 72 + 72 and 72 + 84
        double[] a = new double[300];
        for (int i = 0; i < a.length; i++) {
            a[i] = 0.1 * (i % 7) + 1e-3 * i;
        }
        double left = block(a, 0, 72) + block(a, 72, 72);
        double right = block(a, 144, 72) + block(a, 216, 84);
        assertThat(PairwiseSum.sum(a)).isEqualTo(left + right);
    }

    private static double block(double[] a, int from, int n) {
        double[] r = Arrays.copyOfRange(a, from, from + 8);
        int i = 8;
        for (; i < n - n % 8; i += 8) {
            for (int j = 0; j < 8; j++) {
                r[j] += a[from + i + j];
            }
        }
        double res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
        for (; i < n; i++) {
            res += a[from + i];
        }
        return res;
    }
}
