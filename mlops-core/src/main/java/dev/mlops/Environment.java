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
}
