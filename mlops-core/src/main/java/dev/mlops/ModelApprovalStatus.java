package dev.mlops;

/** A model version's approval status, with the model registry's names. */
public enum ModelApprovalStatus {
    /** Registered and waiting for a decision. */
    PendingManualApproval,
    /** Approved: the deploy pipeline deploys the newest approved version. */
    Approved,
    /** Rejected: never deployed; if it was deployed, the deploy pipeline rolls back to the newest approved one. */
    Rejected;

    /**
     * Parses a status name.
     *
     * @param text e.g. {@code Approved}
     * @return the status
     * @throws dev.mlops.exception.ValidationException if the text names no status
     */
    public static ModelApprovalStatus parse(String text) {
        for (ModelApprovalStatus s : values()) {
            if (s.name().equalsIgnoreCase(text)) {
                return s;
            }
        }
        throw new dev.mlops.exception.ValidationException("ModelApprovalStatus", text,
                "one of PendingManualApproval, Approved, Rejected");
    }
}
