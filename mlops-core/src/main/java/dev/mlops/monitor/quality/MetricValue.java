package dev.mlops.monitor.quality;

/**
 * A metric's value and its standard deviation, as written in {@code statistics.json}.
 *
 * @param value the metric computed on all rows
 * @param standardDeviation the spread over resamples, or {@link Double#NaN} when there were too few rows
 *     (written as the string {@code "NaN"}, as SageMaker does)
 */
public record MetricValue(double value, double standardDeviation) {
}
