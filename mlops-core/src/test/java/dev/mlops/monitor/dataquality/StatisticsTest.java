package dev.mlops.monitor.dataquality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mlops.monitor.MonitorJson;
import dev.mlops.monitor.dataquality.FeatureStatistics.CategoryCount;
import dev.mlops.monitor.internal.KllSketch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each statistic checked against an independent computation on small data. */
class StatisticsTest {
    @TempDir
    Path dir;

    private Statistics stats(String csv) throws IOException {
        Path f = dir.resolve("d" + System.nanoTime() + ".csv");
        Files.writeString(f, csv);
        return DataQuality.statistics(f, DataQualityOptions.defaults());
    }

    @Test
    void numericStatisticsMatchHandComputedValues() throws IOException {
        Statistics s = stats("a,b\n1,2.5\n2,\n3,-1.5\n4,4.0\n");
        FeatureStatistics a = s.feature("a").orElseThrow();
        assertThat(s.itemCount()).isEqualTo(4);
        assertThat(a.inferredType()).isEqualTo(InferredType.Integral);
        FeatureStatistics.Numerical n = a.numerical().orElseThrow();
        assertThat(n.sum()).isEqualTo(10.0);
        assertThat(n.mean()).isEqualTo(2.5);
        // population variance of 1..4 = 1.25
        assertThat(n.stdDev()).isEqualTo(Math.sqrt(1.25));
        assertThat(n.min()).isEqualTo(1.0);
        assertThat(n.max()).isEqualTo(4.0);
        // buckets of width 0.3 over [1, 4]: 1 in the first, 2 in [1.9,2.2), 3 in [2.8,3.1), 4 in the last (closed)
        assertThat(n.buckets()).hasSize(10);
        assertThat(n.buckets().stream().mapToDouble(FeatureStatistics.Bucket::count).sum()).isEqualTo(4.0);
        assertThat(n.buckets().get(0).count()).isEqualTo(1.0);
        assertThat(n.buckets().get(9).count()).isEqualTo(1.0);
        assertThat(n.buckets().get(9).upperBound()).isEqualTo(4.0);

        FeatureStatistics b = s.feature("b").orElseThrow();
        assertThat(b.inferredType()).isEqualTo(InferredType.Fractional);
        assertThat(b.numPresent()).isEqualTo(3);
        assertThat(b.numMissing()).isEqualTo(1);
        assertThat(b.numerical().orElseThrow().mean()).isEqualTo(5.0 / 3);
    }

    @Test
    void welfordStdDevAgreesWithTwoPassFormulaOnRandomData() throws IOException {
        Random r = new Random(7);
        double[] xs = new double[5000];
        StringBuilder csv = new StringBuilder("x\n");
        for (int i = 0; i < xs.length; i++) {
            xs[i] = Math.round(r.nextGaussian() * 1000) / 100.0;
            csv.append(xs[i]).append('\n');
        }
        FeatureStatistics.Numerical n = stats(csv.toString()).feature("x").orElseThrow().numerical().orElseThrow();
        double mean = Arrays.stream(xs).sum() / xs.length;
        double ss = Arrays.stream(xs).map(x -> (x - mean) * (x - mean)).sum();
        assertThat(n.stdDev()).isCloseTo(Math.sqrt(ss / xs.length), within(1e-9));
        assertThat(n.min()).isEqualTo(Arrays.stream(xs).min().getAsDouble());
        assertThat(n.max()).isEqualTo(Arrays.stream(xs).max().getAsDouble());
        // 5000 values exceed level 0's capacity, so the sketch must have compacted and kept total weight
        long weight = 0;
        double[][] sk = n.sketch();
        for (int h = 0; h < sk.length; h++) {
            weight += (long) sk[h].length << h;
        }
        assertThat(sk.length).isGreaterThan(1);
        assertThat(weight).isBetween(4990L, 5000L);
        assertThat(n.buckets().stream().mapToDouble(FeatureStatistics.Bucket::count).sum()).isEqualTo(weight);
    }

    @Test
    void kllLevelCapacitiesFollowDeequFormula() {
        KllSketch k = new KllSketch();
        assertThat(k.capacity(0)).isEqualTo(2050);
        assertThat(k.capacity(1)).isEqualTo(2 * ((int) Math.ceil(2048 * 0.64 / 2) + 1));
        for (int i = 0; i < 2050; i++) {
            k.update(i);
        }
        assertThat(k.data()).hasDimensions(1, 2050);
        k.update(2050);
        // 2051 > 2050: level 0 compacted into 1025 items of weight 2, the odd last item stays
        assertThat(k.data()[0]).containsExactly(2050.0);
        assertThat(k.data()[1]).hasSize(1025);
        assertThat(k.data()[1][0]).isEqualTo(0.0);
        assertThat(k.totalWeight()).isEqualTo(2051);
    }

