package dev.mlops.monitor.bench;

import dev.mlops.monitor.dataquality.DataQuality;
import dev.mlops.monitor.dataquality.DataQualityOptions;
import dev.mlops.monitor.dataquality.Statistics;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Data-quality statistics throughput beside DuckDB's {@code SUMMARIZE} on the same file, in one run: generates a CSV of
 * at least 1 GB (10 numeric and 5 categorical columns, fixed seed) if it is missing, then, {@code runs} times in turn,
 * profiles it on one thread and on all cores and has DuckDB summarize it on one thread and on all cores; prints each
 * run, the medians and the ratios. DuckDB is reached through JDBC ({@code jdbc:duckdb:}), so it is only needed at run
 * time: the {@code bench} Maven profile of mlops-core puts {@code org.duckdb:duckdb_jdbc} on the test class path (it
 * is in no SDK jar); without it the DuckDB side is skipped. Run with a small heap (e.g. {@code -Xmx256m}); the heap
 * after a full GC is printed at the start and the end to show it does not grow with the input.
 *
 * <p>Usage: {@code DataQualityBenchmark [file] [sizeMB] [runs]}; defaults to
 * {@code $TMPDIR/mlops-monitor-bench/dq.csv}, 1024 MB and 3 runs.
 */
public final class DataQualityBenchmark {
    private static final String[][] CATEGORIES = new String[5][];

    static {
        String[] prefixes = {"red", "store", "city", "tier", "device"};
        int[] cardinality = {5, 50, 200, 3, 20};
        for (int c = 0; c < 5; c++) {
            CATEGORIES[c] = new String[cardinality[c]];
            for (int i = 0; i < cardinality[c]; i++) {
                CATEGORIES[c][i] = prefixes[c] + "_" + i;
            }
        }
    }

    private DataQualityBenchmark() {
    }

