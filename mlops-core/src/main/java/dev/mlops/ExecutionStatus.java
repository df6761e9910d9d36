package dev.mlops;

/** The status of a pipeline execution or of one of its stages, with CodePipeline's names. */
public enum ExecutionStatus {
    /** Waiting to start. */
    Queued,
    /** Running. */
    InProgress,
    /** Waiting at a manual approval gate. */
    WaitingForApproval,
    /** Finished successfully. */
    Succeeded,
    /** Finished with a failure; see the stage's summary and log. */
    Failed,
    /** Stopped on request. */
    Stopped,
    /** Replaced by a newer execution of the same pipeline before it finished. */
    Superseded,
    /** Not run, because an earlier stage failed or a condition skipped it. */
    Skipped;

    /**
     * Whether this status is final.
     *
     * @return {@code true} for Succeeded, Failed, Stopped, Superseded and Skipped
     */
    public boolean isTerminal() {
        return this == Succeeded || this == Failed || this == Stopped || this == Superseded || this == Skipped;
    }
}
