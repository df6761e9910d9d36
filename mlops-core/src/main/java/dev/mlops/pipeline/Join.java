package dev.mlops.pipeline;

import dev.mlops.exception.ValidationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Text made by joining values with a separator when the pipeline runs (SageMaker's {@code Std:Join}), e.g. an S3
 * URI built from a step's output prefix and a file name:
 *
 * <pre>{@code
 * Join.on("/", evaluate.output("evaluation"), PipelineValue.literal("evaluation.json"))
 * }</pre>
 */
public final class Join implements PipelineValue {
    private final String on;
    private final List<PipelineValue> values;

    private Join(String on, List<PipelineValue> values) {
        this.on = Objects.requireNonNull(on, "on");
        if (values.isEmpty()) {
            throw new ValidationException("Join.values", "[]", "at least one value");
        }
        values.forEach(v -> Objects.requireNonNull(v, "Join.values[]"));
        this.values = List.copyOf(values);
    }

    /**
     * Joins values.
     *
     * @param on the separator
     * @param values the values, at least one
     * @return the joined value
     * @throws ValidationException if there is no value
     */
    public static Join on(String on, PipelineValue... values) {
        return new Join(on, List.of(values));
    }

    /**
     * Joins values.
     *
     * @param on the separator
     * @param values the values, at least one
     * @return the joined value
     * @throws ValidationException if there is no value
     */
    public static Join on(String on, List<PipelineValue> values) {
        return new Join(on, values);
    }

    /**
     * The separator.
     *
     * @return the text put between values
     */
    public String separator() {
        return on;
    }

    /**
     * The joined values.
     *
     * @return an unmodifiable list
     */
    public List<PipelineValue> values() {
        return values;
    }

    @Override
    public List<PipelineValue> parts() {
        List<PipelineValue> out = new ArrayList<>();
        out.add(this);
        values.forEach(v -> out.addAll(v.parts()));
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Join j && j.on.equals(on) && j.values.equals(values);
    }

    @Override
    public int hashCode() {
        return Objects.hash(on, values);
    }

    @Override
    public String toString() {
        return "Join(" + on + ", " + values + ")";
    }
}