    @Test
    void stringColumnsGetCategoricalBucketsByCountThenValue() throws IOException {
        Statistics s = stats("c\nb\na\nb\nc\nb\na\n\n");
        FeatureStatistics c = s.feature("c").orElseThrow();
        assertThat(c.inferredType()).isEqualTo(InferredType.String);
        assertThat(c.categorical().orElseThrow().distinctCount()).isEqualTo(3.0);
        assertThat(c.categorical().orElseThrow().buckets()).containsExactly(
                new CategoryCount("b", 3), new CategoryCount("a", 2), new CategoryCount("c", 1));
        String json = MonitorJson.pretty(s.toJson());
        assertThat(json).contains("\"string_statistics\" : {\n      \"common\" : {");
        assertThat(json).contains("\"distinct_count\" : 3.0");
    }

    @Test
    void typeInferenceFollowsDeequRules() throws IOException {
        Statistics s = stats("i,f,e,mixed,bool,late,empty\n1,1.5,1e3,1,true,1,\n-2,2,2.5E-1,x,false,2,\n+3,3,3,2,true,z,\n");
        assertThat(s.feature("i").orElseThrow().inferredType()).isEqualTo(InferredType.Integral);
        assertThat(s.feature("f").orElseThrow().inferredType()).isEqualTo(InferredType.Fractional);
        assertThat(s.feature("e").orElseThrow().inferredType()).isEqualTo(InferredType.Fractional);
        assertThat(s.feature("e").orElseThrow().numerical().orElseThrow().sum()).isEqualTo(1003.25);
        assertThat(s.feature("mixed").orElseThrow().inferredType()).isEqualTo(InferredType.String);
        assertThat(s.feature("bool").orElseThrow().inferredType()).isEqualTo(InferredType.String);
        assertThat(s.feature("empty").orElseThrow().inferredType()).isEqualTo(InferredType.Unknown);
        // numbers seen before the first string are still counted as categories (second pass)
        assertThat(s.feature("late").orElseThrow().categorical().orElseThrow().buckets())
                .extracting(CategoryCount::value).containsExactly("1", "2", "z");
        assertThat(s.feature("mixed").orElseThrow().categorical().orElseThrow().buckets())
                .extracting(CategoryCount::count).containsExactly(1L, 1L, 1L);
    }

    @Test
    void parallelStatisticsAgreeWithSingleThreadUpToRounding() throws IOException {
        Random r = new Random(3);
        StringBuilder csv = new StringBuilder("x,c\n");
        for (int i = 0; i < 200_000; i++) {
            csv.append(r.nextInt(100_000) / 100.0).append(',').append("k").append(r.nextInt(7)).append('\n');
        }
        Path f = dir.resolve("big.csv");
        Files.writeString(f, csv);
        Statistics one = DataQuality.statistics(f, DataQualityOptions.builder().threads(1).build());
        Statistics two = DataQuality.statistics(f, DataQualityOptions.builder().threads(2).build());
        assertThat(two.itemCount()).isEqualTo(one.itemCount()).isEqualTo(200_000);
        FeatureStatistics.Numerical a = one.feature("x").orElseThrow().numerical().orElseThrow();
        FeatureStatistics.Numerical b = two.feature("x").orElseThrow().numerical().orElseThrow();
        assertThat(b.sum()).isCloseTo(a.sum(), within(1e-6 * Math.abs(a.sum())));
        assertThat(b.stdDev()).isCloseTo(a.stdDev(), within(1e-9 * a.stdDev()));
        assertThat(b.min()).isEqualTo(a.min());
        assertThat(b.max()).isEqualTo(a.max());
        for (int i = 0; i < 10; i++) {
            // KLL rank error is about 1% of n for k = 2048
            assertThat(b.buckets().get(i).count()).isCloseTo(a.buckets().get(i).count(), within(0.02 * 200_000));
        }
        assertThat(two.feature("c").orElseThrow().categorical().orElseThrow().buckets())
                .isEqualTo(one.feature("c").orElseThrow().categorical().orElseThrow().buckets());
        List<String> names = two.features().stream().map(FeatureStatistics::name).toList();
        assertThat(names).containsExactly("x", "c");
    }

    @Test
    void stringDistinctCountIsDeequsHyperLogLogEstimate() throws IOException {
        // abalone length, height and rings (CSV columns 1, 3, 8) with one "x" row that makes them String columns:
        // exact 135 / 52 / 29 distinct values, HyperLogLog++ (p = 9, XXH64 seed 42) 133 / 53 / 30
        StringBuilder csv = new StringBuilder("length,height,rings\n");
        try (var in = getClass().getResourceAsStream("/dev/mlops/seed/data/abalone.csv")) {
            for (String line : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    String[] f = line.strip().split(",");
                    csv.append(f[1]).append(',').append(f[3]).append(',').append(f[8]).append('\n');
                }
            }
        }
        csv.append("x,x,x\n");
        Statistics s = stats(csv.toString());
        assertThat(s.feature("length").orElseThrow().categorical().orElseThrow().distinctCount()).isEqualTo(133.0);
        assertThat(s.feature("height").orElseThrow().categorical().orElseThrow().distinctCount()).isEqualTo(53.0);
        assertThat(s.feature("rings").orElseThrow().categorical().orElseThrow().distinctCount()).isEqualTo(30.0);
    }
}
