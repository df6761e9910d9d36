package dev.mlops;

import dev.mlops.template.PipelineSpec;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** One of a project's CI/CD pipelines, such as {@code sagemaker-<name>-<id>-modelbuild}. */
public interface Pipeline {

    /**
     * The full name, e.g. {@code sagemaker-abalone-p-1a2b3c4d5e6f-modelbuild}.
     *
     * @return the name
     */
    String name();

    /**
     * The role, e.g. {@code modelbuild}.
     *
     * @return the role
     */
    String role();

    /**
     * The stages and triggers.
     *
     * @return the spec
     */
    PipelineSpec spec();

    /**
     * Starts a run at the head of the source branch ("Release change").
     *
     * @return the new execution
     */
    Execution start();

    /**
     * Starts an execution with parameters; a retry with the same idempotency token returns the execution the first
     * call started instead of starting another.
     *
     * @param parameters pipeline parameters by name (e.g. {@code ModelPackageArn} for the deploy pipeline)
     * @param idempotencyToken 1 to 128 letters, digits and {@code . _ : -}; {@code null} for none
     * @return the execution
     */
    Execution start(Map<String, String> parameters, String idempotencyToken);

    /**
     * The executions, newest first.
     *
     * @return the executions
     */
    Listing<Execution> executions();

    /**
     * The newest execution, if any.
     *
     * @return the execution
     */
    Optional<Execution> latestExecution();

    /**
     * Waits for the newest execution to end, first waiting for one to exist (a trigger may still be on its way).
     *
     * @param timeout how long to wait in all
     * @return the ended execution
     */
    Execution awaitLatest(Duration timeout);

    /**
     * Waits for the execution that runs a given source commit to end, first waiting for it to be started (a
     * commit starts the pipelines that track its repository a moment later).
     *
     * @param commit the commit id, e.g. what {@link Repository#commit(String, java.util.Map)} returned
     * @param timeout how long to wait in all
     * @return the ended execution
     */
    Execution awaitCommit(String commit, Duration timeout);
}
