package dev.mlops;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A registered model version (a SageMaker model package), as last fetched. Approving or rejecting it changes
 * its status for every process and starts the deploy pipeline.
 */
public interface ModelVersion {

    /**
     * The version's ARN-like identifier, e.g. {@code arn:mlops:local:model-package/abalone-p-…/3}.
     *
     * @return the identifier
     */
    String arn();

    /**
     * The model package group, {@code <name>-<id>}.
     *
     * @return the group
     */
    String group();

    /**
     * The version number within its group, from 1.
     *
     * @return the version
     */
    int version();

    /**
     * The approval status when fetched.
     *
     * @return the status
     */
    ModelApprovalStatus status();

    /**
     * Metrics from the model-statistics file, flattened (e.g. {@code mse} → 4.71,
     * {@code mse.standard_deviation} → 6.2). Read from the registry on the first call (a remote registry keeps
     * them in a separate report), then kept by this handle.
     *
     * @return the metrics
     */
    Map<String, Double> metrics();

    /**
     * Lineage: source commit, pipeline execution, and digests of the data and artifacts.
     *
     * @return key to value, e.g. {@code sourceCommit}, {@code pipelineExecution}, {@code artifact.xgboost.sha256}
     */
    Map<String, String> lineage();

    /**
     * The inference containers and their artifact locations, in order.
     *
     * @return container kind to artifact URI
     */
    Map<String, String> containers();

    /**
     * When it was registered.
     *
     * @return the time
     */
    Instant createdAt();

    /**
     * Who made the last approval decision and why, if anyone has.
     *
     * @return e.g. {@code alice: MSE below 6.0}
     */
    Optional<String> decision();

    /**
     * Every status change, oldest first: who, when, from, to, why.
     *
     * @return the history lines
     */
    List<String> history();

    /**
     * Approves the version as the current user.
     *
     * @param comment why, recorded with the decision
     * @return the version after the change
     * @throws dev.mlops.exception.IllegalStateTransitionException if it is already approved
     */
    ModelVersion approve(String comment);

    /**
     * Rejects the version as the current user.
     *
     * @param comment why, recorded with the decision
     * @return the version after the change
     * @throws dev.mlops.exception.IllegalStateTransitionException if it is already rejected
     */
    ModelVersion reject(String comment);

    /**
     * Fetches the version again.
     *
     * @return the current state
     */
    ModelVersion refresh();
}
