package dev.mlops;

/** Where a manual approval gate stands. */
public enum GateStatus {
    /** Waiting for a decision. */
    Pending,
    /** Approved: the pipeline went on. */
    Approved,
    /** Rejected: the pipeline stopped. */
    Rejected,
    /** No longer decidable: its execution ended otherwise (superseded, stopped, failed or timed out). */
    Expired;

    /**
     * Whether a decision can still be made.
     *
     * @return {@code true} for {@link #Pending}
     */
    public boolean isOpen() {
        return this == Pending;
    }
}
