package dev.mlops.monitor.quality.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The arithmetic behind model-quality statistics, following the definitions SageMaker's Spark-based container
 * uses (Spark MLlib {@code RegressionMetrics}, {@code MulticlassMetrics}, {@code BinaryClassificationMetrics}).
 * Not part of the public API.
 */
public final class QualityMath {

    private QualityMath() {
    }

    /**
     * Regression metrics over the rows whose indices are given.
     *
     * @param predicted predicted values
     * @param actual observed values
     * @param rows indices of the rows to use
     * @return {@code mae}, {@code mse}, {@code rmse}, {@code r2} in that order
     */
    public static Map<String, Double> regression(double[] predicted, double[] actual, int[] rows) {
        int n = rows.length;
        double meanActual = 0;
        for (int i : rows) {
            meanActual += actual[i];
        }
        meanActual /= n;
        double absSum = 0;
        double sqSum = 0;
        double totSum = 0;
        for (int i : rows) {
            double err = predicted[i] - actual[i];
            absSum += Math.abs(err);
            sqSum += err * err;
            double dev = actual[i] - meanActual;
            totSum += dev * dev;
        }
        Map<String, Double> out = new LinkedHashMap<>();
        double mse = sqSum / n;
        out.put("mae", absSum / n);
        out.put("mse", mse);
        out.put("rmse", Math.sqrt(mse));
        // Spark: 1 - SSerr/SStot; a constant ground truth gives -Infinity or NaN, which is what the data says.
        out.put("r2", 1.0 - sqSum / totSum);
        return out;
    }

    /**
     * Counts of a binary confusion matrix.
     *
     * @param tp true positives
     * @param fp false positives
     * @param tn true negatives
     * @param fn false negatives
     */
    public record BinaryCounts(long tp, long fp, long tn, long fn) {
        long positives() {
            return tp + fn;
        }

        long total() {
            return tp + fp + tn + fn;
        }
    }

    /**
     * Counts true/false positives/negatives over the given rows.
     *
     * @param predictedPositive whether each row was predicted positive
     * @param actualPositive whether each row is positive
     * @param rows indices of the rows to use
     * @return the counts
     */
    public static BinaryCounts count(boolean[] predictedPositive, boolean[] actualPositive, int[] rows) {
        long tp = 0;
        long fp = 0;
        long tn = 0;
        long fn = 0;
        for (int i : rows) {
            if (predictedPositive[i]) {
                if (actualPositive[i]) {
                    tp++;
                } else {
                    fp++;
                }
            } else if (actualPositive[i]) {
                fn++;
            } else {
                tn++;
            }
        }
        return new BinaryCounts(tp, fp, tn, fn);
    }

