package dev.mlops.monitor.bias;

import dev.mlops.exception.MlopsClientException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A table of named columns for bias analysis; cells are kept as text ({@code null} or empty when missing), as
 * Clarify reads CSV. Immutable.
 */
public final class BiasDataset {

    private final List<String> headers;
    private final List<List<String>> rows;

    private BiasDataset(List<String> headers, List<List<String>> rows) {
        this.headers = List.copyOf(headers);
        this.rows = Collections.unmodifiableList(rows);
    }

    /**
     * Creates a dataset from headers and rows of any values (rendered with {@link String#valueOf}).
     *
     * @param headers the column names
     * @param rows the rows, each with one value per header; {@code null} marks a missing value
     * @return the dataset
     * @throws MlopsClientException if a row has the wrong number of values
     */
    public static BiasDataset of(List<String> headers, List<? extends List<?>> rows) {
        List<List<String>> copy = new ArrayList<>(rows.size());
        for (int r = 0; r < rows.size(); r++) {
            List<?> row = rows.get(r);
            if (row.size() != headers.size()) {
                throw new MlopsClientException("Bias dataset row " + r + " has " + row.size() + " values but there are "
                        + headers.size() + " columns " + headers, null, Map.of("row", Integer.toString(r)));
            }
            List<String> cells = new ArrayList<>(row.size());
            for (Object v : row) {
                cells.add(v == null ? null : String.valueOf(v));
            }
            copy.add(Collections.unmodifiableList(cells));
        }
        return new BiasDataset(headers, copy);
    }

    /**
     * Reads CSV whose first line holds the column names. Quoted fields ({@code "a,b"}, {@code ""} for a quote)
     * are supported; a quoted field may not span lines.
     *
     * @param csv the text
     * @return the dataset
     * @throws MlopsClientException if the text is empty or a row has the wrong number of values
     */
    public static BiasDataset readCsv(Reader csv) {
        try (BufferedReader in = new BufferedReader(csv)) {
            String header = in.readLine();
            if (header == null) {
                throw new MlopsClientException("Bias dataset CSV is empty: expected a header line");
            }
            List<String> headers = splitCsv(header);
            List<List<String>> rows = new ArrayList<>();
            String line;
            while ((line = in.readLine()) != null) {
                if (!line.isBlank()) {
                    rows.add(splitCsv(line));
                }
            }
            return of(headers, rows);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read bias dataset CSV", e);
        }
    }

    static List<String> splitCsv(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        out.add(cell.toString());
        return out;
    }

    /**
     * The column names.
     *
     * @return an unmodifiable list
     */
    public List<String> headers() {
        return headers;
    }

    /**
     * The number of rows.
     *
     * @return the count
     */
    public int size() {
        return rows.size();
    }

    /**
     * One cell.
     *
     * @param row the row index
     * @param column the column index
     * @return the text, or {@code null}
     */
    public String cell(int row, int column) {
        return rows.get(row).get(column);
    }

    /**
     * The index of a column.
     *
     * @param name the column name
     * @param role what the column is for, for the error message (e.g. {@code "label"})
     * @return the index
     * @throws MlopsClientException if there is no such column
     */
    public int column(String name, String role) {
        int i = headers.indexOf(name);
        if (i < 0) {
            throw new MlopsClientException("The " + role + " column '" + name + "' is not in the bias dataset; its "
                    + "columns are " + headers, null, Map.of("column", name, "role", role));
        }
        return i;
    }
}
