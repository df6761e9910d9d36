package dev.mlops.spi;

import dev.mlops.ModelApprovalStatus;
import dev.mlops.exception.IllegalStateTransitionException;
import java.util.Map;

/** The error of a lost compare-and-set on a model version's approval status. */
public final class ApprovalConflict {
    private ApprovalConflict() {
    }

    /**
     * The error telling the loser what the version is now.
     *
     * @param now the version as it is
     * @param expected what the caller read
     * @param wanted what the caller asked for
     * @return the exception to throw
     */
    public static IllegalStateTransitionException of(ModelVersionInfo now, ModelApprovalStatus expected,
            ModelApprovalStatus wanted) {
        return new IllegalStateTransitionException("Model version " + now.group() + "/" + now.version() + " changed since"
                + " it was read: it is " + now.status() + now.decidedBy().map(u -> " (decided by " + u
                + now.comment().filter(c -> !c.isEmpty()).map(c -> ": " + c).orElse("") + ")").orElse("")
                + ", not " + expected + "; refresh it and decide again if " + wanted + " is still wanted",
                Map.of("group", now.group(), "version", Integer.toString(now.version()), "status", now.status().name(),
                        "expected", expected.name()));
    }
}
