package dev.mlops.pipeline;

import dev.mlops.internal.Validation;
import java.util.List;

/**
 * One step of an ML pipeline. Steps run in the order their data flows: a step that reads another step's
 * output runs after it. The four kinds are closed; code that treats each kind differently (an executor, a
 * renderer) implements a {@link StepVisitor} and calls {@link #accept(StepVisitor)}.
 */
public abstract sealed class Step permits ProcessingStep, TrainingStep, ConditionStep, RegisterModelStep {
    private final String name;

    Step(String name) {
        Validation.name("Step.name", name);
        this.name = name;
    }

    /**
     * The step's name, unique in its pipeline.
     *
     * @return the name
     */
    public final String name() {
        return name;
    }

    /**
     * The step's type as SageMaker names it: {@code Processing}, {@code Training}, {@code Condition},
     * {@code RegisterModel}.
     *
     * @return the type
     */
    public abstract String type();

    /**
     * The values this step reads, from which its dependencies follow.
     *
     * @return the values
     */
    public abstract List<PipelineValue> references();

    /**
     * Calls the visitor's method for this step's kind.
     *
     * @param visitor the visitor
     * @param <R> what the visitor returns
     * @return what the visitor returned
     */
    public abstract <R> R accept(StepVisitor<R> visitor);

    @Override
    public String toString() {
        return type() + "Step{" + name + "}";
    }
}
