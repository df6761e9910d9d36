package dev.mlops.monitor.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.monitor.MonitorJson;
import dev.mlops.monitor.capture.CaptureData;
import dev.mlops.monitor.capture.CaptureRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns captured payloads into dataset rows the way Model Monitor's {@code sagemakerCaptureJson} format does with
 * {@code output_columns_position = START}: each row is the output columns followed by the input columns, columns
 * named {@code _c0, _c1, …}.
 *
 * <p>CSV payloads give one row per line. JSON payloads give one row per element of {@code instances},
 * {@code predictions} or a top-level array; an element that is an array, or an object with a {@code features}
 * array, gives positional fields; another object gives its values in key order; a scalar gives one field.
 * Base64 payloads are decoded by content type. Payloads that cannot be read are counted, never fatal.
 */
public final class CaptureRows {
    private final DatasetProfiler profiler;

    /**
     * Creates a converter feeding {@code profiler}.
     *
     * @param profiler receives the rows
     */
    public CaptureRows(DatasetProfiler profiler) {
        this.profiler = profiler;
    }

    /**
     * Adds the rows of one record.
     *
     * @param r the record
     */
    public void accept(CaptureRecord r) {
        List<List<String>> out = r.endpointOutput().map(this::rows).orElse(List.of());
        List<List<String>> in = r.endpointInput().map(this::rows).orElse(List.of());
        if (out == null || in == null) {
            profiler.issue("unreadablePayloads", 1);
            return;
        }
        int n = Math.max(out.size(), in.size());
        if (!out.isEmpty() && !in.isEmpty() && out.size() != in.size()) {
            profiler.issue("recordsWithMismatchedRowCounts", 1);
            return;
        }
        for (int i = 0; i < n; i++) {
            int col = 0;
            if (!out.isEmpty()) {
                for (String v : out.get(i)) {
                    emit(col++, v);
                }
            }
            if (!in.isEmpty()) {
                for (String v : in.get(i)) {
                    emit(col++, v);
                }
            }
            profiler.endRow(col);
        }
    }

    private void emit(int col, String v) {
        byte[] b = v == null ? new byte[0] : v.getBytes(StandardCharsets.UTF_8);
        profiler.field(col, b, 0, b.length);
    }

    /** Rows of a payload, or null if it cannot be read. */
    private List<List<String>> rows(CaptureData d) {
        byte[] bytes;
        try {
            bytes = d.bytes();
        } catch (IllegalArgumentException e) {
            return null;
        }
        String ct = d.observedContentType().toLowerCase(Locale.ROOT);
        boolean json = d.encoding() == CaptureData.Encoding.JSON
                || (d.encoding() == CaptureData.Encoding.BASE64 && ct.contains("json"));
        boolean csv = d.encoding() == CaptureData.Encoding.CSV
                || (d.encoding() == CaptureData.Encoding.BASE64 && ct.contains("csv"));
        if (json) {
            return jsonRows(bytes);
        }
        if (csv) {
            List<List<String>> rows = new ArrayList<>();
            List<String> current = new ArrayList<>();
            new CsvScanner().scan(bytes, new RowSink() {
                @Override
                public void field(int index, byte[] b, int start, int end) {
                    current.add(new String(b, start, end - start, StandardCharsets.UTF_8));
                }

                @Override
                public void endRow(int fieldCount) {
                    rows.add(List.copyOf(current));
                    current.clear();
                }
            });
            return rows;
        }
        return null;
    }

    private static List<List<String>> jsonRows(byte[] bytes) {
        JsonNode root;
        try {
            root = MonitorJson.mapper().readTree(bytes);
        } catch (IOException e) {
            return null;
        }
        if (root == null) {
            return null;
        }
        JsonNode list = root;
        if (root.isObject()) {
            for (String key : List.of("instances", "predictions", "outputs", "inputs")) {
                if (root.path(key).isArray()) {
                    list = root.get(key);
                    break;
                }
            }
        }
        List<List<String>> rows = new ArrayList<>();
        if (list.isArray() && list.size() > 0 && !list.get(0).isValueNode()) {
            for (JsonNode e : list) {
                rows.add(fields(e));
            }
        } else {
            rows.add(fields(list));
        }
        return rows;
    }

    private static List<String> fields(JsonNode e) {
        List<String> f = new ArrayList<>();
        JsonNode src = e.isObject() && e.path("features").isArray() ? e.get("features") : e;
        if (src.isArray() || src.isObject()) {
            src.elements().forEachRemaining(v -> f.add(DatasetReader.jsonText(v)));
        } else {
            f.add(DatasetReader.jsonText(src));
        }
        return f;
    }
}
