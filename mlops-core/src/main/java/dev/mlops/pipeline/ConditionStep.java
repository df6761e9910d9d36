package dev.mlops.pipeline;

import dev.mlops.exception.ValidationException;
import java.util.ArrayList;
import java.util.List;

/**
 * Evaluates conditions and runs one of two lists of steps (SageMaker's {@code ConditionStep}). All
 * conditions must hold for the if-branch.
 */
public final class ConditionStep extends Step {
    private final List<Condition> conditions;
    private final List<Step> ifSteps;
    private final List<Step> elseSteps;

    private ConditionStep(Builder b) {
        super(b.name);
        if (b.conditions.isEmpty()) {
            throw new ValidationException("ConditionStep.conditions", "[]", "at least one condition (step " + b.name + ")");
        }
        this.conditions = List.copyOf(b.conditions);
        this.ifSteps = List.copyOf(b.ifSteps);
        this.elseSteps = List.copyOf(b.elseSteps);
    }

    /**
     * Starts a condition step.
     *
     * @param name the step's name
     * @return a builder
     */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    @Override
    public String type() {
        return "Condition";
    }

    /**
     * The conditions; all must hold.
     *
     * @return an unmodifiable list
     */
    public List<Condition> conditions() {
        return conditions;
    }

    /**
     * Steps run when the conditions hold.
     *
     * @return an unmodifiable list
     */
    public List<Step> ifSteps() {
        return ifSteps;
    }

    /**
     * Steps run otherwise.
     *
     * @return an unmodifiable list
     */
    public List<Step> elseSteps() {
        return elseSteps;
    }

    @Override
    public <R> R accept(StepVisitor<R> visitor) {
        return visitor.visitCondition(this);
    }

    @Override
    public List<PipelineValue> references() {
        List<PipelineValue> out = new ArrayList<>();
        conditions.forEach(c -> {
            out.addAll(c.left().parts());
            out.addAll(c.right().parts());
        });
        return out;
    }

    /** Builds a {@link ConditionStep}. */
    public static final class Builder {
        private final String name;
        private final List<Condition> conditions = new ArrayList<>();
        private final List<Step> ifSteps = new ArrayList<>();
        private final List<Step> elseSteps = new ArrayList<>();

        private Builder(String name) {
            this.name = name;
        }

        /**
         * Adds a condition.
         *
         * @param condition the condition
         * @return this builder
         */
        public Builder condition(Condition condition) {
            conditions.add(condition);
            return this;
        }

        /**
         * Adds steps for the if-branch.
         *
         * @param steps the steps
         * @return this builder
         */
        public Builder ifSteps(Step... steps) {
            ifSteps.addAll(List.of(steps));
            return this;
        }

        /**
         * Adds steps for the else-branch.
         *
         * @param steps the steps
         * @return this builder
         */
        public Builder elseSteps(Step... steps) {
            elseSteps.addAll(List.of(steps));
            return this;
        }

        /**
         * Builds the step.
         *
         * @return the step
         */
        public ConditionStep build() {
            return new ConditionStep(this);
        }
    }
}
