package dev.mlops.monitor.quality;

/**
 * One inference joined with its ground truth: the predicted value or label, the optional probability of the
 * positive class, and the observed label. Values are kept as text, as they appear in captured data; regression
 * parses them as numbers when metrics are computed.
 *
 * @param prediction the predicted value or label; may be {@code null} when {@code probability} is given for a
 *     binary problem (the label then comes from the probability threshold)
 * @param probability the probability of the positive class, or {@code null}
 * @param groundTruth the observed value or label
 */
public record PredictionRow(String prediction, Double probability, String groundTruth) {

    /**
     * A regression row.
     *
     * @param prediction the predicted value
     * @param groundTruth the observed value
     * @return the row
     */
    public static PredictionRow regression(double prediction, double groundTruth) {
        return new PredictionRow(Double.toString(prediction), null, Double.toString(groundTruth));
    }

    /**
     * A classification row with a predicted label and no probability.
     *
     * @param predictedLabel the predicted label
     * @param groundTruth the observed label
     * @return the row
     */
    public static PredictionRow classification(String predictedLabel, String groundTruth) {
        return new PredictionRow(predictedLabel, null, groundTruth);
    }

    /**
     * A binary classification row with a predicted label and the probability of the positive class.
     *
     * @param predictedLabel the predicted label, or {@code null} to derive it from the probability threshold
     * @param probability the probability of the positive class
     * @param groundTruth the observed label
     * @return the row
     */
    public static PredictionRow binary(String predictedLabel, double probability, String groundTruth) {
        return new PredictionRow(predictedLabel, probability, groundTruth);
    }
}
