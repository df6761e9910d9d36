package dev.mlops.spi;

import dev.mlops.event.ProjectEvent;
import dev.mlops.event.ProjectListener;
import java.util.List;
import java.util.Optional;

/** Where a backend keeps its projects, and how a process takes part in running one. */
public interface ProjectStore {

    /**
     * Creates a project, or returns the existing one of the same name if it was made from an equal template.
     * Creating provisions everything: repositories seeded, pipelines defined, the model group made.
     *
     * @param draft the project; its id is used only if the project does not exist yet
     * @return the stored project
     * @throws dev.mlops.exception.MlopsClientException if a project of that name exists with another template
     */
    ProjectRecord create(ProjectRecord draft);

    /**
     * Finds a project.
     *
     * @param name the project's name
     * @return the project, if it exists
     */
    Optional<ProjectRecord> find(String name);

    /**
     * Lists projects.
     *
     * @return the projects, by name
     */
    List<ProjectRecord> list();

    /**
     * Starts this process's part in running the project (for the embedded backend: triggers, stages and
     * endpoints; for remote backends: following remote progress). Idempotent.
     *
     * @param project the project
     * @param listener receives the project's events from now on
     * @return a handle that stops this process's part when closed
     */
    AutoCloseable attach(ProjectRecord project, ProjectListener listener);

    /**
     * The project's events after a sequence number.
     *
     * @param project the project's name
     * @param afterSequence 0 for all
     * @return events, oldest first
     */
    List<ProjectEvent> events(String project, long afterSequence);

    /**
     * Deletes the project and everything it made.
     *
     * @param project the project
     */
    void delete(ProjectRecord project);
}
