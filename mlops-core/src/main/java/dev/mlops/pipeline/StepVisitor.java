package dev.mlops.pipeline;

/**
 * Does something for each kind of {@link Step}: the embedded executor runs steps with one, the SageMaker renderer
 * renders them with another. {@link Step} is sealed, so a visitor covers every kind there is.
 *
 * @param <R> what a visit returns
 */
public interface StepVisitor<R> {

    /**
     * Visits a processing step.
     *
     * @param step the step
     * @return the result
     */
    R visitProcessing(ProcessingStep step);

    /**
     * Visits a training step.
     *
     * @param step the step
     * @return the result
     */
    R visitTraining(TrainingStep step);

    /**
     * Visits a condition step.
     *
     * @param step the step
     * @return the result
     */
    R visitCondition(ConditionStep step);

    /**
     * Visits a register-model step.
     *
     * @param step the step
     * @return the result
     */
    R visitRegisterModel(RegisterModelStep step);
}
