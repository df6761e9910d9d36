package dev.mlops.testkit.memory;

import dev.mlops.event.ProjectEventType;
import dev.mlops.exception.ConflictException;
import dev.mlops.exception.NotFoundException;
import dev.mlops.exception.ValidationException;
import dev.mlops.exception.MlopsBackendException;
import dev.mlops.spi.CommitInfo;
import dev.mlops.spi.CommitRequest;
import dev.mlops.spi.ProjectRecord;
import dev.mlops.spi.RepositoryInfo;
import dev.mlops.spi.SourceRepositories;
import dev.mlops.spi.WaitPolicy;
import dev.mlops.template.Capability;
import dev.mlops.template.RepositorySpec;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * In-memory hosted repositories: each a list of commits on its tracked branch, every commit holding the whole tree.
 * Commit ids are 40 hex digits, as git's are. A commit on an expected head that moved is refused with a
 * {@link ConflictException}. Reads of the head lag writes by the backend's read lag.
 */
public final class InMemorySourceRepositories implements SourceRepositories {
    private final MemoryState state;
    private final WaitPolicy policy;
    /** Project id → role → repository, in the order they were provisioned. */
    private final Map<String, Map<String, Repo>> byProject = new HashMap<>();

    /** One commit: its id, parent, message, author, time and the whole tree. */
    record Commit(String id, String parent, String message, String author, long at, Map<String, byte[]> files) {
    }

    private static final class Repo {
        final String role;
        final String name;
        final String branch;
        final Map<String, Commit> commits = new LinkedHashMap<>();
        final Lagged<String> head = new Lagged<>();

        Repo(String role, String name, String branch) {
            this.role = role;
            this.name = name;
            this.branch = branch;
        }
    }

    InMemorySourceRepositories(MemoryState state, WaitPolicy policy) {
        this.state = state;
        this.policy = policy;
    }

    @Override
    public String backend() {
        return MemoryState.BACKEND;
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of(Capability.HOSTED_REPOSITORIES, Capability.READABLE_REPOSITORIES);
    }

    @Override
    public WaitPolicy waitPolicy() {
        return policy;
    }

    @Override
    public List<RepositoryInfo> list(ProjectRecord project) {
        return state.call("repositories.list", () -> {
            List<RepositoryInfo> out = new ArrayList<>();
            long now = state.now();
            for (Repo r : byProject.getOrDefault(project.id(), Map.of()).values()) {
                String head = r.head.visible(now);
                if (head != null) {
                    out.add(info(r, head));
                }
            }
            return out;
        });
    }

    @Override
    public RepositoryInfo provision(ProjectRecord project, RepositorySpec spec) {
        if (spec == null) {
            throw new ValidationException("SourceRepositories.provision.spec", null, "a repository spec");
        }
        return state.call("repositories.provision", () -> {
            Map<String, Repo> repos = byProject.computeIfAbsent(project.id(), k -> new LinkedHashMap<>());
            Repo existing = repos.get(spec.role());
            if (existing != null) {
                return info(existing, existing.head.latest());
            }
            Repo repo = new Repo(spec.role(), project.resourceName(spec.role()), spec.branch());
            repos.put(spec.role(), repo);
            long now = state.now();
            Commit seed = write(repo, null, "Initial commit: seed code of template " + project.template().id(),
                    "mlops-projects", new TreeMap<>(spec.seed().files()), now);
            state.append(project.name(), now, ProjectEventType.RepositorySeeded, repo.name, "Repository " + repo.name
                    + " created and seeded (" + spec.seed().files().size() + " files)",
                    Map.of("repository", spec.role(), "branch", spec.branch(), "commit", seed.id()));
            return info(repo, seed.id());
        });
    }

    @Override
    public String commit(ProjectRecord project, String role, CommitRequest request) {
        if (request == null) {
            throw new ValidationException("Repository.commit", null, "a commit request");
        }
        return state.call("repositories.commit", () -> {
            Repo repo = require(project, role);
            String head = repo.head.latest();
            if (request.expectedHead().isPresent() && !request.expectedHead().get().equals(head)) {
                throw new ConflictException("Branch " + repo.branch + " of " + repo.name + " moved: it is at "
                        + (head == null ? "no commit" : head) + ", not the expected " + request.expectedHead().get()
                        + "; fetch the new head, redo the change on it and commit again", List.of(),
                        Map.of("repository", role, "expectedHead", request.expectedHead().get()));
            }
            Map<String, byte[]> tree = new TreeMap<>(head == null ? Map.of() : repo.commits.get(head).files());
            request.files().forEach((path, content) -> {
                if (content == null) {
                    tree.remove(path);
                } else {
                    tree.put(path, content.getBytes(StandardCharsets.UTF_8));
                }
            });
            // The RepositoryCommit event is the orchestrator's to emit when it sees the new head, as a state-change
            // rule does: the seed commit's too.
            return write(repo, head, request.message(), state.identity, tree, state.now()).id();
        });
    }

