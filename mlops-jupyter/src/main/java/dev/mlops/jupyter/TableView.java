package dev.mlops.jupyter;

import dev.mlops.exception.ValidationException;
import dev.mlops.jupyter.internal.Html;
import dev.mlops.jupyter.internal.TextTable;
import dev.mlops.jupyter.internal.Tone;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A table with a title, column headings and rows of text. Cells in status columns show as coloured badges. Build one
 * with {@link #builder(String)}; {@link MlopsViews} builds them for the API's types.
 */
public final class TableView implements View {
    /** The largest number of characters a cell shows in text; longer values end with an ellipsis there (HTML wraps). */
    static final int TEXT_CELL_WIDTH = 48;
    /** Cells up to this length do not wrap in HTML. */
    private static final int SHORT_CELL = 24;

    private final String title;
    private final List<String> columns;
    private final List<List<String>> rows;
    private final Set<Integer> statusColumns;
    private final String note;

    private TableView(Builder b) {
        this.title = b.title;
        this.columns = List.copyOf(b.columns);
        this.rows = b.rows.stream().map(List::copyOf).toList();
        this.statusColumns = Collections.unmodifiableSet(new LinkedHashSet<>(b.statusColumns));
        this.note = b.note;
    }

    /**
     * Starts a table.
     *
     * @param title the title shown above it
     * @return a builder
     * @throws ValidationException if the title is null
     */
    public static Builder builder(String title) {
        return new Builder(title);
    }

    /**
     * The title.
     *
     * @return the title
     */
    public String title() {
        return title;
    }

    /**
     * The column headings.
     *
     * @return the headings, in order
     */
    public List<String> columns() {
        return columns;
    }

    /**
     * The rows, each with one cell per column.
     *
     * @return the rows, in order
     */
    public List<List<String>> rows() {
        return rows;
    }

    /**
     * The note under the table, empty when none.
     *
     * @return the note
     */
    public String note() {
        return note;
    }

    @Override
    public String html() {
        StringBuilder b = new StringBuilder(256 + rows.size() * 120);
        b.append("<div class=\"mlops-view\" style=\"font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;")
                .append("font-size:13px;color:inherit;margin:4px 0 10px 0;max-width:100%;overflow-x:auto\">");
        b.append("<div style=\"font-weight:600;margin:0 0 4px 0\">").append(Html.escape(title)).append("</div>");
        b.append("<table style=\"border-collapse:collapse;color:inherit;background:transparent\">");
        b.append("<thead><tr>");
        for (String c : columns) {
            b.append("<th style=\"text-align:left;padding:3px 10px;border-bottom:2px solid rgba(127,127,127,0.6);")
                    .append("background:rgba(127,127,127,0.14);white-space:nowrap\">").append(Html.escape(c)).append("</th>");
        }
        b.append("</tr></thead><tbody>");
        if (rows.isEmpty()) {
            b.append("<tr><td colspan=\"").append(Math.max(1, columns.size()))
                    .append("\" style=\"padding:3px 10px;font-style:italic;opacity:0.75\">none</td></tr>");
        }
        for (List<String> row : rows) {
            b.append("<tr>");
            for (int i = 0; i < row.size(); i++) {
                String v = row.get(i);
                // short values (times, ids, numbers) stay on one line; long ones wrap between words, or inside one rather than overflow
                b.append("<td style=\"text-align:left;vertical-align:top;padding:3px 10px;")
                        .append("border-bottom:1px solid rgba(127,127,127,0.3);")
                        .append(v.length() <= SHORT_CELL ? "white-space:nowrap" : "overflow-wrap:break-word;min-width:12em;max-width:48em")
                        .append("\">");
                if (statusColumns.contains(i)) {
                    b.append("<span style=\"display:inline-block;padding:0 6px;border-radius:8px;color:#ffffff;background:")
                            .append(Tone.of(v).background()).append(";white-space:nowrap\">").append(Html.escape(v))
                            .append("</span>");
                } else {
                    b.append(Html.escape(v));
                }
                b.append("</td>");
            }
            b.append("</tr>");
        }
        b.append("</tbody></table>");
        if (!note.isEmpty()) {
            b.append("<div style=\"opacity:0.75;margin-top:3px\">").append(Html.escape(note)).append("</div>");
        }
        b.append("</div>");
        return b.toString();
    }

    @Override
    public String text() {
        StringBuilder b = new StringBuilder(title).append('\n');
        b.append(TextTable.render(columns, rows, TEXT_CELL_WIDTH));
        if (rows.isEmpty()) {
            b.append("(none)\n");
        }
        if (!note.isEmpty()) {
            b.append(note).append('\n');
        }
        return b.toString();
    }

    /**
     * The table as text, as {@link #text()}.
     *
     * @return the text
     */
    @Override
    public String toString() {
        return text();
    }

    /** Builds a {@link TableView}. */
    public static final class Builder {
        private final String title;
        private final List<String> columns = new ArrayList<>();
        private final List<List<String>> rows = new ArrayList<>();
        private final Set<Integer> statusColumns = new LinkedHashSet<>();
        private String note = "";

        private Builder(String title) {
            if (title == null) {
                throw new ValidationException("TableView.title", null, "non-null");
            }
            this.title = title;
        }

        /**
         * Adds a column.
         *
         * @param heading its heading
         * @return this builder
         * @throws ValidationException if the heading is null or rows were added already
         */
        public Builder column(String heading) {
            if (heading == null) {
                throw new ValidationException("TableView.column", null, "non-null");
            }
            if (!rows.isEmpty()) {
                throw new ValidationException("TableView.column", heading, "columns come before the first row");
            }
            columns.add(heading);
            return this;
        }

        /**
         * Adds a column whose cells are status words, shown as coloured badges in HTML.
         *
         * @param heading its heading
         * @return this builder
         * @throws ValidationException if the heading is null or rows were added already
         */
        public Builder statusColumn(String heading) {
            column(heading);
            statusColumns.add(columns.size() - 1);
            return this;
        }

        /**
         * Adds a row; {@code null} cells show as a dash.
         *
         * @param cells one value per column
         * @return this builder
         * @throws ValidationException if the number of cells differs from the number of columns
         */
        public Builder row(Object... cells) {
            if (cells.length != columns.size()) {
                throw new ValidationException("TableView.row", String.valueOf(cells.length),
                        "one cell per column (" + columns.size() + ": " + columns + ")");
            }
            List<String> row = new ArrayList<>(cells.length);
            for (Object c : cells) {
                row.add(c == null ? "—" : String.valueOf(c));
            }
            rows.add(row);
            return this;
        }

        /**
         * Sets the note shown under the table.
         *
         * @param note the note, or {@code null} for none
         * @return this builder
         */
        public Builder note(String note) {
            this.note = note == null ? "" : note;
            return this;
        }

        /**
         * Builds the table.
         *
         * @return the table
         */
        public TableView build() {
            return new TableView(this);
        }
    }
}
