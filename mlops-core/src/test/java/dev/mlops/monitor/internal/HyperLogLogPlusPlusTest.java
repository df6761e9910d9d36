package dev.mlops.monitor.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** deequ's HyperLogLog++ (p = 9): the abalone columns, the bias-corrected range, merging. */
class HyperLogLogPlusPlusTest {
    static final int LENGTH = 1;
    static final int HEIGHT = 3;
    static final int RINGS = 8;

    static List<String[]> abalone() throws IOException {
        try (InputStream in = HyperLogLogPlusPlusTest.class.getResourceAsStream("/dev/mlops/seed/data/abalone.csv")) {
            List<String[]> rows = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    rows.add(line.strip().split(","));
                }
            }
            return rows;
        }
    }

    private static long estimateOfStrings(Iterable<String> values) {
        HyperLogLogPlusPlus h = new HyperLogLogPlusPlus();
        for (String v : values) {
            byte[] b = v.getBytes(StandardCharsets.UTF_8);
            h.add(b, 0, b.length);
        }
        return h.estimate();
    }

    private static long estimateOfColumn(List<String[]> rows, int column) {
        List<String> values = new ArrayList<>();
        for (String[] r : rows) {
            values.add(r[column]);
        }
        return estimateOfStrings(values);
    }

    @Test
    void precisionIsNine() {
        assertThat(HyperLogLogPlusPlus.P).isEqualTo(9);
    }

    @Test
    void abaloneColumnsAsStrings() throws IOException {
        List<String[]> rows = abalone();
        assertThat(rows).hasSize(4177);
        // exact counts 134 / 51 / 28; hashing the CSV text of each value (a String column) gives 133 / 52 / 29:
        // height has 463 empty registers, 512 * ln(512 / 463) = 51.51, which rounds to 52
        assertThat(estimateOfColumn(rows, LENGTH)).isEqualTo(133);
        assertThat(estimateOfColumn(rows, HEIGHT)).isEqualTo(52);
        assertThat(estimateOfColumn(rows, RINGS)).isEqualTo(29);
    }

    @Test
    void abaloneColumnsAsSparkNumbers() throws IOException {
        // hashed as Spark hashes a double column (length, height) and an integer column (rings, 15 not 15.0):
        // 133 / 50 / 29, the values the reference run reported
        List<String[]> rows = abalone();
        HyperLogLogPlusPlus length = new HyperLogLogPlusPlus();
        HyperLogLogPlusPlus height = new HyperLogLogPlusPlus();
        HyperLogLogPlusPlus rings = new HyperLogLogPlusPlus();
        for (String[] r : rows) {
            length.addHash(XxHash64.hashDouble(Double.parseDouble(r[LENGTH]), XxHash64.SPARK_HLL_SEED));
            height.addHash(XxHash64.hashDouble(Double.parseDouble(r[HEIGHT]), XxHash64.SPARK_HLL_SEED));
            rings.addHash(XxHash64.hashInt((int) Double.parseDouble(r[RINGS]), XxHash64.SPARK_HLL_SEED));
        }
        assertThat(length.estimate()).isEqualTo(133);
        assertThat(height.estimate()).isEqualTo(50);
        assertThat(rings.estimate()).isEqualTo(29);
    }

    @Test
    void largerCardinalitiesUseTheBiasTables() {
        // "0", "1", ... "n-1"; expected values from an independent model of XXH64 and deequ's estimator; 100 to 300
        // are linear counting, 500 to 2,000 bias-corrected, 3,000 and above the raw estimate (at least 5m = 2,560)
        int[] n = {10, 100, 300, 500, 1000, 3000, 10000};
        long[] expected = {10, 104, 296, 504, 1016, 2788, 9093};
        for (int i = 0; i < n.length; i++) {
            List<String> values = new ArrayList<>();
            for (int v = 0; v < n[i]; v++) {
                values.add(Integer.toString(v));
            }
            assertThat(estimateOfStrings(values)).as("n = %d", n[i]).isEqualTo(expected[i]);
        }
    }

    @Test
    void biasIsTheMeanOfTheNearestTableEntries() {
        // below the table: its first six biases; above it the window is cut at the end of the table and holds only
        // the last five, which deequ (and Spark) average as they are
        assertThat(HyperLogLogPlusPlus.bias(0)).isEqualTo(
                (368 + 361.8294 + 355.2452 + 348.6698 + 342.1464 + 336.2024) / 6);
        assertThat(HyperLogLogPlusPlus.bias(1e9)).isEqualTo((-10.5473999999999 + -7.34139999999979
                + -6.80999999999995 + -6.29719999999998 + -6.23199999999997) / 5);
    }

    @Test
    void mergingChunksInAnyOrderEqualsOneSketch() {
        Random r = new Random(5);
        List<String> values = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            values.add("v" + r.nextInt(3000));
        }
        long whole = estimateOfStrings(values);
        assertThat(whole).isEqualTo(estimateOfStrings(new LinkedHashSet<>(values)));
        for (int trial = 0; trial < 5; trial++) {
            List<String> shuffled = new ArrayList<>(values);
            Collections.shuffle(shuffled, r);
            List<HyperLogLogPlusPlus> parts = new ArrayList<>();
            int chunk = 1 + r.nextInt(1500);
            for (int i = 0; i < shuffled.size(); i += chunk) {
                HyperLogLogPlusPlus h = new HyperLogLogPlusPlus();
                for (String v : shuffled.subList(i, Math.min(i + chunk, shuffled.size()))) {
                    byte[] b = v.getBytes(StandardCharsets.UTF_8);
                    h.add(b, 0, b.length);
                }
                parts.add(h);
            }
            // (a + b) + c and a + (b + c)
            HyperLogLogPlusPlus left = new HyperLogLogPlusPlus();
            for (HyperLogLogPlusPlus p : parts) {
                left.merge(p);
            }
            HyperLogLogPlusPlus right = new HyperLogLogPlusPlus();
            for (int i = parts.size() - 1; i >= 0; i--) {
                HyperLogLogPlusPlus p = parts.get(i).copy();
                p.merge(right);
                right = p;
            }
            assertThat(left.estimate()).isEqualTo(whole);
            assertThat(right.estimate()).isEqualTo(whole);
        }
    }

    @Test
    void categoryCounterAgreesWithTheSketchBeyondItsExactLimit() {
        Set<String> all = new LinkedHashSet<>();
        CategoryCounter a = new CategoryCounter();
        CategoryCounter b = new CategoryCounter();
        for (int i = 0; i < 30_000; i++) {
            String v = "k" + (i * 7919 % 25_000);
            all.add(v);
            byte[] bytes = v.getBytes(StandardCharsets.UTF_8);
            (i % 3 == 0 ? a : b).add(bytes, 0, bytes.length);
        }
        assertThat(b.overflowCount()).isPositive();
        long expected = estimateOfStrings(all);
        a.merge(b);
        assertThat((long) a.distinctCount()).isEqualTo(expected);
    }
}
