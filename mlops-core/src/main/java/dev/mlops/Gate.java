package dev.mlops;

import java.time.Instant;
import java.util.Optional;

/**
 * A manual approval gate reached by a pipeline execution, as last fetched. Deciding it from any process lets
 * the run continue (approve) or fails it (reject). Decisions are made under the identity of the orchestrator's
 * credentials (on the embedded backend, its configured user).
 */
public interface Gate {

    /**
     * The gate's reference, opaque: the text form of what the orchestrator needs to decide it (a CodePipeline
     * token, a Jenkins input id). Another process can find the gate by it.
     *
     * @return the reference
     */
    String id();

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
     * Where it stands.
     *
     * @return the status
     */
    GateStatus status();

    /**
     * When the execution reached the gate.
     *
     * @return the time
     */
    Instant createdAt();

    /**
     * The ARN of the model version the execution deploys: what approving lets into prod.
     *
     * @return the ARN, once the execution has chosen the version
     */
    Optional<String> modelArn();

    /**
     * The model version the execution deploys.
     *
     * @return the version, if known and still in the registry
     */
    Optional<ModelVersion> modelVersion();

    /**
     * Who decided and why, once decided.
     *
     * @return e.g. {@code alice: staging tests passed}
     */
    Optional<String> decision();

    /**
     * Approves.
     *
     * @param comment why
     * @return the gate after the decision
     * @throws dev.mlops.exception.IllegalStateTransitionException if it is no longer pending
     */
    Gate approve(String comment);

    /**
     * Rejects; the execution fails.
     *
     * @param comment why
     * @return the gate after the decision
     * @throws dev.mlops.exception.IllegalStateTransitionException if it is no longer pending
     */
    Gate reject(String comment);

    /**
     * Fetches the gate again.
     *
     * @return the gate now
     */
    Gate refresh();
}
