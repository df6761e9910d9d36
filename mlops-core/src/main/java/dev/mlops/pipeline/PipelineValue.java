package dev.mlops.pipeline;

/**
 * A value a step argument refers to, resolved when the pipeline runs: a literal, a pipeline parameter, a
 * step's output location, or a number read from a property file with {@link JsonGet}. The counterpart of
 * SageMaker Pipelines' properties and functions.
 */
public interface PipelineValue {

    /**
     * A literal value.
     *
     * @param value the value
     * @return the value reference
     */
    static PipelineValue literal(String value) {
        return new Literal(value);
    }

    /** A literal string. */
    final class Literal implements PipelineValue {
        private final String value;

        Literal(String value) {
            this.value = java.util.Objects.requireNonNull(value, "value");
        }

        /**
         * The value.
         *
         * @return the literal
         */
        public String value() {
            return value;
        }

        @Override
        public String toString() {
            return value;
        }
    }
}
