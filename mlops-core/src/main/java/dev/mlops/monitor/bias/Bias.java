package dev.mlops.monitor.bias;

import dev.mlops.exception.MlopsClientException;
import dev.mlops.monitor.bias.internal.BiasMetrics;
import dev.mlops.monitor.bias.internal.PythonJson;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Computes Clarify's bias metrics on a dataset.
 *
 * <pre>{@code
 * BiasReport b = Bias.analyze(dataset, BiasConfig.builder()
 *         .label("Target").labelValues("1").facet("Sex").facetValues("0")
 *         .predictedLabel("Prediction").groupVariable("Age").build());
 * }</pre>
 */
public final class Bias {

    private static final Logger LOG = LoggerFactory.getLogger(Bias.class);

    private Bias() {
    }

    /**
     * Computes pre-training metrics (CI, DPL, KL, JS, LP, TVD, KS, CDDL) and, when the configuration names a
     * predicted label, post-training metrics (AD, CDDPL, DAR, DCA, DCR, DI, DPPL, DRR, FT, GE, RD, SD, TE). Rows
     * with a missing label, facet or prediction are left out and counted in {@link BiasReport#skippedRows()}.
     * A metric that cannot be computed (e.g. CDDL without a group variable) carries Clarify's error text.
     *
     * @param dataset the data
     * @param config what to measure
     * @return the report
     * @throws MlopsClientException if a configured column is missing, no row is usable, or a configured facet
     *     value matches no row
     */
    public static BiasReport analyze(BiasDataset dataset, BiasConfig config) {
        int labelCol = dataset.column(config.label(), "label");
        int facetCol = dataset.column(config.facet(), "facet");
        int predCol = config.predictedLabel().map(p -> dataset.column(p, "predicted label")).orElse(-1);
        int groupCol = config.groupVariable().map(g -> dataset.column(g, "group variable")).orElse(-1);

        Map<String, Long> skipped = new LinkedHashMap<>();
        List<Integer> used = new ArrayList<>();
        List<Boolean> label = new ArrayList<>();
        List<Boolean> predicted = new ArrayList<>();
        for (int r = 0; r < dataset.size(); r++) {
            String l = trimmed(dataset.cell(r, labelCol));
            String f = trimmed(dataset.cell(r, facetCol));
            String p = predCol < 0 ? "" : trimmed(dataset.cell(r, predCol));
            String reason = l == null ? "label is missing"
                    : f == null ? "facet is missing"
                    : p == null ? "predicted label is missing"
                    : p.equalsIgnoreCase("nan") ? "predicted label is NaN"
                    : groupCol >= 0 && trimmed(dataset.cell(r, groupCol)) == null ? "group variable is missing"
                    : null;
            Boolean lp = reason == null ? positive(l, config.labelValues(), config.labelThreshold().orElse(null)) : null;
            if (reason == null && lp == null) {
                reason = "label is not a number";
            }
            Boolean pp = null;
            if (reason == null && predCol >= 0) {
                pp = config.probabilityThreshold().isPresent()
                        ? above(p, config.probabilityThreshold().get())
                        : positive(p, config.labelValues(), config.labelThreshold().orElse(null));
                if (pp == null) {
                    reason = "predicted label is not a number";
                }
            }
            if (reason != null) {
                skipped.merge(reason, 1L, Long::sum);
                continue;
            }
            used.add(r);
            label.add(lp);
            predicted.add(pp);
        }
        if (used.isEmpty()) {
            throw new MlopsClientException("Bias analysis: none of the " + dataset.size() + " rows is usable"
                    + (skipped.isEmpty() ? "" : "; skipped " + skipped), null,
                    Map.of("rows", Integer.toString(dataset.size())));
        }
        if (!skipped.isEmpty()) {
            LOG.debug("Bias analysis skipped rows {}", skipped);
        }
        int n = used.size();
        boolean[] y = toArray(label);
        boolean[] yhat = predCol < 0 ? null : toArray(predicted);
        String[] facet = new String[n];
        String[] group = groupCol < 0 ? null : new String[n];
        for (int i = 0; i < n; i++) {
            facet[i] = trimmed(dataset.cell(used.get(i), facetCol));
            if (group != null) {
                group[i] = trimmed(dataset.cell(used.get(i), groupCol));
            }
        }
        String featuresError = null;
        double[][] features = null;
        if (predCol >= 0) {
            features = features(dataset, used, List.of(labelCol, facetCol, predCol));
            if (features == null) {
                featuresError = "FlipTest does not support non-numeric columns";
            }
        }

        List<FacetMetrics> pre = new ArrayList<>();
        List<FacetMetrics> post = new ArrayList<>();
        for (Map.Entry<String, Predicate<String>> sensitive : facetGroups(config, facet).entrySet()) {
            boolean[] d = new boolean[n];
            boolean any = false;
            for (int i = 0; i < n; i++) {
                d[i] = sensitive.getValue().test(facet[i]);
                any |= d[i];
            }
            if (!any) {
                throw new MlopsClientException("Bias analysis: facet '" + config.facet() + "' value "
                        + sensitive.getKey() + " matches none of the " + n + " usable rows; values present: "
                        + distinct(facet), null, Map.of("facet", config.facet(), "value", sensitive.getKey()));
            }
            pre.add(new FacetMetrics(config.facet(), sensitive.getKey(), BiasMetrics.preTraining(d, y, group)));
            if (yhat != null) {
                post.add(new FacetMetrics(config.facet(), sensitive.getKey(),
                        BiasMetrics.postTraining(d, y, yhat, group, features, featuresError)));
            }
        }
        String labelText = config.labelThreshold().isPresent()
                ? interval(config.labelThreshold().get(), dataset, used, labelCol)
                : String.join(",", config.labelValues());
        return new BiasReport(config.label(), labelText, pre, post, skipped);
    }

