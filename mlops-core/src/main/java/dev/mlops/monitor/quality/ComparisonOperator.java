package dev.mlops.monitor.quality;

/**
 * How a model-quality constraint compares the current metric with its threshold. The constant names are
 * SageMaker's; a violation is flagged when the comparison holds.
 */
public enum ComparisonOperator {
    /** Violated when the value is greater than the threshold (error metrics such as {@code mae}). */
    GreaterThanThreshold,
    /** Violated when the value is less than the threshold (scores such as {@code accuracy}). */
    LessThanThreshold,
    /** Violated when the value is greater than or equal to the threshold. */
    GreaterThanOrEqualToThreshold,
    /** Violated when the value is less than or equal to the threshold. */
    LessThanOrEqualToThreshold;

    /**
     * Whether {@code value} breaks a constraint with this operator and {@code threshold}. NaN never does.
     *
     * @param value the current metric value
     * @param threshold the constraint's threshold
     * @return {@code true} if the comparison holds, i.e. the constraint is violated
     */
    public boolean violatedBy(double value, double threshold) {
        return switch (this) {
            case GreaterThanThreshold -> value > threshold;
            case LessThanThreshold -> value < threshold;
            case GreaterThanOrEqualToThreshold -> value >= threshold;
            case LessThanOrEqualToThreshold -> value <= threshold;
        };
    }
}
