package dev.mlops.pipeline;

import java.util.Objects;

/**
 * A comparison between a pipeline value and a number, evaluated when the pipeline runs
 * (SageMaker's {@code ConditionLessThanOrEqualTo} and friends).
 */
public final class Condition {

    /** The comparison, named as SageMaker names the condition types. */
    public enum Operator {
        /** left &lt; right. */
        LessThan("<"),
        /** left &lt;= right. */
        LessThanOrEqualTo("<="),
        /** left &gt; right. */
        GreaterThan(">"),
        /** left &gt;= right. */
        GreaterThanOrEqualTo(">="),
        /** left == right. */
        Equals("==");

        private final String symbol;

        Operator(String symbol) {
            this.symbol = symbol;
        }

        /**
         * The operator's symbol.
         *
         * @return e.g. {@code <=}
         */
        public String symbol() {
            return symbol;
        }

        /**
         * Applies the comparison.
         *
         * @param left the left value
         * @param right the right value
         * @return the result
         */
        public boolean test(double left, double right) {
            switch (this) {
                case LessThan: return left < right;
                case LessThanOrEqualTo: return left <= right;
                case GreaterThan: return left > right;
                case GreaterThanOrEqualTo: return left >= right;
                default: return left == right;
            }
        }
    }

    private final Operator operator;
    private final PipelineValue left;
    private final PipelineValue right;

    private Condition(Operator operator, PipelineValue left, PipelineValue right) {
        this.operator = Objects.requireNonNull(operator);
        this.left = Objects.requireNonNull(left, "left");
        this.right = Objects.requireNonNull(right, "right");
    }

    /**
     * A comparison of two pipeline values, e.g. a {@link JsonGet} against a {@link Parameter} threshold.
     *
     * @param operator the comparison
     * @param left the left value
     * @param right the right value
     * @return the condition
     */
    public static Condition of(Operator operator, PipelineValue left, PipelineValue right) {
        return new Condition(operator, left, right);
    }

    /**
     * left &lt;= right.
     *
     * @param left a pipeline value, typically a {@link JsonGet}
     * @param right the threshold
     * @return the condition
     */
    public static Condition lessThanOrEqualTo(PipelineValue left, double right) {
        return new Condition(Operator.LessThanOrEqualTo, left, PipelineValue.literal(right));
    }

    /**
     * left &lt; right.
     *
     * @param left a pipeline value
     * @param right the threshold
     * @return the condition
     */
    public static Condition lessThan(PipelineValue left, double right) {
        return new Condition(Operator.LessThan, left, PipelineValue.literal(right));
    }

    /**
     * left &gt;= right.
     *
     * @param left a pipeline value
     * @param right the threshold
     * @return the condition
     */
    public static Condition greaterThanOrEqualTo(PipelineValue left, double right) {
        return new Condition(Operator.GreaterThanOrEqualTo, left, PipelineValue.literal(right));
    }

    /**
     * left &gt; right.
     *
     * @param left a pipeline value
     * @param right the threshold
     * @return the condition
     */
    public static Condition greaterThan(PipelineValue left, double right) {
        return new Condition(Operator.GreaterThan, left, PipelineValue.literal(right));
    }

    /**
     * The operator.
     *
     * @return the operator
     */
    public Operator operator() {
        return operator;
    }

    /**
     * The left value.
     *
     * @return the value
     */
    public PipelineValue left() {
        return left;
    }

    /**
     * The right value.
     *
     * @return the threshold: a literal, a parameter or another value
     */
    public PipelineValue right() {
        return right;
    }

    @Override
    public String toString() {
        return left + " " + operator.symbol() + " " + right;
    }
}
