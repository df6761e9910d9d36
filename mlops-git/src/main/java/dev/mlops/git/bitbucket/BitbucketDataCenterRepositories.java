package dev.mlops.git.bitbucket;

import dev.mlops.Secret;
import dev.mlops.exception.ConflictException;
import dev.mlops.exception.NotFoundException;
import dev.mlops.exception.ValidationException;
import dev.mlops.git.bitbucket.internal.BitbucketApiException;
import dev.mlops.git.bitbucket.internal.BitbucketHttp;
import dev.mlops.git.bitbucket.internal.BuildChecks;
import dev.mlops.git.bitbucket.internal.CommitBuilder;
import dev.mlops.git.bitbucket.internal.DataCenterApi;
import dev.mlops.git.bitbucket.internal.EnsuredRepository;
import dev.mlops.git.bitbucket.internal.GitRemote;
import dev.mlops.git.bitbucket.internal.HeadCommit;
import dev.mlops.git.bitbucket.internal.Ownership;
import dev.mlops.git.bitbucket.internal.Place;
import dev.mlops.git.bitbucket.internal.Reconciling;
import dev.mlops.git.bitbucket.internal.Resilience;
import dev.mlops.git.bitbucket.internal.SafeExport;
import dev.mlops.spi.CommitInfo;
import dev.mlops.spi.CommitRequest;
import dev.mlops.spi.ProjectRecord;
import dev.mlops.spi.RepositoryInfo;
import dev.mlops.spi.SourceRepositories;
import dev.mlops.template.Capability;
import dev.mlops.template.RepositorySpec;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.eclipse.jgit.internal.storage.dfs.DfsRepositoryDescription;
import org.eclipse.jgit.internal.storage.dfs.InMemoryRepository;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A project's repositories on Bitbucket Data Center (or Server), in one Bitbucket project, with an HTTP access
 * token (bearer).
 *
 * <pre>{@code
 * SourceRepositories repos = BitbucketDataCenterRepositories.builder()
 *         .baseUrl(URI.create("https://bitbucket.acme.internal/bitbucket"))
 *         .projectKey("MLOPS")
 *         .token(Secret.of(System.getenv("BITBUCKET_HTTP_TOKEN")))
 *         .build();
 * }</pre>
 *
 * <p>{@link #provision} adopts or creates the repository through {@code /rest/api/1.0} (a new one's visibility and
 * description set right after, since Data Center's create takes only the name), then pushes the seed code as one
 * commit with JGit over HTTP(S) to the repository's clone URL, create-only: a branch that exists is left as it is,
 * and a retried push after a lost answer finds the branch at the same commit. {@link #commit} pushes a commit built
 * on the head it fetched, accepted only if the branch is still there. Exports fetch the tracked branch.
 */
public final class BitbucketDataCenterRepositories implements SourceRepositories {
    /** The backend's name. */
    public static final String BACKEND = "bitbucket-datacenter";

    private static final Logger LOG = LoggerFactory.getLogger(BitbucketDataCenterRepositories.class);
    private static final Pattern PROJECT_KEY = Pattern.compile("~?[A-Za-z][A-Za-z0-9_]{0,127}");
    private static final PersonIdent AUTHOR_TEMPLATE = new PersonIdent("mlops-projects", "mlops-projects@noreply");

    private final URI baseUrl;
    private final String projectKey;
    private final boolean publicRepositories;
    private final URI webhookUrl;
    private final Secret webhookSecret;
    private final List<String> webhookEvents;
    private final Resilience resilience;
    private final Supplier<String> authorization;
    private final BitbucketHttp http;
    private final Reconciling reconciling;

    private BitbucketDataCenterRepositories(Builder b) {
        this.baseUrl = BuildChecks.baseUrl("bitbucketDataCenter.baseUrl", b.baseUrl);
        this.projectKey = BuildChecks.matching("bitbucketDataCenter.projectKey", b.projectKey, PROJECT_KEY,
                "a project key: a letter, then letters, digits or '_'");
        if (b.token == null) {
            throw new ValidationException("bitbucketDataCenter.token", null, "an HTTP access token (Secret)");
        }
        if ((b.webhookUrl == null) != (b.webhookSecret == null)) {
            throw new ValidationException("bitbucketDataCenter.webhook", b.webhookUrl,
                    "a webhook needs both a URL and a signing secret");
        }
        this.webhookUrl = b.webhookUrl == null ? null
                : BuildChecks.baseUrl("bitbucketDataCenter.webhook.url", b.webhookUrl);
        this.webhookSecret = b.webhookSecret;
        this.webhookEvents = List.copyOf(b.webhookEvents);
        this.publicRepositories = b.publicRepositories;
        this.resilience = b.resilience;
        Secret token = b.token;
        this.authorization = () -> "Bearer " + token.reveal();
        this.http = new BitbucketHttp("Bitbucket Data Center", URI.create(baseUrl + "/rest/api/1.0"), authorization,
                resilience);
        this.reconciling = new Reconciling("bitbucket-datacenter " + baseUrl.getAuthority(), resilience);
    }

    /**
     * A builder.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String backend() {
        return BACKEND;
    }

    /**
     * Third-party repositories whose heads and commits can be read.
     *
     * @return {@code repositories.third-party} and {@code repositories.readable}
     */
    @Override
    public Set<Capability> capabilities() {
        return Set.of(Capability.THIRD_PARTY_REPOSITORIES, Capability.READABLE_REPOSITORIES);
    }

    private Place place(ProjectRecord project, RepositorySpec spec) {
        return Place.of(project, spec, projectKey, PROJECT_KEY);
    }

    private DataCenterApi api(Place at) {
        return new DataCenterApi(http, at.namespace());
    }

    private static RepositorySpec spec(ProjectRecord project, String role) {
        return project.template().repository(role).orElseThrow(() -> new NotFoundException("repository", role,
                "project " + project.name() + " has no repository of role " + role));
    }

    /** A role's place and repository, which must exist. */
    private record Found(Place at, EnsuredRepository repo) {
    }

    private Found existing(ProjectRecord project, String role) {
        Place at = place(project, spec(project, role));
        EnsuredRepository repo = api(at).repository(at.slug()).map(r -> DataCenterApi.describe(r, false))
                .orElseThrow(() -> new NotFoundException("repository", role, at.namespace() + "/" + at.slug()
                        + " does not exist on Bitbucket Data Center; provision the project first"));
        return new Found(at, repo);
    }

    private GitRemote remote(EnsuredRepository repo) {
        return new GitRemote(repo.cloneUri(), authorization, resilience);
    }

    private static Repository scratch() {
        return new InMemoryRepository(new DfsRepositoryDescription("mlops-bitbucket"));
    }

    @Override
    public List<RepositoryInfo> list(ProjectRecord project) {
        List<RepositoryInfo> out = new ArrayList<>();
        for (RepositorySpec spec : project.template().repositories()) {
            Place at = place(project, spec);
            DataCenterApi api = api(at);
            api.repository(at.slug()).ifPresent(r -> out.add(new RepositoryInfo(spec.role(), at.display(),
                    at.branch(), DataCenterApi.describe(r, false).cloneUri(),
                    api.head(at.slug(), at.branch()).map(HeadCommit::id).orElse(null))));
        }
        return out;
    }

    @Override
    public RepositoryInfo provision(ProjectRecord project, RepositorySpec spec) {
        Place at = place(project, spec);
        DataCenterApi api = api(at);
        String slug = at.slug();
        EnsuredRepository repo = reconciling.run(() -> api.ensure(slug, at.name(), publicRepositories,
                Ownership.description(project, spec.role())));
        LOG.info(repo.created() ? "Created Bitbucket Data Center repository {}/{} ({})"
                : "Adopted existing Bitbucket Data Center repository {}/{} ({})", at.namespace(), repo.slug(),
                publicRepositories ? "public" : "private");
        GitRemote git = remote(repo);
        try (Repository local = scratch()) {
            String message = "Seed code of the " + project.template().displayName() + " template";
            // Built once, so every retry pushes the same commit: a push whose answer was lost finds it in place.
            ObjectId seed = CommitBuilder.commit(local, Optional.empty(), new LinkedHashMap<>(spec.seed().files()),
                    message, new PersonIdent(AUTHOR_TEMPLATE, java.time.Instant.now(), java.time.ZoneOffset.UTC));
            ObjectId head = reconciling.run(() -> {
                Optional<ObjectId> now = git.fetch(local, at.branch());
                if (now.isPresent()) {
                    return now.get();
                }
                if (git.push(local, at.branch(), seed, ObjectId.zeroId()) == GitRemote.Pushed.DONE) {
                    return seed;
                }
                LOG.debug("{} got its first commit meanwhile; leaving it", slug);
                return git.fetch(local, at.branch()).orElseThrow(() -> new BitbucketApiException("branch "
                        + at.branch() + " of " + slug + " is not there after the push", 0, null, true, Map.of(),
                        null));
            });
            if (webhookUrl != null) {
                reconciling.run(() -> api.ensureHook(repo.slug(), webhookUrl, webhookSecret, webhookEvents));
            }
            return new RepositoryInfo(spec.role(), at.display(), at.branch(), repo.cloneUri(), head.name());
        }
    }

    @Override
    public String commit(ProjectRecord project, String role, CommitRequest request) {
        Found found = existing(project, role);
        Place at = found.at();
        EnsuredRepository repo = found.repo();
        GitRemote git = remote(repo);
        Map<String, byte[]> files = new LinkedHashMap<>();
        request.files().forEach((p, c) -> files.put(p, c == null ? null : c.getBytes(StandardCharsets.UTF_8)));
        PersonIdent author = new PersonIdent(AUTHOR_TEMPLATE, java.time.Instant.now(), java.time.ZoneOffset.UTC);
        try (Repository local = scratch()) {
            ObjectId[] built = {null};
            ObjectId[] base = {null};
            return reconciling.run(() -> {
                ObjectId head = git.fetch(local, at.branch()).orElseThrow(() -> new NotFoundException("branch",
                        at.branch(), at.display() + " has no branch " + at.branch()));
                if (head.equals(built[0])) {
                    return head.name();
                }
                if (request.expectedHead().isPresent() && !request.expectedHead().get().equals(head.name())) {
                    throw moved(at, request.expectedHead().get(), head.name());
                }
                if (!head.equals(base[0])) {
                    built[0] = CommitBuilder.commit(local, Optional.of(head), files, request.message(), author);
                    base[0] = head;
                }
                if (git.push(local, at.branch(), built[0], head) == GitRemote.Pushed.DONE) {
                    return built[0].name();
                }
                if (request.expectedHead().isPresent()) {
                    throw moved(at, request.expectedHead().get(), "another commit");
                }
                throw new BitbucketApiException("the head of " + repo.slug() + " moved while pushing", 0, null, true,
                        Map.of(), null);
            });
        }
    }

    private ConflictException moved(Place at, String expected, String actual) {
        String slug = at.slug();
        return new ConflictException("The head of " + at.namespace() + "/" + slug + "@" + at.branch() + " is " + actual
                + ", not the expected " + expected + "; nothing was pushed. Rebase on the new head and retry",
                List.of("expected head " + expected, "actual head " + actual), Map.of("repository", slug));
    }

    /**
     * The head of a repository's tracked branch.
     *
     * @param project the project
     * @param role the repository's role
     * @return the head, empty if the branch has no commit yet
     * @throws NotFoundException if the project has no repository of that role
     */
    @Override
    public Optional<CommitInfo> head(ProjectRecord project, String role) {
        Found found = existing(project, role);
        return api(found.at()).head(found.repo().slug(), found.at().branch())
                .map(h -> new CommitInfo(h.id(), h.message()));
    }

    /**
     * Writes one commit's files (no {@code .git}) into a directory, after checking every path stays inside it. The
     * commit must be on the tracked branch (it is fetched).
     *
     * @param project the project
     * @param role the repository's role
     * @param commit the commit's id
     * @param target an existing directory
     * @throws NotFoundException for an unknown role, or a commit not on the tracked branch
     */
    @Override
    public void export(ProjectRecord project, String role, String commit, Path target) {
        spec(project, role);
        String id = BuildChecks.commitId(commit);
        Found found = existing(project, role);
        EnsuredRepository repo = found.repo();
        try (Repository local = scratch()) {
            reconciling.run(() -> remote(repo).fetch(local, found.at().branch()));
            ObjectId resolved;
            try {
                resolved = local.resolve(id + "^{commit}");
            } catch (java.io.IOException | org.eclipse.jgit.errors.RevisionSyntaxException e) {
                resolved = null;
            }
            if (resolved == null) {
                throw new NotFoundException("commit", found.at().display() + "@" + id,
                        "name a commit of branch " + found.at().branch());
            }
            SafeExport.write("Bitbucket Data Center", CommitBuilder.files(local, resolved), target);
        }
    }

    @Override
    public void deleteProject(ProjectRecord project) {
        for (RepositorySpec spec : project.template().repositories()) {
            Place at = place(project, spec);
            DataCenterApi api = api(at);
            api.repository(at.slug()).ifPresent(r -> {
                if (Ownership.createdFor(project, r.path("description").asText(null))) {
                    api.delete(at.slug());
                    LOG.info("Deleted Bitbucket Data Center repository {}/{}", at.namespace(), at.slug());
                } else {
                    LOG.info("Left Bitbucket Data Center repository {}/{} in place: it was adopted, not created",
                            at.namespace(), at.slug());
                }
            });
        }
    }

    /**
     * Names the host and project; never the token.
     *
     * @return a summary
     */
    @Override
    public String toString() {
        return "BitbucketDataCenterRepositories[" + baseUrl + ", project=" + projectKey + "]";
    }

    /** Builds a {@link BitbucketDataCenterRepositories}; checked when {@link #build()} is called. */
    public static final class Builder {
        private URI baseUrl;
        private String projectKey;
        private Secret token;
        private boolean publicRepositories;
        private URI webhookUrl;
        private Secret webhookSecret;
        private List<String> webhookEvents = List.of("repo:refs_changed");
        private Resilience resilience = Resilience.DEFAULT;

        private Builder() {
        }

        /**
         * The instance's address, with its context path if any: {@code https://host[/context]} (required).
         *
         * @param baseUrl the address
         * @return this builder
         */
        public Builder baseUrl(URI baseUrl) {
            this.baseUrl = baseUrl;
            return this;
        }

        /**
         * The Bitbucket project the repositories live in (required; {@code ~USER} for a personal project).
         *
         * @param projectKey the key
         * @return this builder
         */
        public Builder projectKey(String projectKey) {
            this.projectKey = projectKey;
            return this;
        }

        /**
         * An HTTP access token (personal or project), sent as a bearer token to the REST API and to git. It needs
         * project admin (or write, to create repositories: REPO_CREATE) and repository write; repository admin for
         * webhooks and deletion.
         *
         * @param token the token
         * @return this builder
         */
        public Builder token(Secret token) {
            this.token = token;
            return this;
        }

        /**
         * Whether new repositories are public (readable without logging in); false unless set.
         *
         * @param isPublic whether public
         * @return this builder
         */
        public Builder publicRepositories(boolean isPublic) {
            this.publicRepositories = isPublic;
            return this;
        }

        /**
         * A webhook on every provisioned repository ({@code repo:refs_changed}), signed with the secret
         * ({@code X-Hub-Signature}); made once, left as it is when a webhook with the URL exists.
         *
         * @param url where deliveries go
         * @param secret the signing secret
         * @return this builder
         */
        public Builder webhook(URI url, Secret secret) {
            this.webhookUrl = url;
            this.webhookSecret = secret;
            return this;
        }

        /**
         * Retries of transient failures (5xx, 429, resets, timeouts, failed pushes): attempts in all, the first
         * backoff (doubled, jittered) and the longest wait, which also caps {@code Retry-After}.
         *
         * @param maxAttempts attempts in all
         * @param firstBackoff the first backoff
         * @param maxWait the longest wait
         * @return this builder
         */
        public Builder retries(int maxAttempts, Duration firstBackoff, Duration maxWait) {
            this.resilience = new Resilience(maxAttempts, firstBackoff, maxWait, resilience.requestTimeout());
            return this;
        }

        /**
         * The timeout of one request; 30 seconds unless set.
         *
         * @param timeout the timeout
         * @return this builder
         */
        public Builder requestTimeout(Duration timeout) {
            this.resilience = new Resilience(resilience.maxAttempts(), resilience.firstBackoff(), resilience.maxWait(),
                    timeout);
            return this;
        }

        /**
         * Checks the settings and builds the component.
         *
         * @return the component
         * @throws ValidationException naming the first setting that is missing or wrong
         */
        public BitbucketDataCenterRepositories build() {
            return new BitbucketDataCenterRepositories(this);
        }
    }
}
