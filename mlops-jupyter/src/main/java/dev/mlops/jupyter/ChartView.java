package dev.mlops.jupyter;

import dev.mlops.exception.ValidationException;
import dev.mlops.jupyter.internal.Formats;
import dev.mlops.jupyter.internal.Html;
import dev.mlops.jupyter.internal.SvgChart;
import dev.mlops.jupyter.internal.TextTable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * A line or bar chart drawn as SVG by hand (no script): a title, a category axis (model versions, monitoring runs),
 * a value axis with ticks, one or more {@link ChartSeries} with a legend, and optionally a dashed threshold line. The
 * chart draws its own light background, so it reads the same on light and dark notebook themes. As text it is a
 * table of the values.
 */
public final class ChartView implements View {
    /** How the series are drawn. */
    public enum Kind {
        /** Points joined by lines; a NaN value breaks the line. */
        LINE,
        /** Bars side by side within each category. */
        BAR
    }

    private final Kind kind;
    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final List<String> categories;
    private final List<ChartSeries> series;
    private final OptionalDouble threshold;
    private final String thresholdLabel;
    private final String note;

    private ChartView(Builder b) {
        this.kind = b.kind;
        this.title = b.title;
        this.xLabel = b.xLabel;
        this.yLabel = b.yLabel;
        this.categories = List.copyOf(b.categories);
        this.series = List.copyOf(b.series);
        this.threshold = b.threshold;
        this.thresholdLabel = b.thresholdLabel;
        this.note = b.note;
    }

    /**
     * Starts a chart.
     *
     * @param kind line or bar
     * @param title the title drawn above the plot
     * @return a builder
     * @throws ValidationException if the kind or title is null
     */
    public static Builder builder(Kind kind, String title) {
        return new Builder(kind, title);
    }

    /**
     * How the series are drawn.
     *
     * @return line or bar
     */
    public Kind kind() {
        return kind;
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
     * The category axis' label.
     *
     * @return the label
     */
    public String xLabel() {
        return xLabel;
    }

    /**
     * The value axis' label.
     *
     * @return the label
     */
    public String yLabel() {
        return yLabel;
    }

    /**
     * The categories along the horizontal axis, in order.
     *
     * @return the category labels
     */
    public List<String> categories() {
        return categories;
    }

    /**
     * The series, in legend order.
     *
     * @return the series
     */
    public List<ChartSeries> series() {
        return series;
    }

    /**
     * The threshold drawn as a dashed line, if any.
     *
     * @return the threshold
     */
    public OptionalDouble threshold() {
        return threshold;
    }

    /**
     * The note under the chart, empty when none.
     *
     * @return the note
     */
    public String note() {
        return note;
    }

    /**
     * The chart as a standalone SVG document (with the SVG namespace, a {@code <title>} and an {@code aria-label}).
     *
     * @return the SVG
     */
    public String svg() {
        return SvgChart.render(this.kind == Kind.BAR, title, xLabel, yLabel, categories, series, threshold, thresholdLabel);
    }

    @Override
    public String html() {
        StringBuilder b = new StringBuilder();
        b.append("<div class=\"mlops-view\" style=\"font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;")
                .append("font-size:13px;color:inherit;margin:4px 0 10px 0;max-width:100%\">");
        b.append(svg());
        if (!note.isEmpty()) {
            b.append("<div style=\"opacity:0.75;margin-top:3px;max-width:640px\">").append(Html.escape(note)).append("</div>");
        }
        b.append("</div>");
        return b.toString();
    }

    @Override
    public String text() {
        List<String> columns = new ArrayList<>();
        columns.add(xLabel);
        series.forEach(s -> columns.add(s.name()));
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < categories.size(); i++) {
            List<String> row = new ArrayList<>();
            row.add(categories.get(i));
            for (ChartSeries s : series) {
                row.add(Formats.number(s.values().get(i)));
            }
            rows.add(row);
        }
        StringBuilder b = new StringBuilder(title).append(" (").append(yLabel).append(")\n");
        b.append(TextTable.render(columns, rows, TableView.TEXT_CELL_WIDTH));
        threshold.ifPresent(t -> b.append(thresholdLabel).append(": ").append(Formats.number(t)).append('\n'));
        if (!note.isEmpty()) {
            b.append(note).append('\n');
        }
        return b.toString();
    }

    /**
     * {@inheritDoc} Here {@code text/html} (the SVG inline, with the note), {@code image/svg+xml} and
     * {@code text/plain}. The HTML comes first because front ends rank it above SVG and some clean SVG outputs of
     * everything but text (nbconvert's HTML export keeps only an empty {@code svg} element with the labels).
     */
    @Override
    public Map<String, String> mimeBundle() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("text/html", html());
        m.put("image/svg+xml", svg());
        m.put("text/plain", text());
        return Collections.unmodifiableMap(m);
    }

    /**
     * The chart as text, as {@link #text()}.
     *
     * @return the text
     */
    @Override
    public String toString() {
        return text();
    }

    /** Builds a {@link ChartView}. */
    public static final class Builder {
        private final Kind kind;
        private final String title;
        private String xLabel = "";
        private String yLabel = "";
        private final List<String> categories = new ArrayList<>();
        private final List<ChartSeries> series = new ArrayList<>();
        private OptionalDouble threshold = OptionalDouble.empty();
        private String thresholdLabel = "threshold";
        private String note = "";

        private Builder(Kind kind, String title) {
            if (kind == null) {
                throw new ValidationException("ChartView.kind", null, "LINE or BAR");
            }
            if (title == null) {
                throw new ValidationException("ChartView.title", null, "non-null");
            }
            this.kind = kind;
            this.title = title;
        }

        /**
         * Sets the axis labels.
         *
         * @param x the category axis' label
         * @param y the value axis' label
         * @return this builder
         */
        public Builder axes(String x, String y) {
            this.xLabel = x == null ? "" : x;
            this.yLabel = y == null ? "" : y;
            return this;
        }

        /**
         * Sets the categories along the horizontal axis.
         *
         * @param labels the labels, in order
         * @return this builder
         */
        public Builder categories(List<String> labels) {
            categories.clear();
            labels.forEach(l -> categories.add(l == null ? "" : l));
            return this;
        }

        /**
         * Adds a series.
         *
         * @param s the series, with one value per category
         * @return this builder
         */
        public Builder series(ChartSeries s) {
            series.add(s);
            return this;
        }

        /**
         * Draws a dashed horizontal line at a value.
         *
         * @param value the value
         * @param label its legend text
         * @return this builder
         */
        public Builder threshold(double value, String label) {
            this.threshold = Double.isFinite(value) ? OptionalDouble.of(value) : OptionalDouble.empty();
            this.thresholdLabel = label == null || label.isBlank() ? "threshold" : label;
            return this;
        }

        /**
         * Sets the note shown under the chart in HTML and after it in text.
         *
         * @param note the note, or {@code null} for none
         * @return this builder
         */
        public Builder note(String note) {
            this.note = note == null ? "" : note;
            return this;
        }

        /**
         * Builds the chart.
         *
         * @return the chart
         * @throws ValidationException if a series' length differs from the number of categories
         */
        public ChartView build() {
            for (ChartSeries s : series) {
                if (s.values().size() != categories.size()) {
                    throw new ValidationException("ChartSeries.values", s.name() + " has " + s.values().size(),
                            "one value per category (" + categories.size() + ")");
                }
            }
            return new ChartView(this);
        }
    }
}
