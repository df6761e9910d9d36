package dev.mlops.monitor.bias.internal;

import dev.mlops.monitor.bias.BiasMetric;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.DoubleSupplier;

/**
 * Clarify's pre- and post-training bias metrics, with smclarify's conventions: facet d ({@code sensitive}) is
 * the group selected by the facet value or threshold, facet a is every other row, and label distributions are
 * the two-valued positive/negative distribution. Not part of the public API.
 */
public final class BiasMetrics {

    /** Clarify's description strings, including its spelling ("Liebler"). */
    static final Map<String, String> DESCRIPTIONS = Map.ofEntries(
            Map.entry("CI", "Class Imbalance (CI)"),
            Map.entry("DPL", "Difference in Positive Proportions in Labels (DPL)"),
            Map.entry("KL", "Kullback-Liebler Divergence (KL)"),
            Map.entry("JS", "Jensen-Shannon Divergence (JS)"),
            Map.entry("LP", "L-p Norm (LP)"),
            Map.entry("TVD", "Total Variation Distance (TVD)"),
            Map.entry("KS", "Kolmogorov-Smirnov Distance (KS)"),
            Map.entry("CDDL", "Conditional Demographic Disparity in Labels (CDDL)"),
            Map.entry("DPPL", "Difference in Positive Proportions in Predicted Labels (DPPL)"),
            Map.entry("DI", "Disparate Impact (DI)"),
            Map.entry("DCA", "Difference in Conditional Acceptance (DCA)"),
            Map.entry("DCR", "Difference in Conditional Rejection (DCR)"),
            Map.entry("RD", "Recall Difference (RD)"),
            Map.entry("SD", "Specificity Difference (SD)"),
            Map.entry("DAR", "Difference in Acceptance Rates (DAR)"),
            Map.entry("DRR", "Difference in Rejection Rates (DRR)"),
            Map.entry("AD", "Accuracy Difference (AD)"),
            Map.entry("CDDPL", "Conditional Demographic Disparity in Predicted Labels (CDDPL)"),
            Map.entry("TE", "Treatment Equality (TE)"),
            Map.entry("FT", "Flip Test (FT)"),
            Map.entry("GE", "Generalized Entropy (GE)"));

    /** Neighbours for the flip test, and the facet-a size up to which a single neighbour is used instead. */
    static final int FT_NEIGHBOURS = 5;
    static final int FT_SMALL_FACET = 9;

    private BiasMetrics() {
    }

    /**
     * The description Clarify writes for a metric.
     *
     * @param name the short name
     * @return the description
     */
    public static String description(String name) {
        return DESCRIPTIONS.get(name);
    }

