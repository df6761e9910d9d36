package dev.mlops.pipeline;

import java.util.Objects;

/**
 * The location of a step's named output, resolved when the step has run; passing it to another step both
 * feeds that step and orders it after this one.
 */
public final class StepOutput implements PipelineValue {
    private final String step;
    private final String output;

    StepOutput(String step, String output) {
        this.step = Objects.requireNonNull(step);
        this.output = Objects.requireNonNull(output);
    }

    /**
     * The producing step's name.
     *
     * @return the step
     */
    public String step() {
        return step;
    }

    /**
     * The output's name.
     *
     * @return the output
     */
    public String output() {
        return output;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StepOutput && ((StepOutput) o).step.equals(step) && ((StepOutput) o).output.equals(output);
    }

    @Override
    public int hashCode() {
        return Objects.hash(step, output);
    }

    @Override
    public String toString() {
        return step + "." + output;
    }
}
