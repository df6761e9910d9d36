package dev.mlops.jupyter.internal;

import dev.mlops.jupyter.ChartSeries;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * Draws a small line or bar chart as SVG: title, framed plot with horizontal grid lines and value ticks, category
 * labels, axis labels, a legend and an optional dashed threshold. Fixed 640 × 320 view box, scaled by the page. The
 * chart paints its own white card so that its dark text reads on light and dark themes alike.
 */
public final class SvgChart {
    /** Width of the view box. */
    public static final int WIDTH = 640;
    /** Height of the view box. */
    public static final int HEIGHT = 320;

    private static final int LEFT = 66;
    private static final int RIGHT = WIDTH - 176;
    private static final int TOP = 46;
    private static final int BOTTOM = HEIGHT - 62;
    private static final String TEXT = "#24292f";
    private static final String MUTED = "#57606a";
    private static final String GRID = "#e1e4e8";
    private static final String[] PALETTE = {"#0969da", "#cf222e", "#1a7f37", "#bc4c00", "#8250df", "#1b7c83", "#9a6700",
        "#6e7781"};

    private SvgChart() {
    }

    /**
     * The colour of the {@code i}-th series.
     *
     * @param i the series' index
     * @return a CSS colour
     */
    public static String color(int i) {
        return PALETTE[i % PALETTE.length];
    }

