package dev.mlops.git.github;

import dev.mlops.Secret;
import dev.mlops.exception.MlopsClientException;
import dev.mlops.exception.NotFoundException;
import dev.mlops.exception.ValidationException;
import dev.mlops.git.github.internal.EnsuredRepository;
import dev.mlops.git.github.internal.GitCommit;
import dev.mlops.git.github.internal.GitHubBaseUrl;
import dev.mlops.git.github.internal.GitHubClient;
import dev.mlops.git.github.internal.GitHubRepository;
import dev.mlops.git.github.internal.GitTreeEntry;
import dev.mlops.spi.CommitInfo;
import dev.mlops.spi.CommitRequest;
import dev.mlops.spi.ProjectRecord;
import dev.mlops.spi.RepositoryInfo;
import dev.mlops.spi.SourceRepositories;
import dev.mlops.spi.WaitPolicy;
import dev.mlops.template.Capability;
import dev.mlops.template.RepositorySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A project's source repositories on GitHub (github.com or an Enterprise Server): each repository is made with the
 * chosen visibility, or an existing one is adopted, and the template's seed code is checked in as one commit on the
 * tracked branch through the Git Data API. Compose it with any orchestrator:
 *
 * <pre>{@code
 * SourceRepositories github = GitHubRepositories.builder()
 *         .token(Secret.of(System.getenv("GITHUB_TOKEN")))
 *         .owner("my-org")
 *         .build();
 * MlopsProjects.builder().repositories(github) ...
 * }</pre>
 *
 * <p>Names: a repository is {@code <owner>/sagemaker-<project>-<id>-<role>} unless the template's parameters name
 * it in full ({@code ModelBuildCodeRepositoryFullname}, {@code ModelDeployCodeRepositoryFullname}, with the branch
 * in {@code ...CodeRepositoryBranch}), as the third-party Git templates do. A repository this component creates
 * carries a description naming the project; only those are deleted with the project, adopted ones are kept.
 *
 * <p>Instances are immutable and safe for concurrent use; writes to GitHub are serialized, as GitHub asks of
 * content-creating requests. The token and the webhook secret appear in no log, exception or {@code toString()}.
 */
