package dev.mlops.monitor.bench;

import dev.mlops.monitor.dataquality.DataQuality;
import dev.mlops.monitor.dataquality.DataQualityOptions;
import dev.mlops.monitor.dataquality.FeatureStatistics;
import dev.mlops.monitor.dataquality.Statistics;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Data-quality statistics throughput: generates a CSV of at least 1 GB (10 numeric and 5 categorical columns, fixed
 * seed) if it is missing, then profiles it on one thread and on all cores, printing MB/s, rows/s and peak heap.
 * Run with a small heap (e.g. {@code -Xmx256m}) to show memory does not grow with the input.
 *
 * <p>Usage: {@code DataQualityBenchmark [file] [sizeMB]}; defaults to {@code $TMPDIR/mlops-monitor-bench/dq.csv}
 * and 1024 MB.
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
     * @param args optional file path and size in MB
     * @throws IOException if the file cannot be written or read
     */
    public static void main(String[] args) throws IOException {
        Path file = args.length > 0 ? Path.of(args[0])
                : Path.of(System.getProperty("java.io.tmpdir"), "mlops-monitor-bench", "dq.csv");
        long sizeMb = args.length > 1 ? Long.parseLong(args[1]) : 1024;
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
        System.out.printf("input %s: %,d bytes; cores %d; max heap %d MB; java %s%n", file, bytes, cores,
                Runtime.getRuntime().maxMemory() >> 20, System.getProperty("java.version"));
        run(file, bytes, 1);
        run(file, bytes, cores);
    }

    private static void run(Path file, long bytes, int threads) {
        System.gc();
        resetPeaks();
        long cpu0 = processCpuNanos();
        long t0 = System.nanoTime();
        Statistics s = DataQuality.statistics(file, DataQualityOptions.builder().threads(threads).build());
        double secs = (System.nanoTime() - t0) / 1e9;
        double cpuSecs = (processCpuNanos() - cpu0) / 1e9;
        FeatureStatistics n0 = s.features().get(0);
        System.out.printf("threads=%d: wall %.1f s, %.1f MB/s, %,.0f rows/s, %,d rows, peak heap %d MB; "
                        + "process CPU %.1f s (%.1f MB per CPU-second); n0 mean=%s std_dev=%s sketch levels=%d%n",
                threads, secs, bytes / 1e6 / secs, s.itemCount() / secs, s.itemCount(), peakHeapMb(),
                cpuSecs, bytes / 1e6 / cpuSecs,
                n0.numerical().map(FeatureStatistics.Numerical::mean).orElse(Double.NaN),
                n0.numerical().map(FeatureStatistics.Numerical::stdDev).orElse(Double.NaN),
                n0.numerical().map(n -> n.sketch().length).orElse(0));
    }

    private static long processCpuNanos() {
        // wall time on a shared machine depends on other load; CPU time shows the cost of the work itself
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : -1;
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    private static long peakHeapMb() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum >> 20;
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
