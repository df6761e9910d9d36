package dev.mlops;

import java.util.List;

/** A project's source repositories. */
public interface Repositories {

    /**
     * A repository by role.
     *
     * @param role e.g. {@code modelbuild}
     * @return the repository
     * @throws dev.mlops.exception.NotFoundException if the project has none
     */
    Repository named(String role);

    /**
     * All repositories.
     *
     * @return the repositories
     */
    List<Repository> all();
}