public final class GitHubRepositories implements SourceRepositories {
    private static final Logger LOG = LoggerFactory.getLogger(GitHubRepositories.class);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,100}");

    private final GitHubClient client;
    private final String owner;
    private final URI baseUrl;
    private final Visibility visibility;
    private final URI webhookUrl;
    private final Secret webhookSecret;
    private final WaitPolicy waitPolicy;
    private final boolean adoptExisting;

    private GitHubRepositories(Builder b) {
        this.owner = b.owner;
        this.baseUrl = b.baseUrl;
        this.visibility = b.visibility;
        this.webhookUrl = b.webhookUrl;
        this.webhookSecret = b.webhookSecret;
        this.waitPolicy = b.waitPolicy;
        this.adoptExisting = b.adoptExisting;
        this.client = GitHubClient.builder().baseUrl(new GitHubBaseUrl(b.baseUrl)).token(b.token).clock(b.clock)
                .retries(b.maxAttempts, b.retryBase, b.maxRetryWait).build();
    }

    /**
     * A builder; {@link Builder#token(Secret)} and {@link Builder#owner(String)} are required.
     *
     * @return a builder for github.com, private repositories
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String backend() {
        return "github";
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of(Capability.THIRD_PARTY_REPOSITORIES, Capability.READABLE_REPOSITORIES);
    }

    @Override
    public WaitPolicy waitPolicy() {
        return waitPolicy;
    }

    @Override
    public List<RepositoryInfo> list(ProjectRecord project) {
        List<RepositoryInfo> out = new ArrayList<>();
        for (RepositorySpec spec : project.template().repositories()) {
            Place at = place(project, spec);
            Optional<GitHubRepository> repo = client.repository(at.owner, at.name);
            if (repo.isEmpty()) {
                continue;
            }
            Optional<String> head = client.ref(at.owner, at.name, at.branch);
            head.ifPresent(h -> out.add(info(spec.role(), at, repo.get(), h)));
        }
        return out;
    }

    @Override
    public RepositoryInfo provision(ProjectRecord project, RepositorySpec spec) {
        if (spec == null) {
            throw new ValidationException("SourceRepositories.provision.spec", null, "a repository spec");
        }
        Place at = place(project, spec);
        EnsuredRepository ensured = client.ensureRepository(at.owner, at.name, visibility, mark(project, spec.role()),
                adoptExisting);
        GitHubRepository repo = ensured.repository();
        LOG.info("GitHub repository for {} of project {}: {}", spec.role(), project.name(),
                ensured.created() ? ensured.describe() + ", made by this project" : ensured.describe());
        String head = seed(project, spec, at, repo, ensured.created());
        if (webhookUrl != null) {
            ensureHook(at);
        }
        return info(spec.role(), at, repo, head);
    }

    /**
     * Checks the seed in as one commit unless the branch already has history; returns the branch's head. In a
     * repository this component made, the seed commit's tree is exactly the seed (auto_init's README goes); in an
     * adopted one the seed is laid over the files of its first commit.
     */
    private String seed(ProjectRecord project, RepositorySpec spec, Place at, GitHubRepository repo, boolean ours) {
        Map<String, byte[]> files = new TreeMap<>(spec.seed().files());
        String message = "Initial commit: seed code of template " + project.template().id() + "\n\nProject "
                + project.name() + " (" + project.id() + "), repository " + spec.role() + ", by mlops-projects.";
        Optional<String> head = client.ref(at.owner, at.name, at.branch);
        if (head.isPresent()) {
            GitCommit c = commit(at, head.get());
            if (!c.parents().isEmpty()) {
                LOG.info("GitHub repository {}@{} already has history (head {}); left as it is", at.display, at.branch,
                        head.get());
                return head.get();
            }
            // Only the root commit GitHub's auto_init made (or an adopted repository's first commit): seed on it.
            String sha = client.writeCommit(at.owner, at.name, at.branch, c.sha(), ours ? null : c.tree(), files,
                    message, project.createdAt(), true);
            LOG.info("GitHub repository {}: seed code checked in on {} as {} ({} files)", at.display, at.branch, sha,
                    files.size());
            return sha;
        }
        Optional<String> base = client.ref(at.owner, at.name, repo.defaultBranch());
        if (base.isEmpty()) {
            throw new MlopsClientException("GitHub repository " + at.display + " is empty: GitHub's Git Data API cannot"
                    + " write to a repository without a first commit. Push a first commit to it, or let this"
                    + " component create the repository (it initialises it)", null,
                    Map.of("host", "github", "repository", at.display));
        }
        GitCommit c = commit(at, base.get());
        String sha = client.writeCommit(at.owner, at.name, at.branch, c.sha(), ours ? null : c.tree(), files, message,
                project.createdAt(), false);
        LOG.info("GitHub repository {}: seed code checked in on new branch {} (from {}) as {} ({} files)", at.display,
                at.branch, repo.defaultBranch(), sha, files.size());
        return sha;
    }

    private void ensureHook(Place at) {
        Map<Long, String> hooks = client.hooks(at.owner, at.name);
        if (hooks.containsValue(webhookUrl.toString())) {
            LOG.debug("GitHub repository {} already has a webhook to {}", at.display, webhookUrl);
            return;
        }
        long id = client.createHook(at.owner, at.name, webhookUrl, webhookSecret);
        LOG.info("GitHub repository {}: webhook {} posts pushes to {}", at.display, id, webhookUrl);
    }

    @Override
    public String commit(ProjectRecord project, String role, CommitRequest request) {
        if (request == null) {
            throw new ValidationException("Repository.commit", null, "a commit request");
        }
        Place at = place(project, spec(project, role));
        return client.commit(at.owner, at.name, at.branch, request);
    }

    /**
     * The head of a repository's tracked branch.
     *
     * @param project the project
     * @param role the repository's role
     * @return the head commit, or empty if the repository or its branch does not exist yet
     * @throws NotFoundException if the project's template has no repository of that role
     */
    @Override
    public Optional<CommitInfo> head(ProjectRecord project, String role) {
        Place at = place(project, spec(project, role));
        return client.ref(at.owner, at.name, at.branch).map(sha -> {
            GitCommit c = commit(at, sha);
            return new CommitInfo(c.sha(), c.message());
        });
    }

    /**
     * Writes a commit's files under a directory, without {@code .git}: the commit's recursive tree, then each blob.
     * Entries that would leave {@code target} are refused; symbolic links and submodules are not written (a link
     * could point anywhere), executable files keep their mode where the file system has one.
     *
     * @param project the project
     * @param role the repository's role
     * @param commit the commit's id
     * @param target the directory to write into (made if missing)
     * @throws NotFoundException for an unknown role or commit
     */
    @Override
    public void export(ProjectRecord project, String role, String commit, Path target) {
        if (target == null) {
            throw new ValidationException("SourceRepositories.export.target", null, "a directory");
        }
        Place at = place(project, spec(project, role));
        if (commit == null || !commit.matches("[0-9a-fA-F]{4,40}")) {
            throw new ValidationException("SourceRepositories.export.commit", commit, "a commit id of 4 to 40 hex digits");
        }
        GitCommit c = client.commitObject(at.owner, at.name, commit).orElseThrow(() -> new NotFoundException("commit",
                commit, "repository " + at.display + " has no such commit"));
        try {
            Path root = Files.createDirectories(target).toRealPath();
            for (GitTreeEntry e : client.tree(at.owner, at.name, c.tree())) {
                if (!"blob".equals(e.type()) || "120000".equals(e.mode())) {
                    LOG.debug("Export of {}@{}: not writing {} ({} {})", at.display, commit, e.path(), e.type(), e.mode());
                    continue;
                }
                Path file = inside(root, e.path());
                Files.createDirectories(file.getParent());
                if (!file.getParent().toRealPath().startsWith(root)) {
                    throw new ValidationException("SourceRepositories.export.entry", e.path(),
                            "a path whose directories stay inside " + root);
                }
                Files.write(file, client.blob(at.owner, at.name, e.sha()));
                if ("100755".equals(e.mode())) {
                    file.toFile().setExecutable(true, false);
                }
            }
        } catch (IOException io) {
            throw new UncheckedIOException("Exporting " + at.display + "@" + commit + " to " + target, io);
        }
    }

    /** A tree entry's path under the root, refused if it could leave it. */
    private static Path inside(Path root, String path) {
        String rule = "a relative path with no empty, '.', '..' or '.git' segment";
        if (path.isEmpty() || path.startsWith("/") || path.contains("\\") || path.contains("\0")) {
            throw new ValidationException("SourceRepositories.export.entry", path, rule);
        }
        for (String s : path.split("/", -1)) {
            if (s.isEmpty() || s.equals(".") || s.equals("..") || s.equalsIgnoreCase(".git")) {
                throw new ValidationException("SourceRepositories.export.entry", path, rule);
            }
        }
        Path file = root.resolve(path).normalize();
        if (!file.startsWith(root)) {
            throw new ValidationException("SourceRepositories.export.entry", path, rule);
        }
        return file;
    }

    /**
     * Deletes the repositories this component created for the project (their description names it); adopted
     * repositories are kept, without the webhook to this component's URL if one is configured. Needs the token's
     * {@code delete_repo} scope.
     *
     * @param project the project
     */
    @Override
    public void deleteProject(ProjectRecord project) {
        for (RepositorySpec spec : project.template().repositories()) {
            Place at = place(project, spec);
            Optional<GitHubRepository> repo = client.repository(at.owner, at.name);
            if (repo.isEmpty()) {
                continue;
            }
            if (mark(project, spec.role()).equals(repo.get().description())) {
                client.deleteRepository(at.owner, at.name);
                LOG.info("Deleted GitHub repository {}", at.display);
            } else {
                int removed = 0;
                if (webhookUrl != null) {
                    for (Map.Entry<Long, String> h : client.hooks(at.owner, at.name).entrySet()) {
                        if (h.getValue().equals(webhookUrl.toString())) {
                            client.deleteHook(at.owner, at.name, h.getKey());
                            removed++;
                        }
                    }
                }
                LOG.info("Kept GitHub repository {}: it was adopted, not created by this project{}", at.display,
                        removed > 0 ? "; removed the webhook this component made" : "");
            }
        }
    }

    @Override
    public String toString() {
        return "GitHubRepositories[" + baseUrl + ", owner=" + owner + ", " + visibility.wire() + "]";
    }

    // ---------------------------------------------------------------- names

    /** Where a role's repository lives: owner, name, tracked branch, and the name reported to callers. */
    private record Place(String owner, String name, String branch, String display) {
    }

    private Place place(ProjectRecord project, RepositorySpec spec) {
        Map<String, String> values = project.template().parameterValues();
        String fullName = parameter(values, spec.role() + "CodeRepositoryFullname");
        String branch = Optional.ofNullable(parameter(values, spec.role() + "CodeRepositoryBranch"))
                .filter(s -> !s.isBlank()).orElse(spec.branch());
        if (fullName != null) {
            String[] parts = fullName.split("/", -1);
            if (parts.length != 2 || !NAME.matcher(parts[0]).matches() || !NAME.matcher(parts[1]).matches()) {
                throw new ValidationException("Template.parameters." + spec.role() + "CodeRepositoryFullname", fullName,
                        "owner/name, each 1-100 letters, digits, '.', '_' or '-'");
            }
            return new Place(parts[0], parts[1], branch, fullName);
        }
        String name = project.resourceName(spec.role());
        return new Place(owner, name, branch, name);
    }

    /** A template parameter by name, ignoring case ({@code modelbuild} + {@code CodeRepositoryFullname}). */
    private static String parameter(Map<String, String> values, String name) {
        for (Map.Entry<String, String> e : values.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    private static RepositorySpec spec(ProjectRecord project, String role) {
        return project.template().repository(role).orElseThrow(() -> new NotFoundException("repository", role,
                "project " + project.name() + " has " + project.template().repositories().stream()
                        .map(RepositorySpec::role).toList()));
    }

    /** The description a repository this component creates carries: how deletion knows its own. */
    private static String mark(ProjectRecord project, String role) {
        return "mlops-projects: repository " + role + " of project " + project.name() + " (" + project.id() + ")";
    }

    private GitCommit commit(Place at, String sha) {
        return client.commitObject(at.owner, at.name, sha).orElseThrow(() -> new NotFoundException("commit", sha,
                "repository " + at.display + " names it as a branch head but has no such commit"));
    }

    private static RepositoryInfo info(String role, Place at, GitHubRepository repo, String head) {
        return new RepositoryInfo(role, at.display, at.branch, URI.create(repo.cloneUrl()), head);
    }

    // ---------------------------------------------------------------- builder

    /** Builds a {@link GitHubRepositories}; every value is checked by {@link #build()}. */
    public static final class Builder {
        private Secret token;
        private String owner;
        private URI baseUrl = URI.create("https://api.github.com");
        private Visibility visibility = Visibility.PRIVATE;
        private URI webhookUrl;
        private Secret webhookSecret;
        private WaitPolicy waitPolicy = WaitPolicy.remote();
        private boolean adoptExisting = true;
        private Duration maxRetryWait = Duration.ofSeconds(120);
        private Duration retryBase = Duration.ofMillis(500);
        private int maxAttempts = 5;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /**
         * The token: a personal access token (classic scopes {@code repo}; {@code delete_repo} to delete with the
         * project; {@code admin:repo_hook} for a webhook), a fine-grained token or an app installation token.
         *
         * @param token the token, never logged
         * @return this builder
         */
        public Builder token(Secret token) {
            this.token = token;
            return this;
        }

        /**
         * The user or organisation that owns the repositories the template does not name in full.
         *
         * @param owner a login, e.g. {@code my-org}
         * @return this builder
         */
        public Builder owner(String owner) {
            this.owner = owner;
            return this;
        }

        /**
         * The API root: {@code https://api.github.com} unless set; an Enterprise Server's is
         * {@code https://HOST/api/v3}.
         *
         * @param baseUrl the root
         * @return this builder
         */
        public Builder baseUrl(URI baseUrl) {
            this.baseUrl = baseUrl;
            return this;
        }

        /**
         * Who can see the repositories this component creates; {@link Visibility#PRIVATE} unless set. Adopted
         * repositories keep theirs.
         *
         * @param visibility the visibility
         * @return this builder
         */
        public Builder visibility(Visibility visibility) {
            this.visibility = visibility;
            return this;
        }

        /**
         * A webhook on each repository that posts pushes as JSON, signed with the secret
         * ({@code X-Hub-Signature-256}); made once per URL.
         *
         * @param url where GitHub posts
         * @param secret the signing secret, never logged
         * @return this builder
         */
        public Builder webhook(URI url, Secret secret) {
            this.webhookUrl = url;
            this.webhookSecret = secret;
            return this;
        }

        /**
         * How callers wait for a change to show; backoff with jitter unless set.
         *
         * @param waitPolicy the policy
         * @return this builder
         */
        public Builder waitPolicy(WaitPolicy waitPolicy) {
            this.waitPolicy = waitPolicy;
            return this;
        }

        /**
         * Whether an existing repository of the same name is used as it is (the default) or refused with a
         * {@link dev.mlops.exception.ConflictException}. A repository this component created for the project is
         * always reused.
         *
         * @param adopt whether to adopt
         * @return this builder
         */
        public Builder adoptExisting(boolean adopt) {
            this.adoptExisting = adopt;
            return this;
        }

        /**
         * The longest wait for a rate limit or a backoff; a rate limit that resets later fails the call at once with
         * a retryable error saying when it resets. Two minutes unless set.
         *
         * @param maxRetryWait the budget
         * @return this builder
         */
        public Builder maxRetryWait(Duration maxRetryWait) {
            this.maxRetryWait = maxRetryWait;
            return this;
        }

        /**
         * Attempts per call (first try included) and the first backoff, doubled each time; 5 and 500 ms unless set.
         *
         * @param maxAttempts at least 1
         * @param firstBackoff the first backoff
         * @return this builder
         */
        public Builder retries(int maxAttempts, Duration firstBackoff) {
            this.maxAttempts = maxAttempts;
            this.retryBase = firstBackoff;
            return this;
        }

        /**
         * The clock that rate-limit resets are measured against and commits are dated by.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /**
         * Checks the values and builds the component.
         *
         * @return the component
         * @throws ValidationException naming the first value that breaks its rule
         */
        public GitHubRepositories build() {
            if (token == null || token.reveal().isBlank()) {
                throw new ValidationException("GitHubRepositories.token", null, "a non-blank token (Secret)");
            }
            if (owner == null || !NAME.matcher(owner).matches() || owner.startsWith("-")) {
                throw new ValidationException("GitHubRepositories.owner", owner,
                        "a GitHub login: 1-100 letters, digits, '.', '_' or '-', not starting with '-'");
            }
            checkHttp("GitHubRepositories.baseUrl", baseUrl);
            if (baseUrl.getQuery() != null || baseUrl.getFragment() != null || baseUrl.getUserInfo() != null) {
                throw new ValidationException("GitHubRepositories.baseUrl", baseUrl,
                        "an API root without user info, query or fragment, e.g. https://HOST/api/v3");
            }
            if (visibility == null) {
                throw new ValidationException("GitHubRepositories.visibility", null, "PUBLIC, PRIVATE or INTERNAL");
            }
            if (webhookUrl != null || webhookSecret != null) {
                checkHttp("GitHubRepositories.webhook.url", webhookUrl);
                if (webhookSecret == null || webhookSecret.reveal().isBlank()) {
                    throw new ValidationException("GitHubRepositories.webhook.secret", null,
                            "a non-blank signing secret: GitHub signs each delivery with it");
                }
            }
            if (waitPolicy == null) {
                throw new ValidationException("GitHubRepositories.waitPolicy", null, "a wait policy");
            }
            if (maxRetryWait == null || maxRetryWait.isNegative()) {
                throw new ValidationException("GitHubRepositories.maxRetryWait", maxRetryWait, "zero or more");
            }
            if (maxAttempts < 1) {
                throw new ValidationException("GitHubRepositories.retries.maxAttempts", maxAttempts, "at least 1");
            }
            if (retryBase == null || retryBase.isNegative()) {
                throw new ValidationException("GitHubRepositories.retries.firstBackoff", retryBase, "zero or more");
            }
            if (clock == null) {
                throw new ValidationException("GitHubRepositories.clock", null, "a clock");
            }
            return new GitHubRepositories(this);
        }

        private static void checkHttp(String field, URI uri) {
            String scheme = uri == null || uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null) {
                throw new ValidationException(field, uri, "an absolute http or https URL");
            }
        }
    }
}
