package dev.mlops.container.bench;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The monitor container's figures, each job a fresh JVM started as SageMaker starts the image's entry point
 * ({@code java -cp <lib>/* dev.mlops.container.MonitorContainer} with the job's environment over a container root):
 * <ol>
 *   <li>data-quality baselining throughput on a 1 GB CSV made from the abalone rows (fixed seed, not committed),
 *       pinned to one core ({@code taskset -c 0}, {@code -XX:ActiveProcessorCount=1}, 1 analysis thread) and to
 *       two cores ({@code taskset -c 0,1}, 2 threads);</li>
 *   <li>start-up on a tiny input: JVM start to the first line the job logs before it reads its input, and to
 *       exit, without and with an AppCDS archive of the container's classes.</li>
 * </ol>
 * Medians of {@code runs} runs. Usage: {@code ContainerBenchmark <work-dir> <lib-dir> [size-MB] [runs]}
 * (see {@code bench/container-dq.sh}).
 */
public final class ContainerBenchmark {
    private static final String MAIN = "dev.mlops.container.MonitorContainer";

    private ContainerBenchmark() {
    }

    /**
     * Runs the benchmark.
     *
     * @param args work directory, lib directory, optional size in MB (default 1024) and runs (default 3)
     * @throws Exception on a failed run
     */
    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]);
        Path lib = Path.of(args[1]);
        long sizeMb = args.length > 2 ? Long.parseLong(args[2]) : 1024;
        int runs = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        Files.createDirectories(work);
        Path big = work.resolve("abalone-" + sizeMb + "mb.csv");
        if (!Files.isRegularFile(big) || Files.size(big) < sizeMb * 1_000_000L) {
            generate(big, sizeMb * 1_000_000L);
        }
        long bytes = Files.size(big);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = lib + "/*";
        System.out.printf("input: %s, %,d bytes; java %s; runs %d%n", big.getFileName(), bytes,
                System.getProperty("java.version"), runs);

        for (int cores : new int[] {1, 2}) {
            double[] mbs = new double[runs];
            double[] cpuMbs = new double[runs];
            for (int r = 0; r < runs; r++) {
                Path root = Files.createDirectories(work.resolve("root-" + cores + "-" + r));
                Path input = Files.createDirectories(root.resolve("processing/input/baseline_dataset_input"));
                Path link = input.resolve("data.csv");
                Files.deleteIfExists(link);
                Files.createSymbolicLink(link, big);
                List<String> cmd = new ArrayList<>(List.of("taskset", "-c", cores == 1 ? "0" : "0,1", java,
                        "-XX:ActiveProcessorCount=" + cores, "-Xmx1g", "-cp", cp, MAIN));
                Run run = run(cmd, Map.of("mlops_analysis_threads", Integer.toString(cores),
                        "dataset_format", "{\"csv\": {\"header\": false}}",
                        "dataset_source", "/opt/ml/processing/input/baseline_dataset_input",
                        "output_path", "/opt/ml/processing/output",
                        "MLOPS_CONTAINER_ROOT", root.toString()));
                mbs[r] = bytes / 1e6 / (run.exitNanos / 1e9);
                cpuMbs[r] = bytes / 1e6 / run.cpuSeconds;
                System.out.printf("  data quality, %d core(s), run %d: %.1f s wall, %.1f MB/s; %.1f s CPU, %.1f MB/s per"
                        + " CPU-second%n", cores, r + 1, run.exitNanos / 1e9, mbs[r], run.cpuSeconds, cpuMbs[r]);
            }
            System.out.printf("data-quality baseline, %d core(s): median %.1f MB/s wall, %.1f MB/s per CPU-second%n",
                    cores, median(mbs), median(cpuMbs));
        }

        // start-up on a tiny input (the first 50 abalone rows)
        Path tinyRoot = Files.createDirectories(work.resolve("root-tiny"));
        Path tinyInput = Files.createDirectories(tinyRoot.resolve("processing/input/baseline_dataset_input"));
        List<String> head = new ArrayList<>(abalone().subList(0, 50));
        Files.write(tinyInput.resolve("data.csv"), head, StandardCharsets.UTF_8);
        Map<String, String> tinyEnv = Map.of("dataset_format", "{\"csv\": {\"header\": false}}",
                "dataset_source", "/opt/ml/processing/input/baseline_dataset_input",
                "output_path", "/opt/ml/processing/output", "MLOPS_CONTAINER_ROOT", tinyRoot.toString());
        Path classList = work.resolve("container.classlist");
        Path archive = work.resolve("container.jsa");
        run(List.of(java, "-Xshare:off", "-XX:DumpLoadedClassList=" + classList, "-cp", cp, MAIN), tinyEnv);
        // lambda-proxy lines crash Debian's 17.0.15 static dump (see bench/cds.sh); drop them
        List<String> classes = Files.readAllLines(classList).stream().filter(l -> !l.startsWith("@")).toList();
        Files.write(classList, classes);
        run(List.of(java, "-Xshare:dump", "-XX:SharedClassListFile=" + classList, "-XX:SharedArchiveFile=" + archive,
                "-cp", cp), Map.of());
        for (boolean cds : new boolean[] {false, true}) {
            double[] first = new double[runs * 2];
            double[] exit = new double[runs * 2];
            double[] cpu = new double[runs * 2];
            for (int r = 0; r < runs * 2; r++) {
                List<String> cmd = new ArrayList<>(List.of(java));
                if (cds) {
                    cmd.add("-XX:SharedArchiveFile=" + archive);
                }
                cmd.addAll(List.of("-cp", cp, MAIN));
                Run run = run(cmd, tinyEnv);
                first[r] = run.firstLineNanos / 1e6;
                exit[r] = run.exitNanos / 1e6;
                cpu[r] = run.cpuSeconds * 1e3;
            }
            System.out.printf("start-up, tiny input, %s: median %.0f ms to the job's first log line (before it reads"
                    + " input), %.0f ms to exit, %.0f ms CPU%n", cds ? "AppCDS archive (" + classes.size() + " classes)"
                    : "JDK's default CDS only", median(first), median(exit), median(cpu));
        }
    }

    /** Wall times from start, and the child's CPU time (user + sys, from bash's {@code times}). */
    private record Run(long firstLineNanos, long exitNanos, double cpuSeconds) {
    }

    private static Run run(List<String> cmd, Map<String, String> env) throws IOException, InterruptedException {
        List<String> timed = new ArrayList<>(List.of("bash", "-c", "\"$@\"; rc=$?; times; exit $rc", "bash"));
        timed.addAll(cmd);
        ProcessBuilder pb = new ProcessBuilder(timed).redirectErrorStream(true);
        pb.environment().putAll(env);
        long start = System.nanoTime();
        Process p = pb.start();
        long first = -1;
        String last = "";
        StringBuilder out = new StringBuilder();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                if (first < 0 && line.contains("Running MonitorJob")) {
                    first = System.nanoTime() - start;
                }
                out.append(line).append('\n');
                last = line;
            }
        }
        int code = p.waitFor();
        long end = System.nanoTime() - start;
        if (code != 0) {
            throw new IllegalStateException("exit " + code + " from " + cmd + ":\n" + out);
        }
        // the last line of `times` is the children's "XmY.YYYs XmZ.ZZZs" (user, sys)
        double cpu = 0;
        for (String t : last.strip().split("\\s+")) {
            int m = t.indexOf('m');
            cpu += Double.parseDouble(t.substring(0, m)) * 60 + Double.parseDouble(t.substring(m + 1, t.length() - 1));
        }
        return new Run(first, end, cpu);
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static List<String> abalone() throws IOException {
        try (InputStream in = ContainerBenchmark.class.getResourceAsStream("/dev/mlops/seed/data/abalone.csv")) {
            return Arrays.stream(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"))
                    .filter(l -> !l.isBlank()).toList();
        }
    }

    /**
     * Abalone rows repeated until the file has {@code target} bytes, each measurement jittered by up to ±5 % (seed
     * 42) and printed with 4 decimals, the ring count kept: the same file on every machine.
     */
    static void generate(Path file, long target) throws IOException {
        List<String[]> rows = abalone().stream().map(l -> l.strip().split(",")).toList();
        SplittableRandom random = new SplittableRandom(42);
        long written = 0;
        StringBuilder line = new StringBuilder(96);
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
            while (written < target) {
                for (String[] r : rows) {
                    line.setLength(0);
                    line.append(r[0]);
                    for (int c = 1; c < 8; c++) {
                        double v = Double.parseDouble(r[c]) * (0.95 + 0.1 * random.nextDouble());
                        long scaled = Math.round(v * 10000);
                        line.append(',').append(scaled / 10000).append('.');
                        String frac = Long.toString(scaled % 10000);
                        line.append("0000", 0, 4 - frac.length()).append(frac);
                    }
                    line.append(',').append(r[8]).append('\n');
                    out.append(line);
                    written += line.length();
                    if (written >= target) {
                        break;
                    }
                }
            }
        }
    }
}
