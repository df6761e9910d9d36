package dev.mlops.monitor.bias;

import dev.mlops.exception.MlopsClientException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Bias-drift constraints that allow for sampling error: the file a bias-drift monitor compares each window against,
 * in {@code analysis.json}'s format, so that Clarify's own container reads it as well as ours.
 *
 * <p>Clarify's rule flags a metric as soon as it is farther from its ideal than the constraint's value
 * ({@link BiasDrift}). With the baseline's own metrics as constraints, that is a coin toss for every metric on
 * normal traffic: a window drawn from the same population as the baseline lands farther from the ideal about half the
 * time (the embedded monitor example flagged 4 of 12 post-training metrics on a random sample of its training data).
 * So each constraint is moved away from the ideal by the metric's sampling bound: the baseline table is resampled
 * {@value #RESAMPLES} times with replacement (fixed seed, so a baseline is reproducible), the {@value #COVERAGE}
 * quantile of the resampled metric's distance from the baseline value is taken, and times sqrt(2) (a window and the
 * baseline are two independent estimates) it is added to the baseline's distance from the ideal. A window the size of
 * the baseline then flags a metric that has not drifted with probability of about 0.5 %; smaller windows more often.
 * Metrics Clarify could not compute keep their error.
 */
public final class BiasConstraints {
    /** Bootstrap resamples of the baseline table. */
    public static final int RESAMPLES = 400;
    /** Quantile of the resampled distances from the ideal that becomes the constraint. */
    public static final double COVERAGE = 0.995;
    private static final long SEED = 20_261_201L;
    private static final double SQRT2 = Math.sqrt(2);

    private BiasConstraints() {
    }

    /**
     * Suggests the constraints of a bias-drift monitor from its baseline table.
     *
     * @param data the baseline table (features, label and predicted label), as given to {@link Bias#analyze}
     * @param config the bias configuration
     * @param baseline {@code Bias.analyze(data, config)}
     * @return the constraints, in {@code analysis.json}'s layout
     */
    public static BiasReport suggest(BiasDataset data, BiasConfig config, BiasReport baseline) {
        Map<String, double[]> distances = new HashMap<>();
        Map<String, Integer> counts = new HashMap<>();
        SplittableRandom random = new SplittableRandom(SEED);
        int n = data.size();
        List<String> headers = data.headers();
        for (int r = 0; r < RESAMPLES && n > 0; r++) {
            List<List<String>> rows = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                int row = random.nextInt(n);
                List<String> cells = new ArrayList<>(headers.size());
                for (int c = 0; c < headers.size(); c++) {
                    cells.add(data.cell(row, c));
                }
                rows.add(cells);
            }
            BiasReport resampled;
            try {
                resampled = Bias.analyze(BiasDataset.of(headers, rows), config);
            } catch (MlopsClientException e) {
                continue; // e.g. a resample without the facet: it says nothing about the spread
            }
            collect(BiasReport.PRE_TRAINING, resampled.preTraining(), baseline.preTraining(), distances, counts);
            collect(BiasReport.POST_TRAINING, resampled.postTraining(), baseline.postTraining(), distances, counts);
        }
        return new BiasReport(baseline.label(), baseline.labelValueOrThreshold(),
                widen(BiasReport.PRE_TRAINING, baseline.preTraining(), distances, counts),
                widen(BiasReport.POST_TRAINING, baseline.postTraining(), distances, counts), baseline.skippedRows());
    }

    private static String key(String stage, FacetMetrics f, BiasMetric m) {
        return stage + '\u0000' + f.facet() + '\u0000' + f.valueOrThreshold() + '\u0000' + m.name();
    }

    private static double ideal(String metric) {
        return metric.equals("DI") ? 1.0 : 0.0;
    }

    private static void collect(String stage, List<FacetMetrics> facets, List<FacetMetrics> baseline,
            Map<String, double[]> deviations, Map<String, Integer> counts) {
        for (FacetMetrics f : facets) {
            FacetMetrics b = baseline.stream().filter(x -> x.facet().equals(f.facet())
                    && x.valueOrThreshold().equals(f.valueOrThreshold())).findFirst().orElse(null);
            for (BiasMetric m : f.metrics()) {
                BiasMetric base = b == null ? null : b.metric(m.name()).orElse(null);
                if (!m.hasValue() || Double.isNaN(m.value()) || base == null || !base.hasValue()) {
                    continue;
                }
                String k = key(stage, f, m);
                double[] d = deviations.computeIfAbsent(k, x -> new double[RESAMPLES]);
                int c = counts.merge(k, 1, Integer::sum);
                double deviation = Math.abs(m.value() - base.value());
                d[c - 1] = Double.isNaN(deviation) ? Double.POSITIVE_INFINITY : deviation; // inf - inf
            }
        }
    }

    private static List<FacetMetrics> widen(String stage, List<FacetMetrics> facets, Map<String, double[]> distances,
            Map<String, Integer> counts) {
        List<FacetMetrics> out = new ArrayList<>(facets.size());
        for (FacetMetrics f : facets) {
            List<BiasMetric> metrics = new ArrayList<>(f.metrics().size());
            for (BiasMetric m : f.metrics()) {
                String k = key(stage, f, m);
                if (!m.hasValue() || !counts.containsKey(k)) {
                    metrics.add(m);
                    continue;
                }
                double[] d = Arrays.copyOf(distances.get(k), counts.get(k));
                Arrays.sort(d);
                // a window and the baseline are two estimates of the same value: their difference has sqrt(2) times
                // the spread of one
                double bound = SQRT2 * d[Math.min(d.length - 1, (int) Math.ceil(COVERAGE * d.length) - 1)];
                double ideal = ideal(m.name());
                double direction = m.value() < ideal ? -1 : 1;
                metrics.add(new BiasMetric(m.name(), m.description(),
                        ideal + direction * (Math.abs(m.value() - ideal) + bound), null));
            }
            out.add(new FacetMetrics(f.facet(), f.valueOrThreshold(), metrics));
        }
        return out;
    }
}