    /**
     * Binary scalar metrics in SageMaker's key order, without the confusion matrix and curves.
     *
     * @param predictedPositive whether each row was predicted positive
     * @param actualPositive whether each row is positive
     * @param probability probability of the positive class per row, or {@code null} (then no {@code auc})
     * @param rows indices of the rows to use
     * @return metric name to value
     */
    public static Map<String, Double> binary(boolean[] predictedPositive, boolean[] actualPositive,
            double[] probability, int[] rows) {
        BinaryCounts c = count(predictedPositive, actualPositive, rows);
        // Best constant classifier: always predicts the majority ground-truth class, as in real 2021 output
        // (the documentation's examples predict the positive class instead; the container is closed source).
        long positives = c.positives();
        long negatives = c.total() - positives;
        BinaryCounts constant = positives >= negatives
                ? new BinaryCounts(positives, negatives, 0, 0)
                : new BinaryCounts(0, 0, negatives, positives);

        double recall = ratio(c.tp, c.tp + c.fn);
        double precision = ratio(c.tp, c.tp + c.fp);
        double fpr = ratio(c.fp, c.fp + c.tn);
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("recall", recall);
        out.put("precision", precision);
        out.put("accuracy", ratio(c.tp + c.tn, c.total()));
        out.put("recall_best_constant_classifier", ratio(constant.tp, constant.tp + constant.fn));
        out.put("precision_best_constant_classifier", ratio(constant.tp, constant.tp + constant.fp));
        out.put("accuracy_best_constant_classifier", ratio(constant.tp + constant.tn, constant.total()));
        out.put("true_positive_rate", recall);
        // SageMaker derives TNR and FNR as complements (the docs print TNR 0.33333333333333337 = 1 - 2/3).
        out.put("true_negative_rate", 1.0 - fpr);
        out.put("false_positive_rate", fpr);
        out.put("false_negative_rate", 1.0 - recall);
        if (probability != null) {
            out.put("auc", auc(probability, actualPositive, rows));
        }
        out.put("f0_5", fMeasure(precision, recall, 0.5));
        out.put("f1", fMeasure(precision, recall, 1.0));
        out.put("f2", fMeasure(precision, recall, 2.0));
        double constPrecision = ratio(constant.tp, constant.tp + constant.fp);
        double constRecall = ratio(constant.tp, constant.tp + constant.fn);
        out.put("f0_5_best_constant_classifier", fMeasure(constPrecision, constRecall, 0.5));
        out.put("f1_best_constant_classifier", fMeasure(constPrecision, constRecall, 1.0));
        out.put("f2_best_constant_classifier", fMeasure(constPrecision, constRecall, 2.0));
        return out;
    }

    /**
     * Multiclass scalar metrics in SageMaker's key order; weighted metrics weight each class by its share of
     * the ground truth.
     *
     * @param predicted predicted class index per row
     * @param actual observed class index per row
     * @param classes number of classes
     * @param rows indices of the rows to use
     * @return metric name to value
     */
    public static Map<String, Double> multiclass(int[] predicted, int[] actual, int classes, int[] rows) {
        long[][] cm = new long[classes][classes];
        for (int i : rows) {
            cm[actual[i]][predicted[i]]++;
        }
        long n = rows.length;
        long[] support = new long[classes];
        long[] predictedCount = new long[classes];
        long correct = 0;
        for (int a = 0; a < classes; a++) {
            for (int p = 0; p < classes; p++) {
                support[a] += cm[a][p];
                predictedCount[p] += cm[a][p];
            }
            correct += cm[a][a];
        }
        int majority = 0;
        for (int k = 1; k < classes; k++) {
            if (support[k] > support[majority]) {
                majority = k;
            }
        }
        double[] w = new double[classes];
        for (int k = 0; k < classes; k++) {
            w[k] = (double) support[k] / n;
        }
        double wRecall = 0;
        double wPrecision = 0;
        double[] wF = new double[3];
        double[] betas = {0.5, 1.0, 2.0};
        for (int k = 0; k < classes; k++) {
            double r = ratio(cm[k][k], support[k]);
            double p = ratio(cm[k][k], predictedCount[k]);
            wRecall += w[k] * r;
            wPrecision += w[k] * p;
            for (int b = 0; b < 3; b++) {
                wF[b] += w[k] * fMeasure(p, r, betas[b]);
            }
        }
        // The constant classifier predicting the majority class: recall 1 and precision w[majority] for that
        // class, 0 for every other class.
        double cp = w[majority];
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("accuracy", ratio(correct, n));
        out.put("weighted_recall", wRecall);
        out.put("weighted_precision", wPrecision);
        out.put("weighted_f0_5", wF[0]);
        out.put("weighted_f1", wF[1]);
        out.put("weighted_f2", wF[2]);
        out.put("accuracy_best_constant_classifier", w[majority]);
        out.put("weighted_recall_best_constant_classifier", w[majority] * 1.0);
        out.put("weighted_precision_best_constant_classifier", w[majority] * cp);
        out.put("weighted_f0_5_best_constant_classifier", w[majority] * fMeasure(cp, 1.0, 0.5));
        out.put("weighted_f1_best_constant_classifier", w[majority] * fMeasure(cp, 1.0, 1.0));
        out.put("weighted_f2_best_constant_classifier", w[majority] * fMeasure(cp, 1.0, 2.0));
        return out;
    }

