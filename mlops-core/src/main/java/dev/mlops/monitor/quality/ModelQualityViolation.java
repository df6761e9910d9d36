package dev.mlops.monitor.quality;

/**
 * One entry of a model-quality {@code constraint_violations.json}. SageMaker writes the comparison operator as
 * the check type and camel-cases the metric name ({@code truePositiveRate}).
 *
 * @param metricName the metric, in SageMaker's camel case
 * @param constraintCheckType the operator that was violated, e.g. {@code "LessThanThreshold"}
 * @param description e.g. {@code "Metric auc with 0.51 +/- 0.01 was LessThanThreshold '0.93'"}
 */
public record ModelQualityViolation(String metricName, String constraintCheckType, String description) {
}
