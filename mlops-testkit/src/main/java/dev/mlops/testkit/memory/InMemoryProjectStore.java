package dev.mlops.testkit.memory;

import dev.mlops.event.EventCursor;
import dev.mlops.event.EventPage;
import dev.mlops.event.ProjectEventType;
import dev.mlops.event.ProjectListener;
import dev.mlops.exception.NotFoundException;
import dev.mlops.exception.ValidationException;
import dev.mlops.spi.Page;
import dev.mlops.spi.PageRequest;
import dev.mlops.spi.ProjectDraft;
import dev.mlops.spi.ProjectRecord;
import dev.mlops.spi.ProjectStore;
import dev.mlops.spi.TemplateCodec;
import dev.mlops.spi.WaitPolicy;
import dev.mlops.template.Template;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The in-memory project store: projects by name, each CREATING until {@link #activate} and ACTIVE after, with an
 * event log read through an opaque cursor. Ids are {@code p-} and 12 lowercase letters and digits. Writes see the
 * store's own state at once; reads see a write only after the backend's read lag. Templates are kept in their
 * stored form ({@link TemplateCodec}), as a remote store keeps them.
 */
public final class InMemoryProjectStore implements ProjectStore {
    private final MemoryState state;
    private final WaitPolicy policy;
    private final Consumer<ProjectRecord> onDelete;
    private final Map<String, Lagged<Stored>> projects = new TreeMap<>();

    /** A stored project: its record (template in stored form), state and revision. */
    private record Stored(ProjectRecord record, String templateJson, boolean active, long revision) {
    }

    InMemoryProjectStore(MemoryState state, WaitPolicy policy, Consumer<ProjectRecord> onDelete) {
        this.state = state;
        this.policy = policy;
        this.onDelete = onDelete;
    }

    @Override
    public String backend() {
        return MemoryState.BACKEND;
    }

    @Override
    public WaitPolicy waitPolicy() {
        return policy;
    }

    @Override
    public Optional<ProjectRecord> find(String name) {
        return state.call("projects.find", () -> Optional.ofNullable(visible(name)).map(Stored::record));
    }

    @Override
    public Page<ProjectRecord> list(PageRequest page) {
        return state.call("projects.list", () -> {
            String after = page.token().map(t -> MemoryState.untoken("PageRequest.token", "projects", t)).orElse(null);
            List<ProjectRecord> out = new ArrayList<>();
            long now = state.now();
            for (Map.Entry<String, Lagged<Stored>> e : projects.entrySet()) {
                if (after != null && e.getKey().compareTo(after) <= 0) {
                    continue;
                }
                Stored s = e.getValue().visible(now);
                if (s == null) {
                    continue;
                }
                if (out.size() == page.limit()) {
                    return new Page<>(out, Optional.of(MemoryState.token("projects", out.get(out.size() - 1).name())));
                }
                out.add(s.record());
            }
            return Page.last(out);
        });
    }

    @Override
    public ProjectRecord create(ProjectDraft draft, ProjectListener progress) {
        if (draft == null) {
            throw new ValidationException("ProjectStore.create.draft", null, "a project draft");
        }
        return state.call("projects.create", () -> {
            Stored existing = latest(draft.name());
            if (existing != null) {
                return existing.record();
            }
            String id = "p-" + MemoryState.randomId(12);
            Map<String, String> tags = new LinkedHashMap<>(draft.tags());
            tags.put("sagemaker:project-name", draft.name());
            tags.put("sagemaker:project-id", id);
            if (!draft.description().isEmpty()) {
                tags.put("mlops:description", draft.description());
            }
            String json = TemplateCodec.encode(draft.template());
            long now = state.now();
            ProjectRecord record = new ProjectRecord(draft.name(), id, TemplateCodec.decode(json), tags, state.instant(now));
            projects.computeIfAbsent(draft.name(), k -> new Lagged<>())
                    .set(new Stored(record, json, false, 0), state.visibleAt(now));
            return record;
        });
    }

    @Override
    public boolean activate(ProjectRecord project) {
        return state.call("projects.activate", () -> {
            Stored s = require(project);
            if (s.active()) {
                return false;
            }
            long now = state.now();
            projects.get(project.name()).set(new Stored(s.record(), s.templateJson(), true, s.revision()),
                    state.visibleAt(now));
            state.append(project.name(), now, ProjectEventType.ProjectCreated, project.name(),
                    "Project " + project.name() + " (" + project.id() + ") created from template "
                            + s.record().template().id(), Map.of("id", project.id(), "template", s.record().template().id()));
            return true;
        });
    }

    @Override
    public boolean isActive(ProjectRecord project) {
        return state.call("projects.isActive", () -> {
            Stored s = visible(project.name());
            return s != null && s.record().id().equals(project.id()) && s.active();
        });
    }

    @Override
    public ProjectRecord update(ProjectRecord project, Template template, String summary) {
        if (template == null) {
            throw new ValidationException("ProjectStore.update.template", null, "the new template");
        }
        return state.call("projects.update", () -> {
            Stored s = require(project);
            String json = TemplateCodec.encode(template);
            ProjectRecord updated = new ProjectRecord(s.record().name(), s.record().id(), TemplateCodec.decode(json),
                    s.record().tags(), s.record().createdAt());
            long now = state.now();
            projects.get(project.name()).set(new Stored(updated, json, s.active(), s.revision() + 1), state.visibleAt(now));
            String changes = summary == null ? "" : summary;
            state.append(project.name(), now, ProjectEventType.ProjectUpdated, project.name(),
                    "Project " + project.name() + " updated: " + changes.replace("\n", "; "), Map.of("changes", changes));
            return updated;
        });
    }

    @Override
    public EventPage events(String project, EventCursor after, int limit) {
        if (after == null) {
            throw new ValidationException("ProjectStore.events.after", null, "EventCursor.START or a page's next()");
        }
        return state.call("projects.events", () -> state.events(project, after, limit));
    }

    @Override
    public void delete(ProjectRecord project) {
        state.call("projects.delete", () -> {
            Stored s = latest(project.name());
            if (s == null || !s.record().id().equals(project.id())) {
                return null;
            }
            projects.get(project.name()).set(null, state.visibleAt(state.now()));
            state.dropEvents(project.name());
            onDelete.accept(s.record());
            return null;
        });
    }

    /** The project's record as the store itself has it, for the other components (under the lock). */
    ProjectRecord current(String name) {
        Stored s = latest(name);
        return s == null ? null : s.record();
    }

    private Stored latest(String name) {
        Lagged<Stored> cell = projects.get(name);
        return cell == null ? null : cell.latest();
    }

    private Stored visible(String name) {
        Lagged<Stored> cell = projects.get(name);
        return cell == null ? null : cell.visible(state.now());
    }

    private Stored require(ProjectRecord project) {
        Stored s = latest(project.name());
        if (s == null || !s.record().id().equals(project.id())) {
            throw new NotFoundException("project", project.name(), "it is not in the memory store (deleted, or made by"
                    + " another backend)");
        }
        return s;
    }

    @Override
    public String toString() {
        return "InMemoryProjectStore";
    }
}