    /**
     * Renders a chart.
     *
     * @param bars bars rather than lines
     * @param title the title
     * @param xLabel the category axis' label
     * @param yLabel the value axis' label
     * @param categories the category labels
     * @param series the series, each with a value per category (NaN for none)
     * @param threshold a value to draw as a dashed line, if any
     * @param thresholdLabel the threshold's legend text
     * @return the SVG document
     */
    public static String render(boolean bars, String title, String xLabel, String yLabel, List<String> categories,
            List<ChartSeries> series, OptionalDouble threshold, String thresholdLabel) {
        double lo = 0;
        double hi = Double.NEGATIVE_INFINITY;
        boolean any = false;
        for (ChartSeries s : series) {
            for (double v : s.values()) {
                if (Double.isFinite(v)) {
                    any = true;
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        if (threshold.isPresent()) {
            lo = Math.min(lo, threshold.getAsDouble());
            hi = Math.max(hi, threshold.getAsDouble());
        }
        if (!(hi > lo)) {
            hi = lo + 1;
        }
        double step = niceStep((hi - lo) / 5);
        lo = Math.floor(lo / step) * step;
        hi = Math.ceil(hi / step) * step;
        if (hi - lo < step) {
            hi = lo + step;
        }

        StringBuilder b = new StringBuilder(4096);
        String label = title + (yLabel.isEmpty() ? "" : " (" + yLabel + ")");
        b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
                .append("\" width=\"").append(WIDTH).append("\" height=\"").append(HEIGHT)
                .append("\" role=\"img\" aria-label=\"").append(Html.escape(label))
                .append("\" style=\"max-width:100%;height:auto\" font-family=\"system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif\">");
        b.append("<title>").append(Html.escape(label)).append("</title>");
        b.append("<rect x=\"0.5\" y=\"0.5\" width=\"").append(WIDTH - 1).append("\" height=\"").append(HEIGHT - 1)
                .append("\" rx=\"6\" fill=\"#ffffff\" stroke=\"#d0d7de\"/>");
        b.append(text(16, 26, "start", 15, "600", TEXT, Html.shorten(title, 70)));

        // Value axis: grid lines and ticks.
        for (double t = lo; t <= hi + step / 2; t += step) {
            double y = y(t, lo, hi);
            b.append("<line x1=\"").append(LEFT).append("\" x2=\"").append(RIGHT).append("\" y1=\"").append(f(y))
                    .append("\" y2=\"").append(f(y)).append("\" stroke=\"").append(GRID).append("\"/>");
            b.append(text(LEFT - 6, y + 4, "end", 11, "400", MUTED, Formats.number(round(t, step))));
        }
        b.append("<line x1=\"").append(LEFT).append("\" x2=\"").append(LEFT).append("\" y1=\"").append(TOP)
                .append("\" y2=\"").append(BOTTOM).append("\" stroke=\"").append(MUTED).append("\"/>");
        b.append("<line x1=\"").append(LEFT).append("\" x2=\"").append(RIGHT).append("\" y1=\"").append(BOTTOM)
                .append("\" y2=\"").append(BOTTOM).append("\" stroke=\"").append(MUTED).append("\"/>");
        b.append("<text x=\"16\" y=\"").append((TOP + BOTTOM) / 2).append("\" transform=\"rotate(-90 16 ")
                .append((TOP + BOTTOM) / 2).append(")\" text-anchor=\"middle\" font-size=\"12\" fill=\"").append(MUTED)
                .append("\" dominant-baseline=\"middle\">").append(Html.escape(Html.shorten(yLabel, 30))).append("</text>");

        // Category axis: one band per category.
        int n = categories.size();
        double band = n == 0 ? RIGHT - LEFT : (RIGHT - LEFT) / (double) n;
        int every = Math.max(1, (int) Math.ceil(n / 12.0));
        int maxChars = Math.max(3, (int) (band * every / 7));
        for (int i = 0; i < n; i += every) {
            double cx = LEFT + band * (i + 0.5);
            b.append("<line x1=\"").append(f(cx)).append("\" x2=\"").append(f(cx)).append("\" y1=\"").append(BOTTOM)
                    .append("\" y2=\"").append(BOTTOM + 4).append("\" stroke=\"").append(MUTED).append("\"/>");
            b.append("<text x=\"").append(f(cx)).append("\" y=\"").append(BOTTOM + 17)
                    .append("\" text-anchor=\"middle\" font-size=\"11\" fill=\"").append(MUTED).append("\">")
                    .append("<title>").append(Html.escape(categories.get(i))).append("</title>")
                    .append(Html.escape(Html.shorten(categories.get(i), maxChars))).append("</text>");
        }
        b.append(text((LEFT + RIGHT) / 2.0, HEIGHT - 18, "middle", 12, "400", MUTED, Html.shorten(xLabel, 60)));

        // Series.
        int drawn = 0;
        for (int s = 0; s < series.size(); s++) {
            ChartSeries cs = series.get(s);
            String c = color(s);
            b.append("<g class=\"series\" data-series=\"").append(Html.escape(cs.name())).append("\">");
            if (bars) {
                double w = band * 0.8 / Math.max(1, series.size());
                for (int i = 0; i < n; i++) {
                    double v = cs.values().get(i);
                    if (!Double.isFinite(v)) {
                        continue;
                    }
                    double x = LEFT + band * i + band * 0.1 + w * s;
                    double y0 = y(Math.max(lo, Math.min(0, hi)), lo, hi);
                    double y1 = y(v, lo, hi);
                    b.append("<rect x=\"").append(f(x)).append("\" y=\"").append(f(Math.min(y0, y1))).append("\" width=\"")
                            .append(f(Math.max(1, w - 1))).append("\" height=\"").append(f(Math.max(1, Math.abs(y0 - y1))))
                            .append("\" fill=\"").append(c).append("\"><title>").append(Html.escape(cs.name() + " at "
                                    + categories.get(i) + ": " + Formats.number(v))).append("</title></rect>");
                }
            } else {
                StringBuilder path = new StringBuilder();
                boolean pen = false;
                for (int i = 0; i < n; i++) {
                    double v = cs.values().get(i);
                    if (!Double.isFinite(v)) {
                        pen = false;
                        continue;
                    }
                    path.append(pen ? " L" : (path.length() == 0 ? "M" : " M")).append(f(LEFT + band * (i + 0.5))).append(' ')
                            .append(f(y(v, lo, hi)));
                    pen = true;
                }
                if (path.length() > 0) {
                    b.append("<path d=\"").append(path).append("\" fill=\"none\" stroke=\"").append(c)
                            .append("\" stroke-width=\"2\"/>");
                }
                for (int i = 0; i < n; i++) {
                    double v = cs.values().get(i);
                    if (Double.isFinite(v)) {
                        b.append("<circle cx=\"").append(f(LEFT + band * (i + 0.5))).append("\" cy=\"").append(f(y(v, lo, hi)))
                                .append("\" r=\"3.5\" fill=\"").append(c).append("\"><title>")
                                .append(Html.escape(cs.name() + " at " + categories.get(i) + ": " + Formats.number(v)))
                                .append("</title></circle>");
                    }
                }
            }
            b.append("</g>");
            drawn += cs.hasValues() ? 1 : 0;
        }
        if (threshold.isPresent()) {
            double y = y(threshold.getAsDouble(), lo, hi);
            b.append("<line class=\"threshold\" x1=\"").append(LEFT).append("\" x2=\"").append(RIGHT).append("\" y1=\"")
                    .append(f(y)).append("\" y2=\"").append(f(y)).append("\" stroke=\"").append(TEXT)
                    .append("\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/>");
        }
        if (!any || drawn == 0) {
            b.append(text((LEFT + RIGHT) / 2.0, (TOP + BOTTOM) / 2.0, "middle", 13, "400", MUTED, "no values to plot"));
        }

        // Legend.
        int ly = TOP + 4;
        for (int s = 0; s < series.size(); s++, ly += 18) {
            b.append("<rect x=\"").append(RIGHT + 16).append("\" y=\"").append(ly - 9).append("\" width=\"12\" height=\"12\" rx=\"2\" fill=\"")
                    .append(color(s)).append("\"/>");
            String name = series.get(s).name();
            b.append("<text x=\"").append(RIGHT + 34).append("\" y=\"").append(ly + 1)
                    .append("\" text-anchor=\"start\" font-size=\"12\" font-weight=\"400\" fill=\"").append(TEXT).append("\"><title>")
                    .append(Html.escape(name)).append("</title>").append(Html.escape(Html.shorten(name, 19))).append("</text>");
        }
        if (threshold.isPresent()) {
            b.append("<line x1=\"").append(RIGHT + 16).append("\" x2=\"").append(RIGHT + 28).append("\" y1=\"").append(ly - 3)
                    .append("\" y2=\"").append(ly - 3).append("\" stroke=\"").append(TEXT).append("\" stroke-width=\"1.5\" stroke-dasharray=\"3 2\"/>");
            b.append(text(RIGHT + 34, ly + 1, "start", 12, "400", TEXT, Html.shorten(thresholdLabel + " "
                    + Formats.number(threshold.getAsDouble()), 20)));
        }
        return b.append("</svg>").toString();
    }

    private static String text(double x, double y, String anchor, int size, String weight, String fill, String content) {
        return "<text x=\"" + f(x) + "\" y=\"" + f(y) + "\" text-anchor=\"" + anchor + "\" font-size=\"" + size
                + "\" font-weight=\"" + weight + "\" fill=\"" + fill + "\">" + Html.escape(content) + "</text>";
    }

    private static double y(double v, double lo, double hi) {
        return BOTTOM - (v - lo) / (hi - lo) * (BOTTOM - TOP);
    }

    /** 1, 2 or 5 times a power of ten, at least {@code raw}. */
    static double niceStep(double raw) {
        if (!(raw > 0) || !Double.isFinite(raw)) {
            return 1;
        }
        double p = Math.pow(10, Math.floor(Math.log10(raw)));
        double m = raw / p;
        return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
    }

    private static double round(double t, double step) {
        double digits = Math.max(0, -Math.floor(Math.log10(step)) + 1);
        double scale = Math.pow(10, digits);
        return Math.round(t * scale) / scale;
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
