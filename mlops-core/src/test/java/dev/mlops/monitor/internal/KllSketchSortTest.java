package dev.mlops.monitor.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The level-0 bucket sort must give exactly, bit for bit, what {@link Arrays#sort(double[], int, int)} gives. */
class KllSketchSortTest {
    private static final double[] SPECIAL = {0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MAX_VALUE,
        -Double.MAX_VALUE, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_NORMAL, 1.0, -1.0, 0.1,
        Double.longBitsToDouble(0x7ff8000000000001L), Double.NaN, Double.longBitsToDouble(0xfff8000000000000L)};

    @Test
    void bucketSortMatchesArraysSort() {
        SplittableRandom r = new SplittableRandom(42);
        int[][] hist = KllSketch.newHistograms();
        for (int round = 0; round < 2000; round++) {
            int n = r.nextInt(0, 2100);
            boolean nans = round % 10 == 0;
            double[] a = new double[n + 3];
            for (int i = 0; i < a.length; i++) {
                a[i] = switch (r.nextInt(6)) {
                    case 0 -> SPECIAL[r.nextInt(nans ? SPECIAL.length : SPECIAL.length - 3)];
                    case 1 -> r.nextInt(-5, 5);
                    case 2 -> Double.longBitsToDouble(r.nextLong());
                    case 3 -> r.nextGaussian() * Math.pow(10, r.nextInt(-300, 300));
                    default -> (long) (r.nextDouble() * 1e8) / 100.0 * (r.nextBoolean() ? 1 : -1);
                };
                if (!nans && Double.isNaN(a[i])) {
                    a[i] = 0.5;
                }
            }
            double[] expected = a.clone();
            Arrays.sort(expected, 0, n);
            double[] actual = a.clone();
            KllSketch.bucketSort(actual, n, new long[n], new long[n], hist);
            assertArrayEquals(bits(expected), bits(actual), "round " + round + ", n " + n);
        }
    }

    @Test
    void runMergeMatchesArraysSort() {
        SplittableRandom r = new SplittableRandom(7);
        for (int round = 0; round < 2000; round++) {
            int n = r.nextInt(0, 2100);
            boolean nans = round % 10 == 0;
            double[] a = new double[n + 3];
            for (int i = 0; i < a.length; i++) {
                a[i] = switch (r.nextInt(5)) {
                    case 0 -> SPECIAL[r.nextInt(nans ? SPECIAL.length : SPECIAL.length - 3)];
                    case 1 -> r.nextInt(-5, 5);
                    case 2 -> Double.longBitsToDouble(r.nextLong());
                    default -> (long) (r.nextDouble() * 1e8) / 100.0 * (r.nextBoolean() ? 1 : -1);
                };
                if (!nans && Double.isNaN(a[i])) {
                    a[i] = 0.5;
                }
            }
            // the shape of a KLL level above 0: an optional leftover, then a few sorted runs (or random data,
            // or many runs, to cover the fallbacks)
            int shape = r.nextInt(4);
            int pos = shape == 0 ? 0 : r.nextInt(2);
            int runs = shape == 3 ? 100 : 1 + r.nextInt(5);
            while (shape != 1 && pos < n) {
                int end = Math.min(n, pos + Math.max(1, n / runs));
                Arrays.sort(a, pos, end);
                pos = end;
            }
            double[] expected = a.clone();
            Arrays.sort(expected, 0, n);
            double[] actual = a.clone();
            KllSketch.mergeSortRuns(actual, n, new long[n], new long[n]);
            assertArrayEquals(bits(expected), bits(actual), "round " + round + ", n " + n);
        }
    }

    private static long[] bits(double[] a) {
        long[] out = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = Double.doubleToRawLongBits(a[i]);
        }
        return out;
    }
}
