package dev.mlops;

import java.time.Instant;
import java.util.Optional;

/**
 * A manual approval gate reached by a pipeline execution, as last fetched. Deciding it from any process lets
 * the run continue (approve) or fails it (reject).
 */
public interface Gate {

    /**
     * The approval's token.
     *
     * @return the token
     */
    String token();

    /**
     * The gate's name, e.g. {@code ApproveDeployment}.
     *
     * @return the name
     */
    String name();

    /**
     * The pipeline role the execution belongs to.
     *
     * @return e.g. {@code modeldeploy}
     */
    String pipeline();

    /**
     * The execution waiting at the gate.
     *
     * @return the execution id
     */
    String executionId();

    /**
     * The message shown to approvers.
     *
     * @return the message
     */
    String message();

    /**
     * The status: Pending, Approved, Rejected or Expired.
     *
     * @return the status
     */
    String status();

    /**
     * When the execution reached the gate.
     *
     * @return the time
     */
    Instant createdAt();

    /**
     * Who decided and why, once decided.
     *
     * @return e.g. {@code alice: staging tests passed}
     */
    Optional<String> decision();

    /**
     * Approves as the current user.
     *
     * @param comment why
     * @return the gate after the decision
     * @throws dev.mlops.exception.IllegalStateTransitionException if it is no longer pending
     */
    Gate approve(String comment);

    /**
     * Rejects as the current user; the execution fails.
     *
     * @param comment why
     * @return the gate after the decision
     * @throws dev.mlops.exception.IllegalStateTransitionException if it is no longer pending
     */
    Gate reject(String comment);
}
