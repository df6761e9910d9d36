package dev.mlops.jupyter.internal;

import java.util.List;

/** Plain-text tables with padded columns, for {@code toString()}. */
public final class TextTable {
    private TextTable() {
    }

    /**
     * Renders rows under headings, columns padded to their widest cell, cells shortened to {@code maxCell} characters
     * and line breaks inside cells shown as spaces.
     *
     * @param columns the headings
     * @param rows the rows, one cell per heading
     * @param maxCell the widest a cell may be
     * @return the text, one line per row plus the heading and a rule, each ending in a newline
     */
    public static String render(List<String> columns, List<List<String>> rows, int maxCell) {
        int[] width = new int[columns.size()];
        for (int i = 0; i < columns.size(); i++) {
            width[i] = clean(columns.get(i), maxCell).length();
        }
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                width[i] = Math.max(width[i], clean(row.get(i), maxCell).length());
            }
        }
        StringBuilder b = new StringBuilder();
        line(b, columns, width, maxCell);
        for (int i = 0; i < width.length; i++) {
            b.append(i == 0 ? "" : "  ").append("-".repeat(width[i]));
        }
        b.append('\n');
        rows.forEach(r -> line(b, r, width, maxCell));
        return b.toString();
    }

    private static void line(StringBuilder b, List<String> cells, int[] width, int maxCell) {
        StringBuilder l = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            String c = clean(cells.get(i), maxCell);
            l.append(i == 0 ? "" : "  ").append(c).append(" ".repeat(width[i] - c.length()));
        }
        b.append(l.toString().stripTrailing()).append('\n');
    }

    private static String clean(String cell, int maxCell) {
        return Html.shorten(cell.replaceAll("[\\r\\n\\t]+", " "), maxCell);
    }
}
