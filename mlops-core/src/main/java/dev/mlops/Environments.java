package dev.mlops;

import java.util.List;

/** A project's deployment environments. */
public interface Environments {

    /**
     * The staging environment.
     *
     * @return the environment
     */
    Environment staging();

    /**
     * The prod environment.
     *
     * @return the environment
     */
    Environment prod();

    /**
     * An environment by name.
     *
     * @param name the name
     * @return the environment
     * @throws dev.mlops.exception.NotFoundException if the template has none of that name
     */
    Environment named(String name);

    /**
     * All environments, in promotion order.
     *
     * @return the environments
     */
    List<Environment> all();
}
