package dev.mlops.pipeline;

import java.util.List;
import java.util.Objects;

/**
 * A value a step argument refers to, resolved when the pipeline runs: a literal, a pipeline {@link Parameter}, a
 * step's output location ({@link StepOutput}), a number read from a property file ({@link JsonGet}), an
 * {@link ExecutionVariable}, or a {@link Join} of these. The counterpart of SageMaker Pipelines' {@code Get},
 * {@code Std:JsonGet} and {@code Std:Join}: a renderer writes each as SageMaker does, the embedded executor
 * resolves each when the step starts.
 */
public sealed interface PipelineValue permits PipelineValue.Literal, Parameter, StepOutput, JsonGet, ExecutionVariable,
        Join {

    /**
     * A literal string.
     *
     * @param value the value
     * @return the value reference
     */
    static PipelineValue literal(String value) {
        return new Literal(value, Parameter.Type.String);
    }

    /**
     * A literal integer (rendered as a JSON number).
     *
     * @param value the value
     * @return the value reference
     */
    static PipelineValue literal(long value) {
        return new Literal(Long.toString(value), Parameter.Type.Integer);
    }

    /**
     * A literal floating-point number (rendered as a JSON number).
     *
     * @param value the value
     * @return the value reference
     */
    static PipelineValue literal(double value) {
        return new Literal(Double.toString(value), Parameter.Type.Float);
    }

    /**
     * The values this one is made of, itself included: what a step that reads it depends on.
     *
     * @return the values, depth first
     */
    default List<PipelineValue> parts() {
        return List.of(this);
    }

    /** A literal value, with the type it renders as. */
    final class Literal implements PipelineValue {
        private final String value;
        private final Parameter.Type type;

        Literal(String value, Parameter.Type type) {
            this.value = Objects.requireNonNull(value, "value");
            this.type = type;
        }

        /**
         * The value.
         *
         * @return the literal, as text
         */
        public String value() {
            return value;
        }

        /**
         * The type it was given as.
         *
         * @return {@code String}, {@code Integer} or {@code Float}
         */
        public Parameter.Type type() {
            return type;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Literal l && l.value.equals(value) && l.type == type;
        }

        @Override
        public int hashCode() {
            return Objects.hash(value, type);
        }

        @Override
        public String toString() {
            return value;
        }
    }
}