    /** Sensitive group name (as written in value_or_threshold) to membership test, in report order. */
    private static Map<String, Predicate<String>> facetGroups(BiasConfig config, String[] facet) {
        Map<String, Predicate<String>> out = new LinkedHashMap<>();
        if (config.facetThreshold().isPresent()) {
            double t = config.facetThreshold().get();
            double max = Double.NEGATIVE_INFINITY;
            for (String f : facet) {
                Double v = number(f);
                if (v == null) {
                    throw new MlopsClientException("Bias analysis: facet '" + config.facet() + "' has a threshold "
                            + "but holds the non-numeric value '" + f + "'", null, Map.of("facet", config.facet()));
                }
                max = Math.max(max, v);
            }
            boolean integral = isIntegral(t) && allIntegral(facet);
            out.put("(" + format(t, integral) + ", " + format(max, integral) + "]", f -> number(f) > t);
        } else if (!config.facetValues().isEmpty()) {
            List<String> values = config.facetValues();
            out.put(String.join(",", values), f -> values.stream().anyMatch(v -> same(f, v)));
        } else {
            // No value given: one-vs-rest for every facet value, as Clarify does.
            for (String v : distinct(facet)) {
                out.put(v, f -> same(f, v));
            }
        }
        return out;
    }

    private static TreeSet<String> distinct(String[] values) {
        TreeSet<String> out = new TreeSet<>(VALUE_ORDER);
        out.addAll(List.of(values));
        return out;
    }

    private static final Comparator<String> VALUE_ORDER = (x, y) -> {
        Double dx = number(x);
        Double dy = number(y);
        return dx != null && dy != null && !dx.equals(dy) ? Double.compare(dx, dy) : x.compareTo(y);
    };

    private static String interval(double t, BiasDataset data, List<Integer> rows, int col) {
        double max = Double.NEGATIVE_INFINITY;
        boolean integral = isIntegral(t);
        for (int r : rows) {
            String cell = trimmed(data.cell(r, col));
            max = Math.max(max, number(cell));
            integral &= isIntegral(number(cell)) && !cell.contains(".");
        }
        return "(" + format(t, integral) + ", " + format(max, integral) + "]";
    }

    private static boolean allIntegral(String[] values) {
        for (String v : values) {
            if (v.contains(".") || !isIntegral(number(v))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isIntegral(double v) {
        return v == Math.rint(v) && !Double.isInfinite(v);
    }

    private static String format(double v, boolean integral) {
        return integral ? Long.toString((long) v) : PythonJson.repr(v);
    }

    /** Whether a label (or predicted label) is positive; {@code null} if a threshold needs a number. */
    private static Boolean positive(String value, List<String> positives, Double threshold) {
        if (threshold != null) {
            return above(value, threshold);
        }
        return positives.stream().anyMatch(p -> same(value, p));
    }

    private static Boolean above(String value, double threshold) {
        Double v = number(value);
        return v == null ? null : v > threshold;
    }

    /** Equal as text, or as numbers ("1" equals "1.0"). */
    private static boolean same(String value, String configured) {
        if (value.equals(configured.trim())) {
            return true;
        }
        Double a = number(value);
        Double b = number(configured);
        return a != null && a.equals(b);
    }

    private static double[][] features(BiasDataset data, List<Integer> rows, List<Integer> excluded) {
        List<Integer> cols = new ArrayList<>();
        for (int c = 0; c < data.headers().size(); c++) {
            if (!excluded.contains(c)) {
                cols.add(c);
            }
        }
        double[][] out = new double[rows.size()][cols.size()];
        for (int i = 0; i < rows.size(); i++) {
            for (int j = 0; j < cols.size(); j++) {
                Double v = number(trimmed(data.cell(rows.get(i), cols.get(j))));
                if (v == null) {
                    return null;
                }
                out[i][j] = v;
            }
        }
        return out;
    }

    private static boolean[] toArray(List<Boolean> values) {
        boolean[] out = new boolean[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }

    private static String trimmed(String s) {
        if (s == null) {
            return null;
        }
        String t = s.trim();
        return t.isEmpty() ? null : t;
    }

    private static Double number(String s) {
        if (s == null) {
            return null;
        }
        try {
            return Double.valueOf(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
