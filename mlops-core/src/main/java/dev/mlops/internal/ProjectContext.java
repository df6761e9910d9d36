package dev.mlops.internal;

import dev.mlops.event.ProjectListener;
import dev.mlops.exception.ProjectClosedException;
import dev.mlops.spi.Components;
import dev.mlops.spi.ProjectRecord;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What every handle of one open project shares: the components it runs on, the stored project (replaced when the
 * project is updated), the listeners, and whether the handle is still open.
 */
public final class ProjectContext {
    private enum State { OPEN, CLOSED, DELETED }

    private final Components components;
    private final List<ProjectListener> listeners = new CopyOnWriteArrayList<>();
    private volatile ProjectRecord record;
    private volatile State state = State.OPEN;

    /**
     * Makes the context.
     *
     * @param components the composition
     * @param record the stored project
     */
    public ProjectContext(Components components, ProjectRecord record) {
        this.components = components;
        this.record = record;
    }

    /**
     * The components, after checking that the handle is open.
     *
     * @return the components
     * @throws ProjectClosedException if the project handle was closed or the project deleted
     */
    public Components components() {
        ensureOpen();
        return components;
    }

    /**
     * The stored project, after checking that the handle is open.
     *
     * @return the record
     */
    public ProjectRecord record() {
        ensureOpen();
        return record;
    }

    /**
     * The stored project, whatever the state (for {@code toString()} and names).
     *
     * @return the record
     */
    public ProjectRecord recordUnchecked() {
        return record;
    }

    void replace(ProjectRecord updated) {
        this.record = updated;
    }

    /**
     * The project's model package group: the template's {@code SourceModelPackageGroupName}, else
     * {@code <name>-<id>}.
     *
     * @return the group
     */
    public String modelGroup() {
        ProjectRecord r = record();
        String own = r.template().parameterValues().getOrDefault("SourceModelPackageGroupName", "");
        return own.isEmpty() ? r.nameId() : own;
    }

    /**
     * The listeners, which the orchestrator's attachment feeds.
     *
     * @return the live list
     */
    public List<ProjectListener> listeners() {
        return listeners;
    }

    /**
     * Fails if the handle is no longer usable.
     *
     * @throws ProjectClosedException if closed or deleted
     */
    public void ensureOpen() {
        State s = state;
        if (s != State.OPEN) {
            throw new ProjectClosedException(record.name(), s == State.DELETED);
        }
    }

    boolean markClosed(boolean deleted) {
        synchronized (this) {
            if (state != State.OPEN) {
                return false;
            }
            state = deleted ? State.DELETED : State.CLOSED;
            return true;
        }
    }

    boolean isOpen() {
        return state == State.OPEN;
    }
}