    /**
     * F-beta score; 0 when precision and recall are both 0 (Spark's convention).
     *
     * @param precision precision
     * @param recall recall
     * @param beta weight of recall
     * @return the score
     */
    public static double fMeasure(double precision, double recall, double beta) {
        double b2 = beta * beta;
        return precision + recall == 0 ? 0.0 : (1 + b2) * precision * recall / (b2 * precision + recall);
    }

    private static double ratio(long num, long den) {
        // Spark MulticlassMetrics returns 0 for an empty denominator instead of NaN.
        return den == 0 ? 0.0 : (double) num / den;
    }

    /**
     * ROC and precision-recall curve points, the shape Spark's {@code BinaryClassificationMetrics} produces:
     * one point per distinct probability (descending), ROC framed by (0,0) and (1,1), PR starting at recall 0.
     *
     * @param probability probability of the positive class per row
     * @param actualPositive whether each row is positive
     * @param rows indices of the rows to use
     * @return the curves
     */
    public static Curves curves(double[] probability, boolean[] actualPositive, int[] rows) {
        double[] scores = new double[rows.length];
        for (int k = 0; k < rows.length; k++) {
            scores[k] = probability[rows[k]];
        }
        Integer[] order = new Integer[rows.length];
        for (int k = 0; k < order.length; k++) {
            order[k] = k;
        }
        Arrays.sort(order, (x, y) -> Double.compare(scores[y], scores[x]));
        long positives = 0;
        for (int i : rows) {
            if (actualPositive[i]) {
                positives++;
            }
        }
        long negatives = rows.length - positives;
        List<Double> fprs = new ArrayList<>(List.of(0.0));
        List<Double> tprs = new ArrayList<>(List.of(0.0));
        List<Double> precisions = new ArrayList<>();
        List<Double> recalls = new ArrayList<>();
        long tp = 0;
        long fp = 0;
        int k = 0;
        while (k < order.length) {
            double threshold = scores[order[k]];
            // all rows sharing a score cross the threshold together
            while (k < order.length && scores[order[k]] == threshold) {
                if (actualPositive[rows[order[k]]]) {
                    tp++;
                } else {
                    fp++;
                }
                k++;
            }
            double tpr = positives == 0 ? 0.0 : (double) tp / positives;
            fprs.add(negatives == 0 ? 0.0 : (double) fp / negatives);
            tprs.add(tpr);
            recalls.add(tpr);
            precisions.add(tp + fp == 0 ? 1.0 : (double) tp / (tp + fp));
        }
        fprs.add(1.0);
        tprs.add(1.0);
        precisions.add(0, precisions.isEmpty() ? 1.0 : precisions.get(0));
        recalls.add(0, 0.0);
        return new Curves(List.copyOf(fprs), List.copyOf(tprs), List.copyOf(precisions), List.copyOf(recalls));
    }

    /**
     * Area under the ROC curve by the trapezoidal rule over {@link #curves}.
     *
     * @param probability probability of the positive class per row
     * @param actualPositive whether each row is positive
     * @param rows indices of the rows to use
     * @return the area
     */
    public static double auc(double[] probability, boolean[] actualPositive, int[] rows) {
        Curves c = curves(probability, actualPositive, rows);
        double area = 0;
        for (int k = 1; k < c.falsePositiveRates().size(); k++) {
            double dx = c.falsePositiveRates().get(k) - c.falsePositiveRates().get(k - 1);
            area += dx * (c.truePositiveRates().get(k) + c.truePositiveRates().get(k - 1)) / 2.0;
        }
        return area;
    }

    /**
     * ROC and PR curve points.
     *
     * @param falsePositiveRates ROC x values
     * @param truePositiveRates ROC y values
     * @param precisions PR y values
     * @param recalls PR x values
     */
    public record Curves(List<Double> falsePositiveRates, List<Double> truePositiveRates,
            List<Double> precisions, List<Double> recalls) {
    }
}
