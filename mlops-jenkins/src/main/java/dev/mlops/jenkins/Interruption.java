package dev.mlops.jenkins;

/**
 * One cause of a build's interruption, from its {@code jenkins.model.InterruptedBuildAction} in {@code api/json}
 * (asked for with {@code tree=actions[causes[shortDescription]]}: the action's causes are exported with visibility 1,
 * so Jenkins leaves them out at the default depth). Jenkins adds the action when a user stops the build
 * ({@code Executor.recordCauseOfInterruption}) and when a {@code FlowInterruptedException} ends it
 * ({@code FlowInterruptedException.handle}): a stage's {@code timeout} passed, an {@code input} was rejected.
 *
 * @param causeClass the cause's class, its {@code _class}: {@link #EXCEEDED_TIMEOUT}, {@link #USER_INTERRUPTION},
 *     {@link #REJECTION} or another plugin's
 * @param description the cause's {@code shortDescription}, e.g. {@code Timeout has been exceeded} or
 *     {@code Aborted by mlops-bot}
 */
public record Interruption(String causeClass, String description) {
    /** A {@code timeout} step's limit passed ({@code TimeoutStepExecution.ExceededTimeout}, workflow-basic-steps). */
    public static final String EXCEEDED_TIMEOUT =
            "org.jenkinsci.plugins.workflow.steps.TimeoutStepExecution$ExceededTimeout";
    /** A user stopped the build ({@code CauseOfInterruption.UserInterruption}, Jenkins core). */
    public static final String USER_INTERRUPTION = "jenkins.model.CauseOfInterruption$UserInterruption";
    /** An {@code input} step was aborted ({@code Rejection}, pipeline-input-step). */
    public static final String REJECTION = "org.jenkinsci.plugins.workflow.support.steps.input.Rejection";

    /**
     * Whether a {@code timeout} step's limit passed.
     *
     * @return {@code true} for {@link #EXCEEDED_TIMEOUT}
     */
    public boolean timeout() {
        return EXCEEDED_TIMEOUT.equals(causeClass);
    }

    /**
     * Whether a user stopped the build.
     *
     * @return {@code true} for {@link #USER_INTERRUPTION}
     */
    public boolean byUser() {
        return USER_INTERRUPTION.equals(causeClass);
    }
}