    /** A metric's failure, carried as its message (smclarify's ValueError text). */
    static final class MetricError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        MetricError(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * All pre-training metrics, sorted by name.
     *
     * @param d whether each row is in the sensitive facet
     * @param label whether each row's observed label is positive
     * @param group group variable per row, or {@code null}
     * @return the metrics
     */
    public static List<BiasMetric> preTraining(boolean[] d, boolean[] label, String[] group) {
        Map<String, DoubleSupplier> m = new TreeMap<>();
        m.put("CI", () -> ci(d));
        m.put("DPL", () -> dpl(d, label));
        m.put("KL", () -> kl(dist(d, label, false), dist(d, label, true)));
        m.put("JS", () -> js(dist(d, label, false), dist(d, label, true)));
        m.put("LP", () -> lp(dist(d, label, false), dist(d, label, true)));
        m.put("TVD", () -> tvd(dist(d, label, false), dist(d, label, true)));
        m.put("KS", () -> ks(dist(d, label, false), dist(d, label, true)));
        m.put("CDDL", () -> cdd(d, label, group));
        return evaluate(m);
    }

    /**
     * All post-training metrics, sorted by name.
     *
     * @param d whether each row is in the sensitive facet
     * @param label whether each row's observed label is positive
     * @param predicted whether each row's predicted label is positive
     * @param group group variable per row, or {@code null}
     * @param features numeric features for the flip test (label, predicted label and facet removed), or
     *     {@code null}
     * @param featuresError why {@code features} is {@code null}, reported as the FT error
     * @return the metrics
     */
    public static List<BiasMetric> postTraining(boolean[] d, boolean[] label, boolean[] predicted, String[] group,
            double[][] features, String featuresError) {
        Map<String, DoubleSupplier> m = new TreeMap<>();
        m.put("DPPL", () -> dpl(d, predicted));
        m.put("DI", () -> {
            requireFacets(d);
            return divide(proportion(d, predicted, true), proportion(d, predicted, false));
        });
        m.put("DCA", () -> {
            Confusion a = confusion(d, label, predicted, false);
            Confusion s = confusion(d, label, predicted, true);
            return differenceOrZero(divide(a.tp + a.fn, a.tp + a.fp), divide(s.tp + s.fn, s.tp + s.fp));
        });
        m.put("DCR", () -> {
            Confusion a = confusion(d, label, predicted, false);
            Confusion s = confusion(d, label, predicted, true);
            return differenceOrZero(divide(s.tn + s.fp, s.tn + s.fn), divide(a.tn + a.fp, a.tn + a.fn));
        });
        m.put("RD", () -> {
            Confusion a = confusion(d, label, predicted, false);
            Confusion s = confusion(d, label, predicted, true);
            return differenceOrZero(divide(a.tp, a.tp + a.fn), divide(s.tp, s.tp + s.fn));
        });
        m.put("SD", () -> {
            Confusion a = confusion(d, label, predicted, false);
            Confusion s = confusion(d, label, predicted, true);
            return differenceOrZero(divide(s.tn, s.tn + s.fp), divide(a.tn, a.tn + a.fp));
        });
        m.put("DAR", () -> {
            Confusion a = confusion(d, label, predicted, false);
            Confusion s = confusion(d, label, predicted, true);
            return differenceOrZero(divide(a.tp, a.tp + a.fp), divide(s.tp, s.tp + s.fp));
        });
        m.put("DRR", () -> {
            Confusion a = confusion(d, label, predicted, false);
            Confusion s = confusion(d, label, predicted, true);
            return differenceOrZero(divide(s.tn, s.tn + s.fn), divide(a.tn, a.tn + a.fn));
        });
        m.put("AD", () -> {
            Confusion a = confusion(d, label, predicted, false);
            Confusion s = confusion(d, label, predicted, true);
            return differenceOrZero(divide(a.tp + a.tn, a.total()), divide(s.tp + s.tn, s.total()));
        });
        m.put("TE", () -> {
            Confusion a = confusion(d, label, predicted, false);
            Confusion s = confusion(d, label, predicted, true);
            return differenceOrZero(divide(s.fn, s.fp), divide(a.fn, a.fp));
        });
        m.put("CDDPL", () -> cdd(d, predicted, group));
        m.put("FT", () -> {
            if (features == null) {
                throw new MetricError(featuresError);
            }
            return flipTest(d, predicted, features);
        });
        m.put("GE", () -> generalizedEntropy(label, predicted));
        return evaluate(m);
    }

    private static List<BiasMetric> evaluate(Map<String, DoubleSupplier> metrics) {
        List<BiasMetric> out = new ArrayList<>();
        metrics.forEach((name, f) -> {
            try {
                out.add(new BiasMetric(name, DESCRIPTIONS.get(name), f.getAsDouble(), null));
            } catch (MetricError e) {
                out.add(new BiasMetric(name, DESCRIPTIONS.get(name), null, e.getMessage()));
            }
        });
        out.sort(Comparator.comparing(BiasMetric::name));
        return out;
    }

    /** smclarify's divide: 0/0 is 0, x/0 is signed infinity. */
    static double divide(double a, double b) {
        if (b == 0) {
            return a == 0 ? 0.0 : a > 0 ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
        }
        return a / b;
    }

    /** x - y, except that two positive infinities give 0 as in smclarify. */
    static double differenceOrZero(double x, double y) {
        return x == y && x == Double.POSITIVE_INFINITY ? 0.0 : x - y;
    }

    private static void requireFacets(boolean[] d) {
        long nd = count(d, true);
        if (nd == 0) {
            throw new MetricError("Facet set is empty");
        }
        if (nd == d.length) {
            throw new MetricError("Negated facet set is empty");
        }
    }

    private static long count(boolean[] d, boolean value) {
        long n = 0;
        for (boolean b : d) {
            if (b == value) {
                n++;
            }
        }
        return n;
    }

    /** CI = (n_a - n_d) / (n_a + n_d). */
    static double ci(boolean[] d) {
        requireFacets(d);
        double nd = count(d, true);
        double na = d.length - nd;
        return (na - nd) / (na + nd);
    }

    /** Share of positive outcomes within facet d ({@code sensitive}) or facet a. */
    static double proportion(boolean[] d, boolean[] positive, boolean sensitive) {
        long n = 0;
        long pos = 0;
        for (int i = 0; i < d.length; i++) {
            if (d[i] == sensitive) {
                n++;
                if (positive[i]) {
                    pos++;
                }
            }
        }
        return (double) pos / n;
    }

    /** DPL (or DPPL on predictions) = q_a - q_d. */
    static double dpl(boolean[] d, boolean[] positive) {
        requireFacets(d);
        return proportion(d, positive, false) - proportion(d, positive, true);
    }

    /** The label pdf of one facet as {P(negative), P(positive)}. */
    static double[] dist(boolean[] d, boolean[] label, boolean sensitive) {
        requireFacets(d);
        double q = proportion(d, label, sensitive);
        return new double[] {1 - q, q};
    }

    /** Indices where both pdfs are non-zero (smclarify's pdfs_aligned_nonzero). */
    private static List<Integer> aligned(double[] pa, double[] pd) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < pa.length; i++) {
            if (pa[i] > 0 && pd[i] > 0) {
                out.add(i);
            }
        }
        return out;
    }

    static double kl(double[] pa, double[] pd) {
        double s = 0;
        for (int i : aligned(pa, pd)) {
            s += pa[i] * Math.log(pa[i] / pd[i]);
        }
        return s;
    }

    static double js(double[] pa, double[] pd) {
        double sa = 0;
        double sd = 0;
        for (int i : aligned(pa, pd)) {
            double p = 0.5 * (pa[i] + pd[i]);
            sa += pa[i] * Math.log(pa[i] / p);
            sd += pd[i] * Math.log(pd[i] / p);
        }
        return 0.5 * (sa + sd);
    }

    static double lp(double[] pa, double[] pd) {
        double s = 0;
        for (int i : aligned(pa, pd)) {
            s += (pa[i] - pd[i]) * (pa[i] - pd[i]);
        }
        return Math.sqrt(s);
    }

    static double tvd(double[] pa, double[] pd) {
        double s = 0;
        for (int i : aligned(pa, pd)) {
            s += Math.abs(pa[i] - pd[i]);
        }
        return 0.5 * s;
    }

    static double ks(double[] pa, double[] pd) {
        double max = 0;
        for (int i : aligned(pa, pd)) {
            max = Math.max(max, Math.abs(pa[i] - pd[i]));
        }
        return max;
    }

    /**
     * Conditional demographic disparity: per group, share of facet d among negatives minus its share among
     * positives, averaged with group sizes as weights. Groups are taken in sorted order (numpy.unique).
     */
    static double cdd(boolean[] d, boolean[] positive, String[] group) {
        if (group == null) {
            throw new MetricError("Group variable is empty or not provided");
        }
        long positives = count(positive, true);
        if (positives == 0) {
            throw new MetricError("No positive labels in set");
        }
        if (positives == positive.length) {
            throw new MetricError("No negative labels in set");
        }
        Map<String, long[]> byGroup = new TreeMap<>();
        for (int i = 0; i < d.length; i++) {
            // {rows, positives, positives in d, negatives, negatives in d}
            long[] c = byGroup.computeIfAbsent(group[i], k -> new long[5]);
            c[0]++;
            if (positive[i]) {
                c[1]++;
                c[2] += d[i] ? 1 : 0;
            } else {
                c[3]++;
                c[4] += d[i] ? 1 : 0;
            }
        }
        // np.sum(counts * CDD) / np.sum(counts), summed as numpy sums
        double[] weighted = new double[byGroup.size()];
        double[] counts = new double[byGroup.size()];
        int g = 0;
        for (long[] c : byGroup.values()) {
            double accepted = c[1] == 0 ? 0 : (double) c[2] / c[1];
            double rejected = c[3] == 0 ? 0 : (double) c[4] / c[3];
            counts[g] = c[0];
            weighted[g] = counts[g] * (rejected - accepted);
            g++;
        }
        return divide(PairwiseSum.sum(weighted), PairwiseSum.sum(counts));
    }

    /** Generalized entropy with alpha 2 over all rows: b = prediction - label + 1. */
    static double generalizedEntropy(boolean[] label, boolean[] predicted) {
        int n = label.length;
        double[] b = new double[n];
        double mean = 0;
        for (int i = 0; i < n; i++) {
            b[i] = (predicted[i] ? 1 : 0) - (label[i] ? 1 : 0) + 1;
            mean += b[i];
        }
        mean /= n;
        if (mean == 0) {
            // smclarify's wording: b is 0 only for false negatives
            throw new MetricError("All predicted labels are false negatives. There should be at least one "
                    + "prediction that is not false negative.");
        }
        // ((b / mean) ** 2 - 1).sum() in pandas: numpy's pairwise summation, not a running sum
        double[] terms = new double[n];
        for (int i = 0; i < n; i++) {
            double x = b[i] / mean;
            terms[i] = x * x - 1;
        }
        return PairwiseSum.sum(terms) / (n * 2.0 * 1.0);
    }

    /**
     * Flip test: a k-nearest-neighbour classifier (Euclidean, uniform vote) fitted on facet a's features and the
     * model's predictions predicts facet d; FT = (#model positive but kNN negative - #model negative but kNN
     * positive) / n_d.
     */
    static double flipTest(boolean[] d, boolean[] predicted, double[][] features) {
        requireFacets(d);
        List<Integer> a = new ArrayList<>();
        List<Integer> s = new ArrayList<>();
        for (int i = 0; i < d.length; i++) {
            (d[i] ? s : a).add(i);
        }
        int k = a.size() > FT_SMALL_FACET ? FT_NEIGHBOURS : 1;
        long flippedToPositive = 0;
        long flippedToNegative = 0;
        int[] nearest = new int[k];
        double[] nearestDistance = new double[k];
        for (int i : s) {
            // the k nearest in (distance, row order): what a stable sort by distance puts first, without the sort
            int found = 0;
            for (int j = 0; j < a.size(); j++) {
                double dj = distance(features[i], features[a.get(j)]);
                if (found == k && Double.compare(dj, nearestDistance[k - 1]) >= 0) {
                    continue;
                }
                int p = found < k ? found++ : k - 1;
                while (p > 0 && Double.compare(nearestDistance[p - 1], dj) > 0) {
                    nearestDistance[p] = nearestDistance[p - 1];
                    nearest[p] = nearest[p - 1];
                    p--;
                }
                nearestDistance[p] = dj;
                nearest[p] = j;
            }
            int votes = 0;
            for (int j = 0; j < k; j++) {
                votes += predicted[a.get(nearest[j])] ? 1 : 0;
            }
            // a tie goes to the smaller class (negative), as sklearn's mode does
            boolean knn = votes * 2 > k;
            if (predicted[i] && !knn) {
                flippedToPositive++;
            } else if (!predicted[i] && knn) {
                flippedToNegative++;
            }
        }
        return (double) (flippedToPositive - flippedToNegative) / s.size();
    }

    private static double distance(double[] x, double[] y) {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += (x[i] - y[i]) * (x[i] - y[i]);
        }
        return Math.sqrt(s);
    }

    /** Confusion counts within facet d ({@code sensitive}) or facet a. */
    record Confusion(long tp, long fp, long tn, long fn) {
        long total() {
            return tp + fp + tn + fn;
        }
    }

    static Confusion confusion(boolean[] d, boolean[] label, boolean[] predicted, boolean sensitive) {
        requireFacets(d);
        long tp = 0;
        long fp = 0;
        long tn = 0;
        long fn = 0;
        for (int i = 0; i < d.length; i++) {
            if (d[i] != sensitive) {
                continue;
            }
            if (predicted[i]) {
                if (label[i]) {
                    tp++;
                } else {
                    fp++;
                }
            } else if (label[i]) {
                fn++;
            } else {
                tn++;
            }
        }
        return new Confusion(tp, fp, tn, fn);
    }
}
