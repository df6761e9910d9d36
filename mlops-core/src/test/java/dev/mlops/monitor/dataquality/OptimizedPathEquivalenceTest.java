package dev.mlops.monitor.dataquality;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.monitor.MonitorJson;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The optimised statistics path (value-bucket KLL sort, number fast path, two-way category cache) writes exactly the
 * {@code statistics.json} that the code before it wrote (commit 4f726d1), on a generated dataset of edge cases:
 * empty fields, quoted CSV with separators, quotes and line breaks inside, non-numeric values in numeric columns
 * (before and after the first number, so the replay runs), integers beside fractions, numbers past the exact fast
 * path (16+ digits, exponents, signs with a space), very long strings, more categories than the exact table holds,
 * and enough rows for many KLL compactions. The golden files were written by {@link #main} run against the classes
 * of 4f726d1.
 */
class OptimizedPathEquivalenceTest {
    private static final int ROWS = 120_000;

    @Test
    void oneThreadGivesTheStatisticsOfBefore(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("edge.csv");
        generate(csv);
        assertThat(statistics(csv, 1)).isEqualTo(golden("edge-cases-statistics-1-thread.json"));
    }

    @Test
    void twoThreadsGiveTheStatisticsOfBefore(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("edge.csv");
        generate(csv);
        assertThat(statistics(csv, 2)).isEqualTo(golden("edge-cases-statistics-2-threads.json"));
    }

    /**
     * Writes the golden files: {@code main <directory>}, run with the classes of the version to freeze.
     *
     * @param args the output directory
     * @throws IOException if a file cannot be written
     */
    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        Path csv = Files.createTempFile("edge", ".csv");
        generate(csv);
        Files.writeString(out.resolve("edge-cases-statistics-1-thread.json"), statistics(csv, 1));
        Files.writeString(out.resolve("edge-cases-statistics-2-threads.json"), statistics(csv, 2));
        Files.delete(csv);
    }

    private static String statistics(Path csv, int threads) {
        return MonitorJson.pretty(DataQuality.statistics(csv, DataQualityOptions.builder().threads(threads).build())
                .toJson());
    }

    private static String golden(String name) throws IOException {
        try (InputStream in = OptimizedPathEquivalenceTest.class.getResourceAsStream("/dataquality-golden/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static void generate(Path file) throws IOException {
        SplittableRandom r = new SplittableRandom(20261201L);
        String[] awkward = {"0", "-0", "-0.0", "+ 5", "- 7.25", "007", "1e5", "2.5E-3", "-1.0e+300", "1e400",
            "12345678901234567890", "0.1234567890123456789", "3.", ".5", "1.2.3", "NaN", "Infinity", "-", "+",
            "9007199254740993", "4.9e-324", "0.30000000000000004", "true", "false", "TRUE", " 12", "12 "};
        String[] awkwardNumbers = {"0", "-0", "-0.0", "+0.0", "+ 5", "- 7.25", "007", "000000000000000000012.5",
            "1e5", "2.5E-3", "-1.0e+300", "1e-400", "12345678901234567890", "0.1234567890123456789",
            "9007199254740993", "4.9e-324", "0.30000000000000004", "123456789012345.6", "1234567890123456.7",
            "-99999999999999999999999", "1.7976931348623157e308", "2.2250738585072014E-308", "0.1", "0.2", "3"};
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("int,frac,mixed,late_string,quoted,long_text,high_card,flag,awkward,awkward_numbers,sparse\n");
            for (int i = 0; i < ROWS; i++) {
                // integers, with a few missing
                w.write(r.nextInt(50) == 0 ? "" : Long.toString(r.nextLong(-1_000_000, 1_000_000)));
                w.write(',');
                // fractions of varied precision and magnitude, and integers among them
                w.write(switch (r.nextInt(5)) {
                    case 0 -> Double.toString(r.nextGaussian() * 1e6);
                    case 1 -> Long.toString(r.nextLong(-100, 100));
                    case 2 -> String.format("%.2f", r.nextDouble() * 1000);
                    case 3 -> Double.toString(r.nextDouble() * Math.pow(10, r.nextInt(-30, 30)));
                    default -> String.format("%.6f", -r.nextDouble());
                });
                w.write(',');
                // numbers with non-numeric values from the start
                w.write(r.nextInt(10) == 0 ? "n/a" : Integer.toString(r.nextInt(1000)));
                w.write(',');
                // numbers first, then strings late (forces the replay for exact value counts)
                w.write(i > ROWS * 3 / 4 && r.nextInt(3) == 0 ? "unknown" : Integer.toString(r.nextInt(40)));
                w.write(',');
                // quoted fields: separators, doubled quotes and a line break inside
                w.write(switch (r.nextInt(4)) {
                    case 0 -> "\"a,b\"";
                    case 1 -> "\"say \"\"hi\"\"\"";
                    case 2 -> "\"line\nbreak\"";
                    default -> "\"" + r.nextInt(100) + "\"";
                });
                w.write(',');
                // very long strings, a few distinct
                w.write(r.nextInt(500) == 0 ? "x".repeat(20_000 + r.nextInt(3)) : "short" + r.nextInt(5));
                w.write(',');
                // more distinct values than the exact table keeps
                w.write("id-" + r.nextInt(30_000));
                w.write(',');
                w.write(r.nextBoolean() ? "true" : "false");
                w.write(',');
                w.write(awkward[r.nextInt(awkward.length)]);
                w.write(',');
                // numbers only, in the forms past the fast path
                w.write(awkwardNumbers[r.nextInt(awkwardNumbers.length)]);
                w.write(',');
                // mostly empty
                w.write(r.nextInt(20) == 0 ? Double.toString(r.nextDouble()) : "");
                w.write('\n');
            }
        }
    }
}
