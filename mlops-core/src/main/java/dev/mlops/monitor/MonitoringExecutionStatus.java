package dev.mlops.monitor;

/** SageMaker's {@code MonitoringExecutionStatus} values. */
public enum MonitoringExecutionStatus {
    /** Waiting to start. */
    Pending,
    /** Running. */
    InProgress,
    /** Finished and the violations report is empty. */
    Completed,
    /** Finished and constraint violations were detected. */
    CompletedWithViolations,
    /** Could not run (see the failure reason). */
    Failed,
    /** Being stopped. */
    Stopping,
    /** Stopped before finishing. */
    Stopped;

    /**
     * Whether the execution has ended.
     *
     * @return true for Completed, CompletedWithViolations, Failed and Stopped
     */
    public boolean isTerminal() {
        return this == Completed || this == CompletedWithViolations || this == Failed || this == Stopped;
    }
}
