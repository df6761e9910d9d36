package dev.mlops;

import java.time.Duration;
import java.util.Optional;

/** A deployment environment of a project, {@code staging} or {@code prod}, with its endpoint. */
public interface Environment {

    /**
     * The environment's name.
     *
     * @return e.g. {@code prod}
     */
    String name();

    /**
     * The endpoint's name, {@code <project>-<environment>}.
     *
     * @return the name
     */
    String endpointName();

    /**
     * The model version deployed now, if any.
     *
     * @return the version
     */
    Optional<ModelVersion> deployedVersion();

    /**
     * Waits until the given version serves in this environment.
     *
     * @param version the version
     * @param timeout how long to wait
     * @return this environment
     */
    Environment awaitDeployed(ModelVersion version, Duration timeout);

    /**
     * The endpoint.
     *
     * @return the endpoint
     * @throws dev.mlops.exception.NotFoundException if nothing is deployed yet
     */
    Endpoint endpoint();

    /**
     * Deploys an older approved version again, through the deploy pipeline (so staging, its tests and the manual
     * gate all come first: no rollback reaches prod around the gate). Recorded as a {@code RollbackRequested}
     * event naming who asked and why.
     *
     * @param version an approved version of the project's group
     * @param reason why, for the audit trail
     * @return the deploy execution started for it
     * @throws dev.mlops.exception.IllegalStateTransitionException if the version is not approved
     */
    Execution rollbackTo(ModelVersion version, String reason);

    /**
     * Takes the environment's endpoint out of service and deletes it. The model versions stay in the registry; a
     * later deploy brings the endpoint back.
     *
     * @param reason why, for the audit trail
     * @return whether there was an endpoint to delete
     */
    boolean undeploy(String reason);
}
