package dev.mlops.git.bitbucket.internal;

import dev.mlops.spi.ProjectRecord;

/**
 * How a repository says the SDK made it: its description ends with a marker naming the project's id. Adopted
 * repositories keep their own description, so {@code deleteProject} removes only what the SDK created.
 */
public final class Ownership {
    private Ownership() {
    }

    /**
     * The description of a repository the SDK creates.
     *
     * @param project the project
     * @param role the repository's role
     * @return the description, with the marker
     */
    public static String description(ProjectRecord project, String role) {
        return "The " + role + " repository of MLOps project " + project.name() + ". " + marker(project);
    }

    /**
     * Whether a description carries this project's marker.
     *
     * @param project the project
     * @param description the repository's description, may be {@code null}
     * @return whether the SDK made the repository for this project
     */
    public static boolean createdFor(ProjectRecord project, String description) {
        return description != null && description.contains(marker(project));
    }

    private static String marker(ProjectRecord project) {
        return "[created by mlops-projects for " + project.id() + "]";
    }
}
