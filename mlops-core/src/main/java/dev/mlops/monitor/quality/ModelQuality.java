package dev.mlops.monitor.quality;

import dev.mlops.exception.MlopsClientException;
import dev.mlops.exception.ValidationException;
import dev.mlops.monitor.quality.internal.QualityMath;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Computes model-quality statistics from predictions joined with ground truth, as a SageMaker Model Monitor
 * model-quality job does. Immutable; each {@code with…} method returns a changed copy.
 *
 * <pre>{@code
 * ModelQualityReport r = ModelQuality.regression().compute(rows);
 * ModelQualityReport b = ModelQuality.binaryClassification().withProbabilityThreshold(0.7).compute(rows);
 * }</pre>
 */
public final class ModelQuality {

    private static final Logger LOG = LoggerFactory.getLogger(ModelQuality.class);

    /** SageMaker reports a standard deviation only from this many rows on; below it writes "NaN". */
    public static final int MIN_ROWS_FOR_STANDARD_DEVIATION = 200;
    private static final int RESAMPLES = 5;
    private static final double RESAMPLE_FRACTION = 0.8;

    private final ProblemType problemType;
    private final String positiveLabel;
    private final String negativeLabel;
    private final double probabilityThreshold;
    private final Instant evaluationTime;
    private final long seed;

    private ModelQuality(ProblemType problemType, String positiveLabel, String negativeLabel,
            double probabilityThreshold, Instant evaluationTime, long seed) {
        this.problemType = problemType;
        this.positiveLabel = positiveLabel;
        this.negativeLabel = negativeLabel;
        this.probabilityThreshold = probabilityThreshold;
        this.evaluationTime = evaluationTime;
        this.seed = seed;
    }

    /**
     * A regression calculator: {@code mae}, {@code mse}, {@code rmse}, {@code r2}.
     *
     * @return the calculator
     */
    public static ModelQuality regression() {
        return new ModelQuality(ProblemType.REGRESSION, "1", "0", 0.5, null, 0L);
    }

    /**
     * A binary classification calculator with positive label {@code "1"}, negative label {@code "0"} and
     * probability threshold 0.5.
     *
     * @return the calculator
     */
    public static ModelQuality binaryClassification() {
        return new ModelQuality(ProblemType.BINARY_CLASSIFICATION, "1", "0", 0.5, null, 0L);
    }

    /**
     * A multiclass classification calculator; classes are the labels seen in predictions and ground truth.
     *
     * @return the calculator
     */
    public static ModelQuality multiclassClassification() {
        return new ModelQuality(ProblemType.MULTICLASS_CLASSIFICATION, "1", "0", 0.5, null, 0L);
    }

    /**
     * Sets the binary labels; any label other than {@code positive} counts as negative.
     *
     * @param positive the positive class label
     * @param negative the label written for the negative class in the confusion matrix
     * @return a changed copy
     */
    public ModelQuality withLabels(String positive, String negative) {
        if (positive == null || negative == null || positive.equals(negative)) {
            throw new ValidationException("ModelQuality.labels", positive + "/" + negative,
                    "two different non-null labels");
        }
        return new ModelQuality(problemType, positive, negative, probabilityThreshold, evaluationTime, seed);
    }

