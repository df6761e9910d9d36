package dev.mlops.monitor.internal;

import dev.mlops.monitor.dataquality.FeatureStatistics;
import dev.mlops.monitor.dataquality.Statistics;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Receives rows field by field and accumulates a {@link ColumnProfile} per column plus input-problem counts.
 * Columns are positional (CSV, named by a header or {@code _c0, _c1, …}) or named (JSON); a column first seen
 * late counts the earlier rows as missing. Not thread-safe: one profiler per thread, then {@link #merge}.
 */
public final class DatasetProfiler implements RowSink {
    private final List<ColumnProfile> columns = new ArrayList<>();
    /** The columns as an array for the per-field hot path (kept equal to {@link #columns}). */
    private ColumnProfile[] columnArray = new ColumnProfile[0];
    private final Map<String, Integer> byName = new HashMap<>();
    private final ValueParser parser = new ValueParser();
    private final Map<String, Long> issues = new LinkedHashMap<>();
    private final boolean fixedColumns;
    private long items;
    private boolean[] recounting;
    private boolean frozen;

    /**
     * Creates a profiler.
     *
     * @param names column names known up front (header, or empty to discover them)
     * @param fixedColumns true for CSV: the column count is fixed by the header or the first row and extra
     *                     fields are dropped (Spark's permissive CSV mode); false for JSON: new names add columns
     */
    public DatasetProfiler(List<String> names, boolean fixedColumns) {
        this.fixedColumns = fixedColumns;
        names.forEach(this::column);
        this.frozen = fixedColumns && !names.isEmpty();
    }

    private int column(String name) {
        Integer idx = byName.get(name);
        if (idx != null) {
            return idx;
        }
        columns.add(new ColumnProfile(name));
        columnArray = columns.toArray(new ColumnProfile[0]);
        byName.put(name, columns.size() - 1);
        return columns.size() - 1;
    }

    @Override
    public void field(int index, byte[] b, int start, int end) {
        ColumnProfile[] cols = columnArray;
        if (index < cols.length && recounting == null) {
            cols[index].accept(b, start, end, parser);
            return;
        }
        if (index >= columns.size()) {
            if (frozen || recounting != null) {
                return;
            }
            while (columns.size() <= index) {
                column("_c" + columns.size());
            }
        }
        if (recounting != null) {
            if (recounting[index]) {
                columns.get(index).recount(b, start, end);
            }
            return;
        }
        columns.get(index).accept(b, start, end, parser);
    }

    /**
     * Adds a named field (JSON rows).
     *
     * @param name the column name
     * @param value the value's text, or null
     */
    public void field(String name, String value) {
        if (recounting != null && !byName.containsKey(name)) {
            return;
        }
        byte[] bytes = value == null ? new byte[0] : value.getBytes(StandardCharsets.UTF_8);
        field(column(name), bytes, 0, bytes.length);
    }

    @Override
    public void endRow(int fieldCount) {
        if (recounting != null) {
            return;
        }
        items++;
        if (frozen) {
            if (fieldCount < columns.size()) {
                issue("rowsWithMissingFields", 1);
            } else if (fieldCount > columns.size()) {
                issue("rowsWithExtraFields", 1);
            }
        }
        frozen = fixedColumns;
    }

    /**
     * Counts an input problem.
     *
     * @param name problem name, e.g. {@code malformedLines}
     * @param count how many
     */
    public void issue(String name, long count) {
        if (recounting == null && count != 0) {
            issues.merge(name, count, Long::sum);
        }
    }

    /**
     * Whether some String column needs a replay of the input for exact value counts.
     *
     * @return true if {@link #beginRecount()} and a replay are needed
     */
    public boolean needsRecount() {
        return columns.stream().anyMatch(ColumnProfile::needsRecount);
    }

    /** Starts a replay: subsequent fields only update value counts of columns that need it. */
    public void beginRecount() {
        recounting = new boolean[columns.size()];
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).needsRecount()) {
                recounting[i] = true;
                columns.get(i).beginRecount();
            }
        }
    }

    /** Ends a replay. */
    public void endRecount() {
        for (int i = 0; i < columns.size(); i++) {
            if (recounting[i]) {
                columns.get(i).endRecount();
            }
        }
        recounting = null;
    }

    /**
     * Merges a profiler of a later part of the same input (same columns, in the same order).
     *
     * @param other the other profiler
     */
    public void merge(DatasetProfiler other) {
        for (ColumnProfile c : other.columns) {
            columns.get(column(c.name())).merge(c);
        }
        items += other.items;
        other.issues.forEach((k, v) -> issues.merge(k, v, Long::sum));
    }

    /**
     * Rows seen.
     *
     * @return the count
     */
    public long items() {
        return items;
    }

    /**
     * Column names in order.
     *
     * @return the names
     */
    public List<String> columnNames() {
        return columns.stream().map(ColumnProfile::name).toList();
    }

    /**
     * Input problems counted so far, plus {@code nonNumericValuesInNumericColumns}-style derived counts.
     *
     * @return a copy of the counts
     */
    public Map<String, Long> issues() {
        return new LinkedHashMap<>(issues);
    }

    /**
     * The statistics of everything seen.
     *
     * @return the statistics
     */
    public Statistics statistics() {
        List<FeatureStatistics> features = new ArrayList<>(columns.size());
        for (ColumnProfile c : columns) {
            features.add(c.toStatistics(items));
        }
        return new Statistics(items, features);
    }
}
