package dev.mlops.monitor.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.exception.MlopsBackendException;
import dev.mlops.exception.MlopsClientException;
import dev.mlops.monitor.MonitorJson;
import dev.mlops.monitor.dataquality.DataQualityOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Profiles a CSV or JSON Lines file into a {@link DatasetProfiler}, on one thread or on byte ranges in parallel.
 */
public final class DatasetReader {
    private DatasetReader() {
    }

    /**
     * Profiles a file.
     *
     * @param file the dataset
     * @param options format, header and threads
     * @return the finished profiler (replays already done)
     */
    public static DatasetProfiler profile(Path file, DataQualityOptions options) {
        if (!Files.isRegularFile(file)) {
            throw new MlopsClientException("Dataset " + file + " does not exist or is not a file", null,
                    Map.of("file", file.toString()));
        }
        try {
            return isJson(file, options) ? profileJson(file) : profileCsv(file, options);
        } catch (NoSuchFileException e) {
            throw new MlopsClientException("Dataset " + file + " disappeared while reading", e,
                    Map.of("file", file.toString()));
        } catch (IOException e) {
            throw new MlopsBackendException("Could not read dataset " + file + ": " + e.getMessage(), e);
        }
    }

    private static boolean isJson(Path file, DataQualityOptions options) {
        if (options.format() != DataQualityOptions.Format.AUTO) {
            return options.format() == DataQualityOptions.Format.JSON_LINES;
        }
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        return name.endsWith(".jsonl") || name.endsWith(".json");
    }

    private static List<String> header(Path file) throws IOException {
        List<String> names = new ArrayList<>();
        new CsvScanner().scan(file, 0, 1, 0, new RowSink() {
            @Override
            public void field(int index, byte[] b, int start, int end) {
                names.add(new String(b, start, end - start, StandardCharsets.UTF_8));
            }

            @Override
            public void endRow(int fieldCount) {
                // the header is a single row
            }
        });
        return names;
    }

    private static DatasetProfiler profileCsv(Path file, DataQualityOptions options) throws IOException {
        List<String> names = options.header() ? header(file) : List.of();
        int skip = options.header() ? 1 : 0;
        long size = Files.size(file);
        int threads = (int) Math.max(1, Math.min(options.threads(), size / (1 << 20)));
        DatasetProfiler result;
        if (threads == 1) {
            result = new DatasetProfiler(names, true);
            new CsvScanner().scan(file, 0, Long.MAX_VALUE, skip, result);
        } else {
            if (names.isEmpty()) {
                // every range must agree on the column count; take it from the first row
                DatasetProfiler probe = new DatasetProfiler(List.of(), true);
                new CsvScanner().scan(file, 0, 1, 0, probe);
                List<String> probed = probe.columnNames();
                names = probed;
            }
            result = parallel(file, size, threads, names, skip);
        }
        if (result.needsRecount()) {
            result.beginRecount();
            new CsvScanner().scan(file, 0, Long.MAX_VALUE, skip, result);
            result.endRecount();
        }
        return result;
    }

    private static DatasetProfiler parallel(Path file, long size, int threads, List<String> names, int skip)
            throws IOException {
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "mlops-dq-profile");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<DatasetProfiler>> parts = new ArrayList<>();
            long chunk = (size + threads - 1) / threads;
            for (int i = 0; i < threads; i++) {
                long start = i * chunk;
                long end = Math.min(size, start + chunk);
                int rowsToSkip = i == 0 ? skip : 0;
                List<String> cols = names;
                parts.add(pool.submit(() -> {
                    DatasetProfiler p = new DatasetProfiler(cols, true);
                    new CsvScanner().scan(file, start, end, rowsToSkip, p);
                    return p;
                }));
            }
            DatasetProfiler merged = null;
            for (Future<DatasetProfiler> f : parts) {
                DatasetProfiler p = f.get();
                if (merged == null) {
                    merged = p;
                } else {
                    merged.merge(p);
                }
            }
            return merged;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MlopsBackendException("Interrupted while profiling " + file, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new MlopsBackendException("Profiling " + file + " failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private static DatasetProfiler profileJson(Path file) throws IOException {
        DatasetProfiler p = new DatasetProfiler(List.of(), false);
        readJsonLines(file, p);
        if (p.needsRecount()) {
            p.beginRecount();
            readJsonLines(file, p);
            p.endRecount();
        }
        return p;
    }

    private static void readJsonLines(Path file, DatasetProfiler p) throws IOException {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node;
                try {
                    node = MonitorJson.mapper().readTree(line);
                } catch (IOException e) {
                    p.issue("malformedLines", 1);
                    continue;
                }
                if (node == null || !node.isObject()) {
                    p.issue("malformedLines", 1);
                    continue;
                }
                jsonRow(node, p);
            }
        }
    }

    /**
     * Feeds one JSON object as a row: top-level keys are columns, scalars keep their text, nested values
     * become their compact JSON (and so count as strings).
     *
     * @param node the object
     * @param p the profiler
     */
    public static void jsonRow(JsonNode node, DatasetProfiler p) {
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        int n = 0;
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            p.field(e.getKey(), jsonText(e.getValue()));
            n++;
        }
        p.endRow(n);
    }

    static String jsonText(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return null;
        }
        if (v.isValueNode()) {
            return v.asText();
        }
        return MonitorJson.compact(v);
    }
}
