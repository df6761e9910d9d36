package dev.mlops.local.internal;

import dev.mlops.event.ProjectEvent;
import dev.mlops.event.ProjectEventType;
import dev.mlops.event.ProjectListener;
import dev.mlops.exception.MlopsBackendException;
import dev.mlops.exception.MlopsClientException;
import dev.mlops.spi.ProjectRecord;
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
import java.util.function.Function;

/**
 * Projects of the embedded backend: one row each in the state store, plus their directory under the home.
 * Creation is resumable: a project is recorded as CREATING first and becomes ACTIVE once every repository is
 * seeded, so a create interrupted half-way is completed by the next create of the same name.
 */
final class LocalProjectStore implements ProjectStore {
    private final LocalContext ctx;
    private final LocalRepositories repositories;
    private final Function<ProjectRecord, LocalEngine> engineFactory;
    private final Consumer<ProjectRecord> seeded;
    private final Map<String, ProjectRecord> cache = new ConcurrentHashMap<>();
    private final Map<String, LocalEngine> engines = new ConcurrentHashMap<>();
    private final Map<String, Integer> attachments = new ConcurrentHashMap<>();

    LocalProjectStore(LocalContext ctx, LocalRepositories repositories, Function<ProjectRecord, LocalEngine> engineFactory,
            Consumer<ProjectRecord> seeded) {
        this.ctx = ctx;
        this.repositories = repositories;
        this.engineFactory = engineFactory;
        this.seeded = seeded;
    }

    @Override
    public ProjectRecord create(ProjectRecord draft) {
        ProjectRecord record = ctx.db().write(tx -> {
            Optional<ProjectRecord> existing = find(tx, draft.name());
            if (existing.isPresent()) {
                ProjectRecord e = existing.get();
                if (!e.template().id().equals(draft.template().id())) {
                    throw new MlopsClientException("Project " + draft.name() + " already exists with template " + e.template().id()
                            + ", not " + draft.template().id() + ": open it with MlopsProjects.open(\"" + draft.name()
                            + "\"), or delete it first", null, Map.of("project", draft.name(), "template", e.template().id()));
                }
                return e;
            }
            tx.update("INSERT INTO projects(name, id, template_id, template_json, tags_json, created_at, state) VALUES(?,?,?,?,?,?,?)",
                    draft.name(), draft.id(), draft.template().id(), TemplateCodec.encode(draft.template()),
                    Json.write(draft.tags()), draft.createdAt().toEpochMilli(), "CREATING");
            return draft;
        });
        String state = ctx.db().read(tx -> tx.query("SELECT state FROM projects WHERE name=?", rs -> rs.getString(1), record.name()).get(0));
        if (state.equals("CREATING")) {
            for (RepositorySpec r : record.template().repositories()) {
                repositories.ensure(record, r);
            }
            seeded.accept(record);
            ctx.db().write(tx -> {
                for (RepositorySpec r : record.template().repositories()) {
                    int added = tx.update("INSERT OR IGNORE INTO repositories(project, role, name, branch, path, last_seen_commit)"
                            + " VALUES(?,?,?,?,?,?)", record.name(), r.role(), record.resourceName(r.role()), r.branch(),
                            repositories.path(record, r.role()).toString(), null);
                    if (added > 0) {
                        EventLog.append(tx, record.name(), ProjectEventType.RepositorySeeded, record.resourceName(r.role()),
                                "Repository " + record.resourceName(r.role()) + " created and seeded (" + r.seed().files().size() + " files)",
                                Map.of("repository", r.role(), "branch", r.branch()));
                    }
                }
                tx.update("UPDATE projects SET state='ACTIVE' WHERE name=?", record.name());
                EventLog.append(tx, record.name(), ProjectEventType.ProjectCreated, record.name(),
                        "Project " + record.name() + " (" + record.id() + ") created from template " + record.template().id(),
                        Map.of("id", record.id(), "template", record.template().id()));
                return null;
            });
        }
        cache.put(record.name(), record);
        return record;
    }

    @Override
    public Optional<ProjectRecord> find(String name) {
        ProjectRecord cached = cache.get(name);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<ProjectRecord> found = ctx.db().read(tx -> find(tx, name));
        found.ifPresent(p -> cache.put(name, p));
        return found;
    }

    ProjectRecord require(String name) {
        return find(name).orElseThrow(() -> new dev.mlops.exception.NotFoundException("project", name,
                "create it with MlopsProjects.builder()…create() (home " + ctx.home() + ")"));
    }

