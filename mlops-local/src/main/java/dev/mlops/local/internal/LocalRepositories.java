package dev.mlops.local.internal;

import dev.mlops.event.ProjectEventType;
import dev.mlops.exception.ConflictException;
import dev.mlops.spi.CommitInfo;
import dev.mlops.spi.CommitRequest;
import dev.mlops.spi.WaitPolicy;
import dev.mlops.template.Capability;
import java.util.Set;
import dev.mlops.exception.MlopsBackendException;
import dev.mlops.exception.MlopsClientException;
import dev.mlops.exception.NotFoundException;
import dev.mlops.spi.ProjectRecord;
import dev.mlops.spi.RepositoryInfo;
import dev.mlops.spi.SourceRepositories;
import dev.mlops.template.RepositorySpec;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.internal.storage.file.FileRepository;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Source repositories as bare git repositories under the project home, written with JGit. Users clone them
 * with any git client ({@code git clone file:///…}); a push to the tracked branch is seen by the engine's poll
 * and starts the pipelines that track it, as CodeCommit's state-change events do.
 */
final class LocalRepositories implements SourceRepositories {
    private static final PersonIdent SEEDER = new PersonIdent("mlops-projects", "mlops@localhost");
    private final LocalContext ctx;
    private final Map<Path, Repository> open = new ConcurrentHashMap<>();
    private final java.util.function.BiConsumer<ProjectRecord, RepositorySpec> seeded;

    LocalRepositories(LocalContext ctx, java.util.function.BiConsumer<ProjectRecord, RepositorySpec> seeded) {
        this.ctx = ctx;
        this.seeded = seeded;
    }

    @Override
    public String backend() {
        return LocalContext.BACKEND;
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of(Capability.HOSTED_REPOSITORIES, Capability.READABLE_REPOSITORIES, LocalOrchestrator.EMBEDDED_GIT);
    }

    @Override
    public WaitPolicy waitPolicy() {
        return ctx.waitPolicy();
    }

    @Override
    public RepositoryInfo provision(ProjectRecord project, RepositorySpec spec) {
        // Inside the state store's write lock (BEGIN IMMEDIATE), so that processes creating the same project at once
        // seed each repository once; the others find it seeded and reattach.
        ctx.db().write(tx -> {
            ensure(project, spec);
            int added = tx.update("INSERT OR IGNORE INTO repositories(project, role, name, branch, path, last_seen_commit)"
                    + " VALUES(?,?,?,?,?,?)", project.name(), spec.role(), project.resourceName(spec.role()), spec.branch(),
                    ctx.home().relativize(path(project, spec.role())).toString(), null);
            if (added > 0) {
                EventLog.append(tx, project.name(), ProjectEventType.RepositorySeeded, project.resourceName(spec.role()),
                        "Repository " + project.resourceName(spec.role()) + " created and seeded (" + spec.seed().files().size()
                                + " files)", Map.of("repository", spec.role(), "branch", spec.branch()));
            }
            return null;
        });
        seeded.accept(project, spec);
        Path dir = path(project, spec.role());
        return new RepositoryInfo(spec.role(), project.resourceName(spec.role()), spec.branch(), dir.toUri(),
                head(dir, spec.branch()));
    }

    Path path(ProjectRecord project, String role) {
        return ctx.projectDir(project.name()).resolve("repos").resolve(project.resourceName(role) + ".git");
    }

    /** Creates the bare repository if needed and seeds it when its branch has no commit yet; idempotent. */
    void ensure(ProjectRecord project, RepositorySpec spec) {
        Path dir = path(project, spec.role());
        try {
            Repository repo = repo(dir, true);
            if (repo.exactRef(Constants.R_HEADS + spec.branch()) == null) {
                writeCommit(repo, spec.branch(), null, "Initial commit: seed code of template " + project.template().id(),
                        seedFiles(spec), SEEDER);
                RefUpdate head = repo.updateRef(Constants.HEAD);
                head.link(Constants.R_HEADS + spec.branch());
            }
        } catch (IOException e) {
            throw new MlopsBackendException("Cannot create repository " + dir + ": " + e.getMessage(), e,
                    Map.of("project", project.name(), "repository", spec.role()), false);
        }
    }

    private static Map<String, byte[]> seedFiles(RepositorySpec spec) {
        return new TreeMap<>(spec.seed().files());
    }

    String head(Path dir, String branch) {
        try {
            Ref ref = repo(dir, false).exactRef(Constants.R_HEADS + branch);
            return ref == null ? null : ref.getObjectId().name();
        } catch (IOException e) {
            throw new MlopsBackendException("Cannot read branch " + branch + " of " + dir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<RepositoryInfo> list(ProjectRecord project) {
        return project.template().repositories().stream().map(r -> {
            Path dir = path(project, r.role());
            return new RepositoryInfo(r.role(), project.resourceName(r.role()), r.branch(), dir.toUri(),
                    Files.isDirectory(dir) ? head(dir, r.branch()) : null);
        }).toList();
    }

    @Override
    public Optional<CommitInfo> head(ProjectRecord project, String role) {
        RepositorySpec spec = spec(project, role);
        Path dir = path(project, role);
        if (!Files.isDirectory(dir)) {
            return Optional.empty();   // not provisioned yet: no commit on the branch
        }
        String head = head(dir, spec.branch());
        return head == null ? Optional.empty() : Optional.of(new CommitInfo(head, fullMessage(dir, head)));
    }

    @Override
    public void export(ProjectRecord project, String role, String commit, Path target) {
        spec(project, role);
        Path dir = path(project, role);
        if (!Files.isDirectory(dir)) {
            throw new NotFoundException("repository", project.resourceName(role), "it was not provisioned yet");
        }
        try {
            ObjectId id = ObjectId.fromString(commit);
            if (!repo(dir, false).getObjectDatabase().has(id)) {
                throw new NotFoundException("commit", commit, "repository " + project.resourceName(role) + " has no such commit");
            }
        } catch (IllegalArgumentException e) {
            throw new NotFoundException("commit", commit, "not a commit id of repository " + project.resourceName(role));
        } catch (IOException e) {
            throw new MlopsBackendException("Cannot read " + dir + ": " + e.getMessage(), e,
                    Map.of("project", project.name(), "repository", role), true);
        }
        checkout(dir, commit, target);
    }

    private static RepositorySpec spec(ProjectRecord project, String role) {
        return project.template().repository(role)
                .orElseThrow(() -> new NotFoundException("repository", role, "project " + project.name() + " has "
                        + project.template().repositories().stream().map(RepositorySpec::role).toList()));
    }

    private String fullMessage(Path repoDir, String commit) {
        try (RevWalk walk = new RevWalk(repo(repoDir, false))) {
            return walk.parseCommit(ObjectId.fromString(commit)).getFullMessage();
        } catch (IOException e) {
            throw new MlopsBackendException("Cannot read commit " + commit + " of " + repoDir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String commit(ProjectRecord project, String role, CommitRequest request) {
        String message = request.message();
        Map<String, String> files = request.files();
        RepositorySpec spec = spec(project, role);
        Path dir = path(project, role);
        try {
            Repository repo = repo(dir, false);
            Map<String, byte[]> changes = new TreeMap<>();
            files.keySet().forEach(k -> ContainedPaths.resolve(dir, k, "a commit to " + project.resourceName(role)));
            files.forEach((k, v) -> changes.put(k, v == null ? null : v.getBytes(StandardCharsets.UTF_8)));
            String user = ctx.user();
            ObjectId head = headCommitId(repo, spec.branch());
            if (request.expectedHead().isPresent() && (head == null || !head.name().equals(request.expectedHead().get()))) {
                throw new ConflictException("Branch " + spec.branch() + " of " + project.resourceName(role) + " moved: it is at "
                        + (head == null ? "no commit" : head.name()) + ", not the expected " + request.expectedHead().get()
                        + "; fetch the new head, redo the change on it and commit again",
                        List.of(), Map.of("repository", role, "expectedHead", request.expectedHead().get()));
            }
            return writeCommit(repo, spec.branch(), head, message, changes, new PersonIdent(user, user + "@localhost"));
        } catch (IOException e) {
            throw new MlopsBackendException("Cannot commit to " + dir + ": " + e.getMessage(), e,
                    Map.of("project", project.name(), "repository", role), true);
        }
    }

    /**
     * Writes the files of a commit into a directory. Every path of the tree is checked first: one that would leave
     * the directory ({@code ..} entries, {@code .git}, an absolute name) fails the checkout before any file is
     * written, naming it; submodule entries are skipped, symbolic links are written as the file holding the link's
     * target (never followed), and nothing is written through a link already in the directory.
     */
    void checkout(Path repoDir, String commit, Path target) {
        String what = "commit " + commit.substring(0, Math.min(7, commit.length())) + " of " + repoDir.getFileName();
        try {
            Repository repo = repo(repoDir, false);
            Map<Path, ObjectId> files = new java.util.LinkedHashMap<>();
            Set<Path> executable = new java.util.HashSet<>();
            try (RevWalk walk = new RevWalk(repo); TreeWalk tw = new TreeWalk(repo)) {
                RevCommit c = walk.parseCommit(ObjectId.fromString(commit));
                tw.addTree(c.getTree());
                tw.setRecursive(true);
                while (tw.next()) {
                    Path out = ContainedPaths.resolve(target, tw.getPathString(), what);
                    if (tw.getFileMode(0) == FileMode.GITLINK) {
                        continue; // a submodule's commit: nothing of it is in this repository
                    }
                    files.put(out, tw.getObjectId(0));
                    if (tw.getFileMode(0) == FileMode.EXECUTABLE_FILE) {
                        executable.add(out);
                    }
                }
            }
            OwnerOnly.createDirectories(target);
            for (Map.Entry<Path, ObjectId> f : files.entrySet()) {
                Path out = f.getKey();
                ContainedPaths.noLinks(target, out, what);
                OwnerOnly.createDirectories(out.getParent());
                ContainedPaths.noLinks(target, out, what);
                ObjectLoader loader = repo.open(f.getValue());
                try (OutputStream os = java.nio.channels.Channels.newOutputStream(Files.newByteChannel(out,
                        Set.of(java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE,
                                java.nio.file.StandardOpenOption.TRUNCATE_EXISTING, java.nio.file.LinkOption.NOFOLLOW_LINKS),
                        OwnerOnly.fileAttributes(out)))) {
                    loader.copyTo(os);
                }
                if (executable.contains(out)) {
                    out.toFile().setExecutable(true, true);
                }
            }
        } catch (IOException e) {
            throw new MlopsBackendException("Cannot check out " + commit + " of " + repoDir + ": " + e.getMessage(), e);
        }
    }

    /** The tracked commit's short message, for triggers' descriptions. */
    String message(Path repoDir, String commit) {
        try (RevWalk walk = new RevWalk(repo(repoDir, false))) {
            return walk.parseCommit(ObjectId.fromString(commit)).getShortMessage();
        } catch (IOException e) {
            return "";
        }
    }

    void closeAll() {
        open.values().forEach(Repository::close);
        open.clear();
    }

    void forget(Path dir) {
        Repository r = open.remove(dir);
        if (r != null) {
            r.close();
        }
    }

    private Repository repo(Path dir, boolean create) throws IOException {
        Repository r = open.get(dir);
        if (r != null) {
            return r;
        }
        if (!Files.isDirectory(dir)) {
            if (!create) {
                throw new MlopsClientException("Repository " + dir + " does not exist", null, Map.of("path", dir.toString()));
            }
            OwnerOnly.createDirectories(dir.getParent());
            Repository fresh = new FileRepository(dir.toFile());
            fresh.create(true);
            fresh.close();
            // what JGit wrote (config, HEAD, the object and ref directories) is the owner's alone
            OwnerOnly.restrictTree(dir);
        }
        Repository repo = new FileRepository(dir.toFile());
        Repository prev = open.putIfAbsent(dir, repo);
        if (prev != null) {
            repo.close();
            return prev;
        }
        return repo;
    }

    private static ObjectId headCommitId(Repository repo, String branch) throws IOException {
        Ref ref = repo.exactRef(Constants.R_HEADS + branch);
        if (ref == null) {
            return null;
        }
        try (RevWalk walk = new RevWalk(repo)) {
            return walk.parseCommit(ref.getObjectId()).getId();
        }
    }

    /** Builds a commit on top of the branch head (or as a root commit) without a working tree. */
    private static String writeCommit(Repository repo, String branch, ObjectId parent, String message,
            Map<String, byte[]> changes, PersonIdent who) throws IOException {
        try (ObjectInserter ins = repo.newObjectInserter(); RevWalk walk = new RevWalk(repo)) {
            Map<String, ObjectId> entries = new TreeMap<>();
            Map<String, FileMode> modes = new TreeMap<>();
            if (parent != null) {
                try (TreeWalk tw = new TreeWalk(repo)) {
                    tw.addTree(walk.parseCommit(parent).getTree());
                    tw.setRecursive(true);
                    while (tw.next()) {
                        entries.put(tw.getPathString(), tw.getObjectId(0));
                        modes.put(tw.getPathString(), tw.getFileMode(0));
                    }
                }
            }
            for (Map.Entry<String, byte[]> e : changes.entrySet()) {
                if (e.getValue() == null) {
                    entries.remove(e.getKey());
                    modes.remove(e.getKey());
                } else {
                    entries.put(e.getKey(), ins.insert(Constants.OBJ_BLOB, e.getValue()));
                    modes.put(e.getKey(), e.getKey().endsWith(".sh") ? FileMode.EXECUTABLE_FILE : FileMode.REGULAR_FILE);
                }
            }
            DirCache index = DirCache.newInCore();
            DirCacheBuilder builder = index.builder();
            for (Map.Entry<String, ObjectId> e : entries.entrySet()) {
                DirCacheEntry entry = new DirCacheEntry(e.getKey());
                entry.setFileMode(modes.get(e.getKey()));
                entry.setObjectId(e.getValue());
                builder.add(entry);
            }
            builder.finish();
            ObjectId tree = index.writeTree(ins);
            CommitBuilder cb = new CommitBuilder();
            cb.setTreeId(tree);
            if (parent != null) {
                cb.setParentId(parent);
            }
            cb.setAuthor(who);
            cb.setCommitter(who);
            cb.setMessage(message);
            ObjectId commit = ins.insert(cb);
            ins.flush();
            RefUpdate ru = repo.updateRef(Constants.R_HEADS + branch);
            ru.setNewObjectId(commit);
            ru.setExpectedOldObjectId(parent == null ? ObjectId.zeroId() : parent);
            ru.setRefLogMessage("commit: " + message, false);
            RefUpdate.Result result = ru.update();
            if (result != RefUpdate.Result.NEW && result != RefUpdate.Result.FAST_FORWARD) {
                throw new MlopsBackendException("Branch " + branch + " moved while committing (" + result
                        + "); commit again on top of the new head", null, Map.of("branch", branch), true);
            }
            return commit.name();
        }
    }
}