    @Override
    public Optional<CommitInfo> head(ProjectRecord project, String role) {
        return state.call("repositories.head", () -> {
            Repo r = byProject.getOrDefault(project.id(), Map.of()).get(role);
            if (r == null) {
                if (project.template().repository(role).isPresent()) {
                    return Optional.empty();   // not provisioned yet: its branch has no commit
                }
                throw new NotFoundException("repository", role, "project " + project.name() + " has "
                        + byProject.getOrDefault(project.id(), Map.of()).keySet());
            }
            String head = r.head.visible(state.now());
            return head == null ? Optional.empty() : Optional.of(new CommitInfo(head, r.commits.get(head).message()));
        });
    }

    /**
     * {@inheritDoc}
     *
     * <p>Every path is checked against {@code target} before the first file is written.
     */
    @Override
    public void export(ProjectRecord project, String role, String commit, Path target) {
        if (target == null || !Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new ValidationException("SourceRepositories.export.target", target, "a directory that exists");
        }
        Map<String, byte[]> files = state.call("repositories.export", () -> {
            Commit c = require(project, role).commits.get(commit);
            if (c == null) {
                throw new NotFoundException("commit", commit, "repository " + project.resourceName(role)
                        + " has no such commit");
            }
            return c.files();
        });
        Path root = target.toAbsolutePath().normalize();
        Map<Path, byte[]> out = new LinkedHashMap<>();
        files.forEach((name, bytes) -> {
            Path p = root.resolve(name).normalize();
            if (Path.of(name).isAbsolute() || !p.startsWith(root) || p.equals(root) || name.equals(".git")
                    || name.startsWith(".git/")) {
                throw new ValidationException("SourceRepositories.export.path", name, "a path inside the repository");
            }
            out.put(p, bytes);
        });
        try {
            for (Map.Entry<Path, byte[]> f : out.entrySet()) {
                Files.createDirectories(f.getKey().getParent());
                Files.write(f.getKey(), f.getValue(), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                        LinkOption.NOFOLLOW_LINKS);
            }
        } catch (IOException e) {
            throw new MlopsBackendException("Cannot export commit " + commit + " of " + project.resourceName(role)
                    + " into " + target + ": " + e.getMessage(), e, Map.of("repository", role), false);
        }
    }

    @Override
    public void deleteProject(ProjectRecord project) {
        state.call("repositories.deleteProject", () -> byProject.remove(project.id()));
    }

    // ---------------------------------------------------------------- for the orchestrator (under the lock)

    /** The head of a repository as the service itself has it, or {@code null}. */
    String latestHead(ProjectRecord project, String role) {
        Repo r = byProject.getOrDefault(project.id(), Map.of()).get(role);
        return r == null ? null : r.head.latest();
    }

    /** A commit of a repository, if it has it. */
    Optional<Commit> commitOf(ProjectRecord project, String role, String id) {
        Repo r = byProject.getOrDefault(project.id(), Map.of()).get(role);
        return r == null ? Optional.empty() : Optional.ofNullable(r.commits.get(id));
    }

    /** The roles provisioned for a project, in order. */
    List<String> roles(ProjectRecord project) {
        return new ArrayList<>(byProject.getOrDefault(project.id(), Map.of()).keySet());
    }

    // ---------------------------------------------------------------- helpers

    private Repo require(ProjectRecord project, String role) {
        Map<String, Repo> repos = byProject.getOrDefault(project.id(), Map.of());
        Repo r = repos.get(role);
        if (r == null) {
            throw new NotFoundException("repository", role, "project " + project.name() + " has " + repos.keySet());
        }
        return r;
    }

    private Commit write(Repo repo, String parent, String message, String author, Map<String, byte[]> tree, long now) {
        String id = commitId(parent, message, author, tree, now);
        Commit c = new Commit(id, parent, message, author, now, Collections.unmodifiableMap(tree));
        repo.commits.put(id, c);
        repo.head.set(id, state.visibleAt(now));
        return c;
    }

    private static String commitId(String parent, String message, String author, Map<String, byte[]> tree, long now) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-1");
            sha.update(("parent " + parent + "\nauthor " + author + " " + now + "\nnonce " + MemoryState.randomId(8)
                    + "\n\n" + message + "\n").getBytes(StandardCharsets.UTF_8));
            for (Map.Entry<String, byte[]> e : tree.entrySet()) {
                sha.update(e.getKey().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(e.getValue());
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RepositoryInfo info(Repo r, String head) {
        return new RepositoryInfo(r.role, r.name, r.branch, URI.create("memory://repositories/" + r.name), head);
    }

    @Override
    public String toString() {
        return "InMemorySourceRepositories";
    }
}