    private static Optional<ProjectRecord> find(Db.Tx tx, String name) throws java.sql.SQLException {
        return tx.query("SELECT name, id, template_json, tags_json, created_at FROM projects WHERE name=?",
                rs -> new ProjectRecord(rs.getString(1), rs.getString(2), TemplateCodec.decode(rs.getString(3)),
                        Json.stringMap(rs.getString(4)), Instant.ofEpochMilli(rs.getLong(5))), name).stream().findFirst();
    }

    @Override
    public List<ProjectRecord> list() {
        List<String> names = ctx.db().read(tx -> tx.query("SELECT name FROM projects ORDER BY name", rs -> rs.getString(1)));
        List<ProjectRecord> out = new ArrayList<>();
        names.forEach(n -> find(n).ifPresent(out::add));
        return out;
    }

    @Override
    public synchronized AutoCloseable attach(ProjectRecord project, ProjectListener listener) {
        LocalEngine engine = engines.get(project.name());
        boolean fresh = engine == null;
        if (fresh) {
            engine = engineFactory.apply(project);
            engines.put(project.name(), engine);
        }
        if (listener != null) {
            // Before the first tick: it may already append events (the seed commit and the executions it starts),
            // and a tick with no listener skips the events it sees.
            engine.addListener(listener);
        }
        if (fresh) {
            engine.start();
        }
        attachments.merge(project.name(), 1, Integer::sum);
        LocalEngine attached = engine;
        return new AutoCloseable() {
            private boolean done;

            @Override
            public void close() {
                synchronized (LocalProjectStore.this) {
                    if (done) {
                        return;
                    }
                    done = true;
                    if (listener != null) {
                        attached.removeListener(listener);
                    }
                    int left = attachments.merge(project.name(), -1, Integer::sum);
                    if (left <= 0) {
                        attachments.remove(project.name());
                        engines.remove(project.name());
                        attached.close();
                    }
                }
            }
        };
    }

    /** The engine of an attached project, if this process has one. */
    Optional<LocalEngine> engine(String project) {
        return Optional.ofNullable(engines.get(project));
    }

    @Override
    public List<ProjectEvent> events(String project, long afterSequence) {
        return ctx.db().read(tx -> EventLog.after(tx, project, afterSequence, Integer.MAX_VALUE));
    }

    @Override
    public synchronized void delete(ProjectRecord project) {
        LocalEngine engine = engines.remove(project.name());
        attachments.remove(project.name());
        if (engine != null) {
            engine.close();
        }
        Set<String> artifacts = new HashSet<>(ctx.db().write(tx -> {
            List<String> mine = new ArrayList<>();
            tx.query("SELECT containers_json, lineage_json FROM model_versions WHERE project=?", rs -> {
                mine.addAll(Json.stringMap(rs.getString(1)).values());
                String stats = Json.stringMap(rs.getString(2)).get("modelStatistics");
                if (stats != null) {
                    mine.add(stats);
                }
                return null;
            }, project.name());
            List<String> others = new ArrayList<>();
            tx.query("SELECT containers_json FROM model_versions WHERE project<>?", rs -> others.addAll(Json.stringMap(rs.getString(1)).values()), project.name());
            mine.removeAll(others);
            List<String> execs = tx.query("SELECT id FROM executions WHERE project=?", rs -> rs.getString(1), project.name());
            for (String id : execs) {
                tx.update("DELETE FROM stage_logs WHERE execution_id=?", id);
                tx.update("DELETE FROM ml_steps WHERE execution_id=?", id);
            }
            for (String table : List.of("executions", "approvals", "model_versions", "endpoints", "ml_pipelines", "repositories",
                    "leases", "cursors")) {
                tx.update("DELETE FROM " + table + " WHERE project=?", project.name());
            }
            tx.update("DELETE FROM events WHERE project=?", project.name());
            tx.update("DELETE FROM projects WHERE name=?", project.name());
            return mine;
        }));
        cache.remove(project.name());
        for (RepositorySpec r : project.template().repositories()) {
            repositories.forget(repositories.path(project, r.role()));
        }
        try {
            MlPipelineRunner.deleteTree(ctx.projectDir(project.name()));
            for (String uri : artifacts) {
                Path p = Path.of(java.net.URI.create(uri));
                Files.deleteIfExists(p);
                Path dir = p.getParent();
                try (var s = Files.list(dir)) {
                    if (s.findAny().isEmpty()) {
                        Files.delete(dir);
                    }
                }
            }
        } catch (IOException e) {
            throw new MlopsBackendException("Project " + project.name() + " was removed from the state store, but some files"
                    + " remain under " + ctx.projectDir(project.name()) + ": " + e.getMessage(), e, Map.of("project", project.name()), true);
        }
    }

    synchronized void closeAll() {
        engines.values().forEach(LocalEngine::close);
        engines.clear();
        attachments.clear();
    }
}
