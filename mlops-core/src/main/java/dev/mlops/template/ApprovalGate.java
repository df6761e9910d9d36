package dev.mlops.template;

import dev.mlops.MlopsStyle;
import dev.mlops.internal.Validation;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.immutables.value.Value;

/**
 * A manual approval: the pipeline run stops at this gate until someone approves or rejects it, from any
 * process. Approving lets the run continue; rejecting fails it. The original deploy pipeline has one,
 * {@code ApproveDeployment} ("Approve this model for Production"), between staging and prod.
 *
 * <pre>{@code
 * ApprovalGate gate = ApprovalGate.manual("ApproveProd").approvers("ml-leads", "alice").build();
 * }</pre>
 */
@Value.Immutable
@MlopsStyle
public abstract class ApprovalGate {

    /**
     * The gate's name, unique in its pipeline.
     *
     * @return the gate's name, unique in its pipeline
     */
    public abstract String name();

    /**
     * The message shown to approvers.
     *
     * @return the message shown to approvers
     */
    @Value.Default
    public String message() {
        return "Approve this model for Production";
    }

    /**
     * Who may decide. Empty means anyone; otherwise the deciding user's name must be in this set.
     *
     * @return the user names that may approve or reject, or an empty set for anyone
     */
    public abstract Set<String> approvers();

    /**
     * How long the gate waits before the run fails as timed out; empty waits forever.
     *
     * @return how long the gate waits before the run fails as timed out; empty waits forever
     */
    public abstract Optional<Duration> timeout();

    /** Validates the value when it is built; each failure names the field, the value and the rule. */
    @Value.Check
    protected void check() {
        Validation.name("ApprovalGate.name", name());
        timeout().ifPresent(t -> Validation.positive("ApprovalGate.timeout", t));
    }

    /**
     * Starts a manual gate.
     *
     * @param name the gate's name, e.g. {@code ApproveDeployment}
     * @return a builder
     */
    public static Builder manual(String name) {
        return new Builder().name(name);
    }

    /**
     * A builder seeded with this gate's values.
     *
     * @return a builder
     */
    public Builder toBuilder() {
        return new Builder().from(this);
    }

    /** Builds an {@link ApprovalGate}; {@link #build()} validates. */
    public static final class Builder extends ImmutableApprovalGate.Builder {
        /**
         * Sets who may decide.
         *
         * @param users user names
         * @return this builder
         */
        public Builder approvers(String... users) {
            return addApprovers(users);
        }
    }
}
