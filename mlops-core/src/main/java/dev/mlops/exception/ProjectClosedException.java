package dev.mlops.exception;

import java.util.Map;

/** A call on a project handle after {@code close()} or {@code delete()}. */
public class ProjectClosedException extends MlopsClientException {
    private static final long serialVersionUID = 1L;

    /**
     * Makes the exception.
     *
     * @param project the project's name
     * @param deleted whether it was deleted (else only this handle was closed)
     */
    public ProjectClosedException(String project, boolean deleted) {
        super(deleted ? "Project " + project + " was deleted through this handle; create it again with"
                + " MlopsProjects.builder()…create()"
                : "This handle of project " + project + " is closed; open the project again with MlopsProjects.open(\""
                        + project + "\")", null, Map.of("project", project, "state", deleted ? "deleted" : "closed"));
    }
}