    /**
     * Runs the benchmark.
     *
     * @param args optional file path, size in MB and number of runs
     * @throws Exception if the file cannot be written or read, or DuckDB fails
     */
    public static void main(String[] args) throws Exception {
        Path file = args.length > 0 ? Path.of(args[0])
                : Path.of(System.getProperty("java.io.tmpdir"), "mlops-monitor-bench", "dq.csv");
        long sizeMb = args.length > 1 ? Long.parseLong(args[1]) : 1024;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        long target = sizeMb * 1024 * 1024;
        if (!Files.exists(file) || Files.size(file) < target) {
            Files.createDirectories(file.getParent());
            long t0 = System.nanoTime();
            generate(file, target);
            System.out.printf("generated %s (%,d bytes) in %.1f s%n", file, Files.size(file),
                    (System.nanoTime() - t0) / 1e9);
        }
        long bytes = Files.size(file);
        int cores = Runtime.getRuntime().availableProcessors();
        boolean duckdb = duckdbAvailable();
        System.out.printf("input %s: %,d bytes; cores %d; max heap %d MB; java %s; DuckDB %s%n", file, bytes, cores,
                Runtime.getRuntime().maxMemory() >> 20, System.getProperty("java.version"),
                duckdb ? duckdbVersion() : "not on the class path (run with -P bench), skipped");
        System.out.printf("heap after GC at start: %.1f MB%n", heapAfterGcMb());
        List<List<Double>> mbs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            mbs.add(new ArrayList<>());
        }
        long peak = 0;
        for (int r = 1; r <= runs; r++) {
            double[] one = ours(file, bytes, 1);
            double[] all = ours(file, bytes, cores);
            peak = Math.max(peak, (long) Math.max(one[1], all[1]));
            mbs.get(0).add(one[0]);
            mbs.get(1).add(all[0]);
            System.out.printf("run %d: ours 1 thread %.1f MB/s (peak heap %.0f MB), %d threads %.1f MB/s (peak heap %.0f"
                    + " MB)", r, one[0], one[1], cores, all[0], all[1]);
            if (duckdb) {
                double d1 = summarize(file, bytes, 1);
                double dn = summarize(file, bytes, cores);
                mbs.get(2).add(d1);
                mbs.get(3).add(dn);
                System.out.printf("; DuckDB SUMMARIZE 1 thread %.1f MB/s, %d threads %.1f MB/s", d1, cores, dn);
            }
            System.out.printf("; heap after GC %.1f MB%n", heapAfterGcMb());
        }
        System.out.printf("medians of %d runs: ours 1 thread %.1f MB/s, %d threads %.1f MB/s", runs,
                median(mbs.get(0)), cores, median(mbs.get(1)));
        if (duckdb) {
            System.out.printf("; DuckDB 1 thread %.1f MB/s, %d threads %.1f MB/s; ratio ours/DuckDB %.2f (1 thread),"
                    + " %.2f (%d threads)", median(mbs.get(2)), cores, median(mbs.get(3)),
                    median(mbs.get(0)) / median(mbs.get(2)), median(mbs.get(1)) / median(mbs.get(3)), cores);
        }
        System.out.printf("%npeak heap during profiling %d MB; heap after GC at end: %.1f MB%n", peak, heapAfterGcMb());
        // the lines bench/regression.sh reads
        System.out.printf("threads=1: median %.1f MB/s, of %d runs%n", median(mbs.get(0)), runs);
        System.out.printf("threads=%d: median %.1f MB/s, of %d runs%n", cores, median(mbs.get(1)), runs);
    }

    /** Profiles the file; returns {MB/s, peak heap MB}. */
    private static double[] ours(Path file, long bytes, int threads) {
        System.gc();
        resetPeaks();
        long t0 = System.nanoTime();
        Statistics s = DataQuality.statistics(file, DataQualityOptions.builder().threads(threads).build());
        double secs = (System.nanoTime() - t0) / 1e9;
        if (s.itemCount() == 0) {
            throw new IllegalStateException("no rows read from " + file);
        }
        return new double[] {bytes / 1e6 / secs, peakHeapMb()};
    }

    private static boolean duckdbAvailable() {
        try {
            Class.forName("org.duckdb.DuckDBDriver");
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private static String duckdbVersion() throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
             Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT version()")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** DuckDB's SUMMARIZE of the whole CSV (read, typed and summarized per column); returns MB/s. */
    private static double summarize(Path file, long bytes, int threads) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            st.execute("SET threads = " + threads);
            long t0 = System.nanoTime();
            int rows = 0;
            try (ResultSet rs = st.executeQuery("SUMMARIZE SELECT * FROM read_csv('"
                    + file.toAbsolutePath().toString().replace("'", "''") + "')")) {
                while (rs.next()) {
                    rows++;
                }
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            if (rows != 15) {
                throw new IllegalStateException("SUMMARIZE returned " + rows + " rows, expected one per column (15)");
            }
            return bytes / 1e6 / secs;
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static double heapAfterGcMb() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024.0 * 1024.0);
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    private static double peakHeapMb() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum / (1024.0 * 1024.0);
    }

    private static void generate(Path file, long target) throws IOException {
        SplittableRandom r = new SplittableRandom(20261126L);
        byte[] line = new byte[512];
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            StringBuilder header = new StringBuilder();
            for (int c = 0; c < 10; c++) {
                header.append("num").append(c).append(',');
            }
            for (int c = 0; c < 5; c++) {
                header.append("cat").append(c).append(c < 4 ? "," : "\n");
            }
            out.write(header.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            long written = header.length();
            while (written < target) {
                int p = 0;
                for (int c = 0; c < 10; c++) {
                    // a spread of shapes: integers, two decimals, occasional negatives and missing values
                    if (r.nextInt(1000) == 0) {
                        line[p++] = ',';
                        continue;
                    }
                    long v = switch (c % 3) {
                        case 0 -> (long) (r.nextDouble() * 1_000_000);
                        case 1 -> (long) (Math.abs(r.nextGaussian()) * 50_000);
                        default -> r.nextLong(-500_000, 500_000);
                    };
                    p = writeFixed2(line, p, v);
                    line[p++] = ',';
                }
                for (int c = 0; c < 5; c++) {
                    String[] cats = CATEGORIES[c];
                    String s = cats[(int) Math.min(cats.length - 1, Math.abs(r.nextGaussian()) * cats.length / 3)];
                    for (int i = 0; i < s.length(); i++) {
                        line[p++] = (byte) s.charAt(i);
                    }
                    line[p++] = (byte) (c < 4 ? ',' : '\n');
                }
                out.write(line, 0, p);
                written += p;
            }
        }
    }

    /** Writes {@code cents / 100} with two decimals. */
    private static int writeFixed2(byte[] b, int p, long cents) {
        if (cents < 0) {
            b[p++] = '-';
            cents = -cents;
        }
        long whole = cents / 100;
        int frac = (int) (cents % 100);
        String w = Long.toString(whole);
        for (int i = 0; i < w.length(); i++) {
            b[p++] = (byte) w.charAt(i);
        }
        b[p++] = '.';
        b[p++] = (byte) ('0' + frac / 10);
        b[p++] = (byte) ('0' + frac % 10);
        return p;
    }
}
