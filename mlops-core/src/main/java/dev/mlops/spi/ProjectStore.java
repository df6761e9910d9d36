package dev.mlops.spi;

import dev.mlops.event.EventCursor;
import dev.mlops.event.EventPage;
import dev.mlops.event.ProjectListener;
import dev.mlops.template.Template;
import java.util.Optional;

/**
 * Where projects are recorded (a SageMaker project, a row of the embedded state), and where their events are read.
 * Provisioning runs in two steps driven by the SDK: {@link #create} records the project and assigns its id; the
 * SDK then provisions the other components and calls {@link #activate}.
 */
public interface ProjectStore extends Component {

    /**
     * Finds a project.
     *
     * @param name the project's name
     * @return the project, if it exists (being created or active)
     */
    Optional<ProjectRecord> find(String name);

    /**
     * A page of projects, by name.
     *
     * @param page which page
     * @return the page
     */
    Page<ProjectRecord> list(PageRequest page);

    /**
     * Records a new project and assigns its id, or returns the one of that name if it exists (created by a
     * concurrent call, or half-made by an interrupted one: provisioning then resumes).
     *
     * @param draft the project
     * @param progress receives provisioning progress
     * @return the stored project, with the id the store assigned
     */
    ProjectRecord create(ProjectDraft draft, ProjectListener progress);

    /**
     * Marks a created project as fully provisioned; idempotent. Emits {@code ProjectCreated} once.
     *
     * @param project the project
     * @return whether this call activated it (false if it was active already)
     */
    boolean activate(ProjectRecord project);

    /**
     * Whether a project is fully provisioned.
     *
     * @param project the project
     * @return {@code true} once {@link #activate} has run
     */
    boolean isActive(ProjectRecord project);

    /**
     * Replaces a project's template (after the SDK has applied the plan's other changes). Emits
     * {@code ProjectUpdated}.
     *
     * @param project the project
     * @param template the new template
     * @param summary the changes, one per line, for the event
     * @return the project after the change
     */
    ProjectRecord update(ProjectRecord project, Template template, String summary);

    /**
     * A project's events after a cursor.
     *
     * @param project the project's name
     * @param after {@link EventCursor#START} for all
     * @param limit at most this many
     * @return the events, and the cursor to read on from
     */
    EventPage events(String project, EventCursor after, int limit);

    /**
     * The first step of a delete, before any component deletes its part: marks the project as being deleted, so
     * that no process starts work on it any more, and returns once no process still works on it (a store whose
     * work runs elsewhere, a SageMaker project, has nothing to wait for and does nothing). Idempotent: a delete that
     * was cut short after this step is finished by the next one.
     *
     * @param project the project
     * @throws dev.mlops.exception.MlopsBackendException (retryable) if a process still works on the project when the
     *     store's wait is over
     */
    default void beginDelete(ProjectRecord project) {
    }

    /**
     * Whether a delete of the project began ({@link #beginDelete}) and has not finished, as after a delete that was
     * cut short: such a project does not run, and only another delete finishes it.
     *
     * @param project the project
     * @return {@code true} between {@link #beginDelete} and the end of {@link #delete}; stores whose
     *     {@link #beginDelete} does nothing always answer {@code false}
     */
    default boolean isBeingDeleted(ProjectRecord project) {
        return false;
    }

    /**
     * Deletes the project's record, events and whatever else this store made for it; the SDK has called
     * {@link #beginDelete} and asked the other components to delete theirs before.
     *
     * @param project the project
     */
    void delete(ProjectRecord project);
}
