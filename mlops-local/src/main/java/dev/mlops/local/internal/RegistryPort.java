package dev.mlops.local.internal;

import dev.mlops.ModelApprovalStatus;
import dev.mlops.spi.ModelVersionInfo;
import dev.mlops.spi.ProjectRecord;
import java.util.Map;
import java.util.Optional;

/**
 * The model registry as the embedded engine uses it: its own registry (registrations in the step's transaction,
 * approvals firing the deploy trigger in theirs) or another backend's, through the SPI (registrations idempotent
 * on a client token, approvals followed from the registry's events).
 */
interface RegistryPort {

    /**
     * One version.
     *
     * @param arn its ARN
     * @return the version, if the registry has it
     */
    Optional<ModelVersionInfo> byArn(String arn);

    /**
     * The newest approved version of a group: what a deploy deploys unless told otherwise.
     *
     * @param group the group
     * @return the version, if any
     */
    Optional<ModelVersionInfo> latestApproved(String group);

    /**
     * Registers a version for a register step and records the step as succeeded, exactly once per step.
     *
     * @param project the project
     * @param executionId the run
     * @param step the register step's name and type
     * @param started when the step started
     * @param group the group
     * @param status the initial status
     * @param metrics the metrics
     * @param lineage the lineage
     * @param containers the containers
     * @return the registered version
     */
    ModelVersionInfo register(ProjectRecord project, String executionId, String[] step, long started, String group,
            ModelApprovalStatus status, Map<String, Double> metrics, Map<String, String> lineage,
            Map<String, String> containers);

    /**
     * Turns approval changes into deploy executions, where the registry does not do it itself; called on the
     * leader's ticks.
     *
     * @param project the project
     */
    void followApprovals(ProjectRecord project);

    /**
     * Refuses a version whose approval was not made through the registry's API (no decision event), before it is
     * deployed.
     *
     * @param version the version about to be deployed
     * @throws dev.mlops.exception.MlopsClientException if its approval has no decision event
     */
    default void checkDecision(ModelVersionInfo version) {
    }
}
