package dev.mlops.local.internal;

import dev.mlops.event.EventCursor;
import dev.mlops.event.EventPage;
import dev.mlops.exception.ConflictException;
import dev.mlops.exception.NotFoundException;
import dev.mlops.spi.Page;
import dev.mlops.spi.PageRequest;
import dev.mlops.spi.ProjectDraft;
import dev.mlops.spi.WaitPolicy;
import dev.mlops.template.Template;
import java.util.LinkedHashMap;
import dev.mlops.event.ProjectEventType;
import dev.mlops.event.ProjectListener;
import dev.mlops.exception.MlopsBackendException;
import dev.mlops.spi.ProjectRecord;
import dev.mlops.spi.TemplateCodec;
import dev.mlops.spi.ProjectStore;
import dev.mlops.template.RepositorySpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Projects of the embedded backend: one row each in the state store, plus their directory under the home.
 * Creation is resumable: a project is recorded as CREATING first (with the id assigned here) and becomes ACTIVE
 * once the SDK has provisioned every repository, so a create interrupted half-way is completed by the next create
 * of the same name. Deletion is resumable too: the project is marked DELETING first, which makes the engine that
 * leads it (in any process) stop its work and give up its lease; only then are its parts and files deleted.
 */
final class LocalProjectStore implements ProjectStore {
    private final LocalContext ctx;
    private final LocalRepositories repositories;
    private final LocalArtifactStore artifacts;
    private final Consumer<String> stopEngines;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LocalProjectStore.class);
    private static final String DELETING = "DELETING";
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    /** A decoded record and the revision it was read at: a template update by any process bumps the revision. */
    private record Cached(ProjectRecord record, long revision) {
    }

    LocalProjectStore(LocalContext ctx, LocalRepositories repositories, LocalArtifactStore artifacts,
            Consumer<String> stopEngines) {
        this.ctx = ctx;
        this.repositories = repositories;
        this.artifacts = artifacts;
        this.stopEngines = stopEngines;
    }

    @Override
    public String backend() {
        return LocalContext.BACKEND;
    }

    @Override
    public WaitPolicy waitPolicy() {
        return ctx.waitPolicy();
    }

    @Override
    public ProjectRecord create(ProjectDraft draft, ProjectListener progress) {
        return ctx.db().write(tx -> {
            Optional<ProjectRecord> existing = find(tx, draft.name());
            if (existing.isPresent()) {
                if (DELETING.equals(state(tx, draft.name()))) {
                    throw new ConflictException("Project " + draft.name() + " is being deleted (a delete was cut short or"
                            + " is running in another process); delete it again to finish, then create it", List.of(),
                            Map.of("project", draft.name(), "state", DELETING));
                }
                return existing.get();
            }
            String id = "p-" + LocalContext.randomId(12);
            Map<String, String> tags = new LinkedHashMap<>(draft.tags());
            tags.put("sagemaker:project-name", draft.name());
            tags.put("sagemaker:project-id", id);
            if (!draft.description().isEmpty()) {
                tags.put("mlops:description", draft.description());
            }
            ProjectRecord record = new ProjectRecord(draft.name(), id, draft.template(), tags, Instant.now());
            tx.update("INSERT INTO projects(name, id, template_id, template_json, tags_json, created_at, state, revision)"
                    + " VALUES(?,?,?,?,?,?,?,0)", record.name(), record.id(), record.template().id(),
                    TemplateCodec.encode(record.template()), Json.write(record.tags()), record.createdAt().toEpochMilli(),
                    "CREATING");
            return record;
        });
    }

    @Override
    public boolean isActive(ProjectRecord project) {
        List<String> state = ctx.db().read(tx -> tx.query("SELECT state FROM projects WHERE name=?", rs -> rs.getString(1),
                project.name()));
        return !state.isEmpty() && state.get(0).equals("ACTIVE");
    }

    @Override
    public boolean activate(ProjectRecord record) {
        return ctx.db().write(tx -> {
            int changed = tx.update("UPDATE projects SET state='ACTIVE' WHERE name=? AND state='CREATING'", record.name());
            if (changed == 0) {
                return false;
            }
            EventLog.append(tx, record.name(), ProjectEventType.ProjectCreated, record.name(),
                    "Project " + record.name() + " (" + record.id() + ") created from template " + record.template().id(),
                    Map.of("id", record.id(), "template", record.template().id()));
            return true;
        });
    }

    @Override
    public ProjectRecord update(ProjectRecord project, Template template, String summary) {
        ProjectRecord updated = new ProjectRecord(project.name(), project.id(), template, project.tags(), project.createdAt());
        ctx.db().write(tx -> {
            int n = tx.update("UPDATE projects SET template_id=?, template_json=?, revision=revision+1 WHERE name=?",
                    template.id(), TemplateCodec.encode(template), project.name());
            if (n == 0) {
                throw new NotFoundException("project", project.name(), "it was deleted");
            }
            EventLog.append(tx, project.name(), ProjectEventType.ProjectUpdated, project.name(),
                    "Project " + project.name() + " updated: " + summary.replace("\n", "; "), Map.of("changes", summary));
            return null;
        });
        cache.remove(project.name());
        return updated;
    }

    @Override
    public Optional<ProjectRecord> find(String name) {
        return ctx.db().read(tx -> cached(tx, name));
    }

    /** A project read in a transaction, decoded only when its revision changed since the last read. */
    Optional<ProjectRecord> cached(Db.Tx tx, String name) throws java.sql.SQLException {
        List<Long> revision = tx.query("SELECT revision FROM projects WHERE name=?", rs -> rs.getLong(1), name);
        if (revision.isEmpty()) {
            cache.remove(name);
            return Optional.empty();
        }
        Cached cached = cache.get(name);
        if (cached != null && cached.revision() == revision.get(0)) {
            return Optional.of(cached.record());
        }
        Optional<ProjectRecord> found = find(tx, name);
        found.ifPresent(p -> cache.put(name, new Cached(p, revision.get(0))));
        return found;
    }

    /** The project, in a transaction, for the triggers. */
    ProjectRecord require(Db.Tx tx, String name) throws java.sql.SQLException {
        return cached(tx, name).orElseThrow(() -> new NotFoundException("project", name,
                "create it with MlopsProjects.builder()…create() (home " + ctx.home() + ")"));
    }

    private static Optional<ProjectRecord> find(Db.Tx tx, String name) throws java.sql.SQLException {
        return tx.query("SELECT name, id, template_json, tags_json, created_at FROM projects WHERE name=?",
                rs -> new ProjectRecord(rs.getString(1), rs.getString(2), TemplateCodec.decode(rs.getString(3)),
                        Json.stringMap(rs.getString(4)), Instant.ofEpochMilli(rs.getLong(5))), name).stream().findFirst();
    }

    @Override
    public Page<ProjectRecord> list(PageRequest page) {
        int offset = Pages.offset(page);
        List<String> names = ctx.db().read(tx -> tx.query("SELECT name FROM projects ORDER BY name LIMIT ? OFFSET ?",
                rs -> rs.getString(1), page.limit() + 1, offset));
        List<ProjectRecord> out = new ArrayList<>();
        names.forEach(n -> find(n).ifPresent(out::add));
        return Pages.of(out, page, offset);
    }

    @Override
    public EventPage events(String project, EventCursor after, int limit) {
        return ctx.db().read(tx -> EventLog.page(tx, project, after, limit));
    }

    private static String state(Db.Tx tx, String name) throws java.sql.SQLException {
        List<String> state = tx.query("SELECT state FROM projects WHERE name=?", rs -> rs.getString(1), name);
        return state.isEmpty() ? null : state.get(0);
    }

    @Override
    public boolean isBeingDeleted(ProjectRecord project) {
        return deleting(project.name());
    }

    /** Whether the project is marked for deletion: its engines stop their work and no process takes its lease. */
    boolean deleting(String name) {
        return DELETING.equals(ctx.db().read(tx -> state(tx, name)));
    }

    /**
     * Marks the project DELETING, stops its engines in this backend, and waits until no process holds its lease:
     * a leader elsewhere stops its runs and endpoints at its next tick and releases the lease, and a leader that
     * died lets it expire. Only then may the files the runs write into be deleted.
     */
    @Override
    public void beginDelete(ProjectRecord project) {
        int marked = ctx.db().write(tx -> {
            tx.signalOnCommit();
            return tx.update("UPDATE projects SET state=?, revision=revision+1 WHERE name=? AND id=?", DELETING,
                    project.name(), project.id());
        });
        cache.remove(project.name());
        stopEngines.accept(project.name());
        if (marked == 0) {
            return;
        }
        long lease = ctx.leaseDuration().toMillis();
        // The leader renews no more once it sees the mark, so its lease ends within one duration even if it hangs.
        long deadline = System.currentTimeMillis() + lease + Math.max(10_000, 4 * ctx.pollInterval().toMillis());
        while (true) {
            long seen = ctx.signal().generation();
            long now = System.currentTimeMillis();
            List<String[]> holder = ctx.db().read(tx -> tx.query("SELECT owner, expires_at FROM leases WHERE project=?",
                    rs -> new String[] {rs.getString(1), Long.toString(rs.getLong(2))}, project.name()));
            if (holder.isEmpty() || Long.parseLong(holder.get(0)[1]) <= now || holder.get(0)[0].equals(ctx.processId())) {
                return;
            }
            if (now > deadline) {
                throw new MlopsBackendException("Project " + project.name() + " is marked for deletion, but process "
                        + holder.get(0)[0] + " still leads it; delete it again once that process has stopped its work",
                        null, Map.of("project", project.name(), "leader", holder.get(0)[0]), true);
            }
            LOG.debug("Delete of {} waits for process {} to stop its work", project.name(), holder.get(0)[0]);
            try {
                ctx.signal().awaitChange(seen, ctx.pollInterval().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MlopsBackendException("Interrupted while deleting project " + project.name()
                        + "; it stays marked for deletion: delete it again to finish", e, Map.of("project", project.name()), true);
            }
        }
    }

    @Override
    public synchronized void delete(ProjectRecord project) {
        beginDelete(project);
        // (owner, deletable, uri) of every artifact a model version names: its containers and statistics are
        // deleted with the project, unless another project's version names the same content; data files are kept
        List<Object[]> uris = ctx.db().write(tx -> {
            List<Object[]> found = new ArrayList<>();
            tx.query("SELECT project, containers_json, lineage_json FROM model_versions", rs -> {
                String owner = rs.getString(1);
                Json.stringMap(rs.getString(2)).values().forEach(u -> found.add(new Object[] {owner, true, u}));
                Json.stringMap(rs.getString(3)).forEach((k, u) -> {
                    if (k.equals("modelStatistics") || k.endsWith(".uri")) {
                        found.add(new Object[] {owner, k.equals("modelStatistics"), u});
                    }
                });
                return null;
            });
            List<String> execs = tx.query("SELECT id FROM executions WHERE project=?", rs -> rs.getString(1), project.name());
            for (String id : execs) {
                tx.update("DELETE FROM stage_logs WHERE execution_id=?", id);
                tx.update("DELETE FROM ml_steps WHERE execution_id=?", id);
            }
            tx.update("DELETE FROM registrations WHERE arn IN (SELECT arn FROM model_versions WHERE project=?)",
                    project.name());
            for (String table : List.of("executions", "approvals", "model_versions", "endpoints", "ml_pipelines", "repositories",
                    "leases", "cursors", "start_tokens", "event_cursors", "image_versions")) {
                tx.update("DELETE FROM " + table + " WHERE project=?", project.name());
            }
            tx.update("DELETE FROM events WHERE project=?", project.name());
            tx.update("DELETE FROM projects WHERE name=?", project.name());
            return found;
        });
        // Paths resolved against this home: a copy of the home deletes its own files, never the original's.
        Set<Path> mine = new HashSet<>();
        Set<Path> kept = new HashSet<>();
        for (Object[] u : uris) {
            Path p;
            try {
                p = artifacts.resolve((String) u[2]);
            } catch (RuntimeException notOurs) {
                continue;
            }
            if (u[0].equals(project.name()) && (Boolean) u[1]) {
                mine.add(p);
            } else {
                kept.add(p);
            }
        }
        mine.removeAll(kept);
        cache.remove(project.name());
        for (RepositorySpec r : project.template().repositories()) {
            repositories.forget(repositories.path(project, r.role()));
        }
        try {
            deleteProjectDir(project);
            for (Path p : mine) {
                if (!artifacts.owns(p)) {
                    continue;
                }
                Files.deleteIfExists(p);
                Path dir = p.getParent();
                if (Files.isDirectory(dir)) {
                    try (var s = Files.list(dir)) {
                        if (s.findAny().isEmpty()) {
                            Files.delete(dir);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new MlopsBackendException("Project " + project.name() + " was removed from the state store, but some files"
                    + " remain under " + ctx.projectDir(project.name()) + ": " + e.getMessage(), e, Map.of("project", project.name()), true);
        }
    }


    /**
     * Deletes the project's directory. {@link #beginDelete} waited for the leader to stop its work, but a worker that
     * ignored its interruption past the leader's wait may still make or remove a file, so a walk that meets one is
     * retried for a short while.
     */
    private void deleteProjectDir(ProjectRecord project) throws IOException {
        Path dir = ctx.projectDir(project.name());
        for (int attempt = 1;; attempt++) {
            try {
                MlPipelineRunner.deleteTree(dir);
                return;
            } catch (java.nio.file.DirectoryNotEmptyException | java.nio.file.NoSuchFileException e) {
                // A file made or removed during the walk: walk again.
                if (attempt >= 50) {
                    throw e;
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }
}
