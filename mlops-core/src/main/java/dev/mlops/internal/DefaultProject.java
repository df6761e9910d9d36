package dev.mlops.internal;

import dev.mlops.Environments;
import dev.mlops.Gates;
import dev.mlops.Models;
import dev.mlops.Monitors;
import dev.mlops.Pipelines;
import dev.mlops.Plan;
import dev.mlops.Project;
import dev.mlops.Repositories;
import dev.mlops.event.EventCursor;
import dev.mlops.event.EventPage;
import dev.mlops.event.ProjectListener;
import dev.mlops.exception.MlopsBackendException;
import dev.mlops.exception.MlopsException;
import dev.mlops.spi.Backend;
import dev.mlops.spi.Components;
import dev.mlops.spi.ProjectRecord;
import dev.mlops.template.Template;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Project} handle, the same on every composition: each verb is one of the handles in this package,
 * over the components; this class holds the attachment and the lifecycle.
 */
public final class DefaultProject implements Project {
    private static final Logger LOG = LoggerFactory.getLogger(DefaultProject.class);
    /** How many events one {@link #events(EventCursor)} call reads at most. */
    private static final int EVENT_PAGE = 1000;

    private final ProjectContext ctx;
    private final List<Backend> owned;
    private final AutoCloseable attachment;

    /**
     * Opens a handle and starts this process's part in running the project.
     *
     * @param components the composition
     * @param owned backends this handle made and closes
     * @param record the project
     * @param initial listeners to add before any event is delivered
     */
    public DefaultProject(Components components, List<Backend> owned, ProjectRecord record,
            List<ProjectListener> initial) {
        this.ctx = new ProjectContext(components, record);
        this.owned = List.copyOf(owned);
        ctx.listeners().addAll(initial);
        this.attachment = components.orchestrator().attach(record, components, new dev.mlops.spi.ProjectEventSink() {
            @Override
            public void onEvent(dev.mlops.event.ProjectEvent event) {
                deliver(event);
            }

            @Override
            public boolean demanded() {
                return !ctx.listeners().isEmpty();
            }
        });
    }

    private void deliver(dev.mlops.event.ProjectEvent event) {
        for (ProjectListener l : ctx.listeners()) {
            try {
                l.onEvent(event);
            } catch (RuntimeException e) {
                LOG.debug("A listener of project {} failed on {}; dropped", ctx.recordUnchecked().name(), event.id(), e);
            }
        }
    }

    @Override
    public String name() {
        return ctx.recordUnchecked().name();
    }

    @Override
    public String id() {
        return ctx.recordUnchecked().id();
    }

    @Override
    public Template template() {
        return ctx.record().template();
    }

    @Override
    public Map<String, String> tags() {
        return ctx.record().tags();
    }

    @Override
    public String backend() {
        return String.join("+", new TreeSet<>(ctx.components().backends().values()));
    }

    /**
     * The stored project.
     *
     * @return the record
     */
    public ProjectRecord record() {
        return ctx.record();
    }

    @Override
    public Repositories repositories() {
        ctx.ensureOpen();
        return new RepositoriesHandle(ctx);
    }

    @Override
    public Pipelines pipelines() {
        ctx.ensureOpen();
        return new PipelinesHandle(ctx);
    }

    @Override
    public Models models() {
        ctx.ensureOpen();
        return new ModelsHandle(ctx);
    }

    @Override
    public Gates gates() {
        ctx.ensureOpen();
        return new GatesHandle(ctx);
    }

    @Override
    public Environments environments() {
        ctx.ensureOpen();
        return new EnvironmentsHandle(ctx);
    }

    @Override
    public Monitors monitors() {
        ctx.ensureOpen();
        return new MonitorsHandle(ctx);
    }

    @Override
    public EventPage events(EventCursor after) {
        Validation.notNull("Project.events.after", after, "EventCursor.START or a page's next()");
        return ctx.components().projects().events(ctx.record().name(), after, EVENT_PAGE);
    }

    @Override
    public dev.mlops.ProjectStatus status() {
        ctx.ensureOpen();
        return StatusView.read(ctx);
    }

    @Override
    public Plan plan(Template template) {
        Validation.notNull("Project.plan.template", template, "the template wanted");
        return Provisioner.plan(ctx.components(), name(), checked(template));
    }

    @Override
    public synchronized Plan update(Template template) {
        Validation.notNull("Project.update.template", template, "the template wanted");
        Provisioner.Updated done = Provisioner.update(ctx.components(), ctx.record(), checked(template));
        ctx.replace(done.record());
        return done.plan();
    }

    private static Template checked(Template template) {
        template.resolvedParameters();
        // As create() does: the parts a parameter leaves out (e.g. IncludeTrainingImage=false) are not made.
        return template.withoutExcludedParts();
    }

    @Override
    public void addListener(ProjectListener listener) {
        Validation.notNull("Project.addListener.listener", listener, "a listener");
        ctx.ensureOpen();
        ctx.listeners().add(listener);
    }

    @Override
    public void delete() {
        ProjectRecord record = ctx.record();
        Components components = ctx.components();
        closeAttachment();
        try {
            Provisioner.delete(components, record);
        } catch (RuntimeException e) {
            // The handle is detached already: close it, so that a retry starts from a fresh open().
            if (ctx.markClosed(false)) {
                closeOwned();
            }
            throw e;
        }
        if (ctx.markClosed(true)) {
            closeOwned();
        }
    }

    private void closeAttachment() {
        try {
            attachment.close();
        } catch (MlopsException e) {
            throw e;
        } catch (Exception e) {
            throw new MlopsBackendException("Cannot stop work on project " + name() + ": " + e.getMessage(), e);
        }
    }

    private void closeOwned() {
        for (Backend b : owned) {
            b.close();
        }
    }

    @Override
    public void close() {
        if (!ctx.markClosed(false)) {
            return;
        }
        try {
            closeAttachment();
        } finally {
            closeOwned();
        }
    }

    @Override
    public String toString() {
        return "Project{" + name() + " (" + id() + "), template=" + ctx.recordUnchecked().template().id()
                + (ctx.isOpen() ? "" : ", closed") + "}";
    }
}
