package dev.mlops.jenkins;

/**
 * A run's or a stage's status in the Pipeline Stage View API ({@code wfapi}, pipeline-rest-api's {@code StatusExt}).
 * Note: the stage view says {@code FAILED} where Jenkins core's build result says {@code FAILURE}.
 */
public enum StageStatus {
    /** Not reached (yet). */
    NOT_EXECUTED,
    /** Stopped by a user, a timeout or a rejected input. */
    ABORTED,
    /** Passed. */
    SUCCESS,
    /** Running. */
    IN_PROGRESS,
    /** Waiting on an {@code input} step: an approval gate. */
    PAUSED_PENDING_INPUT,
    /** Failed. */
    FAILED,
    /** Skipped by a {@code when} condition or an earlier failure. */
    SKIPPED,
    /** Passed with warnings. */
    UNSTABLE;

    /**
     * Parses the stage view's name; an unknown one reads as {@link #NOT_EXECUTED} would hide a failure, so it throws.
     *
     * @param value e.g. {@code "PAUSED_PENDING_INPUT"}
     * @return the status
     */
    public static StageStatus parse(String value) {
        try {
            return valueOf(value);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new dev.mlops.exception.MlopsBackendException("Jenkins' stage view reported an unknown status '"
                    + value + "'", e, java.util.Map.of("backend", "jenkins", "status", String.valueOf(value)), false);
        }
    }
}