    /**
     * Sets the probability at or above which a row without a predicted label is predicted positive
     * (SageMaker's {@code probability_threshold_attribute}).
     *
     * @param threshold a probability in [0, 1]
     * @return a changed copy
     */
    public ModelQuality withProbabilityThreshold(double threshold) {
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new ValidationException("ModelQuality.probabilityThreshold", threshold, "between 0 and 1");
        }
        return new ModelQuality(problemType, positiveLabel, negativeLabel, threshold, evaluationTime, seed);
    }

    /**
     * Records the evaluation time written to {@code dataset.evaluation_time}; none by default.
     *
     * @param time the instant, or {@code null} for none
     * @return a changed copy
     */
    public ModelQuality withEvaluationTime(Instant time) {
        return new ModelQuality(problemType, positiveLabel, negativeLabel, probabilityThreshold, time, seed);
    }

    /**
     * Seeds the resampling behind standard deviations so that runs are repeatable (SageMaker's own resampling
     * is random, so its deviations cannot be reproduced exactly).
     *
     * @param seed the seed
     * @return a changed copy
     */
    public ModelQuality withSeed(long seed) {
        return new ModelQuality(problemType, positiveLabel, negativeLabel, probabilityThreshold, evaluationTime, seed);
    }

    /**
     * Computes the statistics. Rows without ground truth or prediction, with NaN values, or with non-numeric
     * regression values are left out and counted in {@link ModelQualityReport#skippedRows()}.
     *
     * @param rows the joined rows
     * @return the report
     * @throws MlopsClientException if no row is usable
     */
    public ModelQualityReport compute(Collection<PredictionRow> rows) {
        if (rows == null || rows.isEmpty()) {
            throw new MlopsClientException("Model quality (" + problemType.sageMakerName()
                    + "): no rows were given; join captured predictions with ground truth first");
        }
        Map<String, Long> skipped = new LinkedHashMap<>();
        return switch (problemType) {
            case REGRESSION -> regression(rows, skipped);
            case BINARY_CLASSIFICATION -> binary(rows, skipped);
            case MULTICLASS_CLASSIFICATION -> multiclass(rows, skipped);
        };
    }

    private ModelQualityReport regression(Collection<PredictionRow> rows, Map<String, Long> skipped) {
        double[] predicted = new double[rows.size()];
        double[] actual = new double[rows.size()];
        int n = 0;
        for (PredictionRow row : rows) {
            String reason = missing(row);
            Double p = reason == null ? number(row.prediction()) : null;
            Double a = reason == null ? number(row.groundTruth()) : null;
            if (reason == null && p == null) {
                reason = "prediction is not a number";
            } else if (reason == null && a == null) {
                reason = "ground truth is not a number";
            } else if (reason == null && p.isNaN()) {
                reason = "prediction is NaN";
            } else if (reason == null && a.isNaN()) {
                reason = "ground truth is NaN";
            }
            if (reason != null) {
                skipped.merge(reason, 1L, Long::sum);
                continue;
            }
            predicted[n] = p;
            actual[n] = a;
            n++;
        }
        int[] all = requireRows(n, rows.size(), skipped);
        Map<String, MetricValue> metrics = withDeviation(all, idx -> QualityMath.regression(predicted, actual, idx));
        return new ModelQualityReport(problemType, n, evaluationTime, metrics, null, null, null, skipped);
    }

    private ModelQualityReport binary(Collection<PredictionRow> rows, Map<String, Long> skipped) {
        boolean[] predicted = new boolean[rows.size()];
        boolean[] actual = new boolean[rows.size()];
        double[] probability = new double[rows.size()];
        boolean allProbabilities = true;
        int n = 0;
        for (PredictionRow row : rows) {
            String reason = row.groundTruth() == null || row.groundTruth().isBlank() ? "ground truth is missing"
                    : row.prediction() == null && row.probability() == null ? "prediction is missing"
                    : row.probability() != null && row.probability().isNaN() ? "probability is NaN"
                    : row.prediction() != null && row.prediction().trim().equalsIgnoreCase("NaN")
                            ? "prediction is NaN" : null;
            if (reason != null) {
                skipped.merge(reason, 1L, Long::sum);
                continue;
            }
            predicted[n] = row.prediction() != null ? positiveLabel.equals(row.prediction().trim())
                    : row.probability() >= probabilityThreshold;
            actual[n] = positiveLabel.equals(row.groundTruth().trim());
            if (row.probability() == null) {
                allProbabilities = false;
            } else {
                probability[n] = row.probability();
            }
            n++;
        }
        int[] all = requireRows(n, rows.size(), skipped);
        // AUC and curves need a probability on every row; otherwise SageMaker has nothing to rank.
        double[] prob = allProbabilities ? probability : null;
        Map<String, MetricValue> metrics = withDeviation(all, idx -> QualityMath.binary(predicted, actual, prob, idx));
        QualityMath.BinaryCounts c = QualityMath.count(predicted, actual, all);
        Map<String, Map<String, Long>> cm = new TreeMap<>(LABEL_ORDER);
        cm.put(negativeLabel, cells(LABEL_ORDER, negativeLabel, c.tn(), positiveLabel, c.fp()));
        cm.put(positiveLabel, cells(LABEL_ORDER, negativeLabel, c.fn(), positiveLabel, c.tp()));
        ModelQualityReport.Curve roc = null;
        ModelQualityReport.Curve pr = null;
        if (prob != null) {
            QualityMath.Curves curves = QualityMath.curves(prob, actual, all);
            roc = new ModelQualityReport.Curve(curves.falsePositiveRates(), curves.truePositiveRates());
            pr = new ModelQualityReport.Curve(curves.recalls(), curves.precisions());
        }
        return new ModelQualityReport(problemType, n, evaluationTime, metrics, cm, roc, pr, skipped);
    }

    private static Map<String, Long> cells(Comparator<String> order, String k1, long v1, String k2, long v2) {
        Map<String, Long> m = new TreeMap<>(order);
        m.put(k1, v1);
        m.put(k2, v2);
        return m;
    }

    private ModelQualityReport multiclass(Collection<PredictionRow> rows, Map<String, Long> skipped) {
        List<String[]> usable = new ArrayList<>();
        TreeSet<String> labels = new TreeSet<>(LABEL_ORDER);
        for (PredictionRow row : rows) {
            String reason = missing(row);
            if (reason == null && row.prediction().trim().equalsIgnoreCase("NaN")) {
                reason = "prediction is NaN";
            }
            if (reason != null) {
                skipped.merge(reason, 1L, Long::sum);
                continue;
            }
            String p = row.prediction().trim();
            String a = row.groundTruth().trim();
            labels.add(p);
            labels.add(a);
            usable.add(new String[] {p, a});
        }
        int[] all = requireRows(usable.size(), rows.size(), skipped);
        List<String> classes = new ArrayList<>(labels);
        Map<String, Integer> index = new LinkedHashMap<>();
        classes.forEach(l -> index.put(l, index.size()));
        int[] predicted = new int[usable.size()];
        int[] actual = new int[usable.size()];
        for (int i = 0; i < usable.size(); i++) {
            predicted[i] = index.get(usable.get(i)[0]);
            actual[i] = index.get(usable.get(i)[1]);
        }
        Map<String, MetricValue> metrics = withDeviation(all,
                idx -> QualityMath.multiclass(predicted, actual, classes.size(), idx));
        Map<String, Map<String, Long>> cm = new LinkedHashMap<>();
        for (String a : classes) {
            Map<String, Long> r = new LinkedHashMap<>();
            classes.forEach(p -> r.put(p, 0L));
            cm.put(a, r);
        }
        for (int i = 0; i < usable.size(); i++) {
            cm.get(classes.get(actual[i])).merge(classes.get(predicted[i]), 1L, Long::sum);
        }
        return new ModelQualityReport(problemType, usable.size(), evaluationTime, metrics, cm, null, null, skipped);
    }

    /** Numeric labels in numeric order ("2" before "10"), otherwise text order. */
    private static final Comparator<String> LABEL_ORDER = (x, y) -> {
        Double dx = number(x);
        Double dy = number(y);
        if (dx != null && dy != null && !dx.equals(dy)) {
            return Double.compare(dx, dy);
        }
        return x.compareTo(y);
    };

    private static String missing(PredictionRow row) {
        if (row.groundTruth() == null || row.groundTruth().isBlank()) {
            return "ground truth is missing";
        }
        if (row.prediction() == null || row.prediction().isBlank()) {
            return "prediction is missing";
        }
        return null;
    }

    private static Double number(String text) {
        try {
            return Double.valueOf(text.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private int[] requireRows(int usable, int given, Map<String, Long> skipped) {
        if (usable == 0) {
            throw new MlopsClientException("Model quality (" + problemType.sageMakerName() + "): none of the "
                    + given + " rows is usable; skipped " + skipped, null, Map.of("problemType",
                    problemType.sageMakerName(), "rows", Integer.toString(given)));
        }
        if (!skipped.isEmpty()) {
            LOG.debug("Model quality ({}): skipped rows {}", problemType.sageMakerName(), skipped);
        }
        int[] all = new int[usable];
        for (int i = 0; i < usable; i++) {
            all[i] = i;
        }
        return all;
    }

    /**
     * Computes the metrics on all rows and, from {@value #MIN_ROWS_FOR_STANDARD_DEVIATION} rows on, their sample
     * standard deviation over five random 80% subsets drawn without replacement (SageMaker's documented method).
     */
    private Map<String, MetricValue> withDeviation(int[] all, Function<int[], Map<String, Double>> metric) {
        Map<String, Double> full = metric.apply(all);
        Map<String, double[]> samples = new LinkedHashMap<>();
        if (all.length >= MIN_ROWS_FOR_STANDARD_DEVIATION) {
            Random random = new Random(seed);
            int size = (int) Math.floor(all.length * RESAMPLE_FRACTION);
            for (int s = 0; s < RESAMPLES; s++) {
                int[] shuffled = all.clone();
                for (int i = shuffled.length - 1; i > 0; i--) {
                    int j = random.nextInt(i + 1);
                    int t = shuffled[i];
                    shuffled[i] = shuffled[j];
                    shuffled[j] = t;
                }
                int[] subset = java.util.Arrays.copyOf(shuffled, size);
                int sample = s;
                metric.apply(subset).forEach((k, v) ->
                        samples.computeIfAbsent(k, x -> new double[RESAMPLES])[sample] = v);
            }
        }
        Map<String, MetricValue> out = new LinkedHashMap<>();
        full.forEach((k, v) -> out.put(k, new MetricValue(v, samples.containsKey(k)
                ? sampleStandardDeviation(samples.get(k)) : Double.NaN)));
        return out;
    }

    private static double sampleStandardDeviation(double[] xs) {
        double mean = 0;
        for (double x : xs) {
            mean += x;
        }
        mean /= xs.length;
        double ss = 0;
        for (double x : xs) {
            ss += (x - mean) * (x - mean);
        }
        return Math.sqrt(ss / (xs.length - 1));
    }
}
