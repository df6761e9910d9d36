package dev.mlops.cli.output;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** A text table for people: columns padded to their widest cell, a header row, two spaces between columns. */
public final class Table {
    private final List<String[]> rows = new ArrayList<>();
    private final int columns;

    private Table(String... header) {
        this.columns = header.length;
        rows.add(header);
    }

    /**
     * Starts a table.
     *
     * @param header the column names
     * @return the table
     */
    public static Table of(String... header) {
        return new Table(header);
    }

    /**
     * Adds a row; missing cells are empty, {@code null} cells print as {@code -}.
     *
     * @param cells the cells
     * @return this table
     */
    public Table row(Object... cells) {
        String[] r = new String[columns];
        for (int i = 0; i < columns; i++) {
            r[i] = i < cells.length ? (cells[i] == null ? "-" : String.valueOf(cells[i])) : "";
        }
        rows.add(r);
        return this;
    }

    /**
     * Prints the table, or {@code empty} when it has no rows.
     *
     * @param out where to print
     * @param empty the line printed instead of an empty table
     */
    public void print(PrintStream out, String empty) {
        if (rows.size() == 1) {
            out.println(empty);
            return;
        }
        int[] width = new int[columns];
        for (String[] r : rows) {
            for (int i = 0; i < columns; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        for (String[] r : rows) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                b.append(r[i]);
                if (i < columns - 1) {
                    b.append(" ".repeat(width[i] - r[i].length() + 2));
                }
            }
            out.println(b.toString().stripTrailing());
        }
    }

    @Override
    public String toString() {
        return "Table[" + (rows.size() - 1) + " rows]";
    }
}
