package dev.mlops.git.bitbucket;

import dev.mlops.Secret;
import dev.mlops.exception.ConflictException;
import dev.mlops.exception.NotFoundException;
import dev.mlops.exception.ValidationException;
import dev.mlops.git.bitbucket.internal.BitbucketApiException;
import dev.mlops.git.bitbucket.internal.BitbucketHttp;
import dev.mlops.git.bitbucket.internal.BuildChecks;
import dev.mlops.git.bitbucket.internal.CloudApi;
import dev.mlops.git.bitbucket.internal.EnsuredRepository;
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
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A project's repositories on Bitbucket Cloud (REST 2.0), in one workspace and optionally one Bitbucket project.
 *
 * <pre>{@code
 * SourceRepositories repos = BitbucketCloudRepositories.builder()
 *         .workspace("acme")
 *         .projectKey("MLOPS")
 *         .apiToken("ml-bot@acme.com", Secret.of(System.getenv("BITBUCKET_API_TOKEN")))
 *         .build();
 * }</pre>
 *
 * <p>{@link #provision} adopts a repository named {@code sagemaker-<name>-<id>-<role>} (slug in lower case) or
 * creates it ({@code is_private} as built), then checks the seed code in with one {@code POST …/src} on the tracked
 * branch. A repository whose tracked branch has a commit is left as it is, and a seed or commit whose answer was
 * lost is recognised on the retry (same message on the same parent), so no second commit is made. {@link #commit}
 * names the expected head as {@code parents}, so Bitbucket refuses it if the branch moved. Repositories this
 * component created carry a marker in their description; {@link #deleteProject} deletes only those.
 */
public final class BitbucketCloudRepositories implements SourceRepositories {
    /** The backend's name. */
    public static final String BACKEND = "bitbucket-cloud";
    /** bitbucket.org's API root. */
    public static final URI DEFAULT_BASE_URL = URI.create("https://api.bitbucket.org/2.0");

    private static final Logger LOG = LoggerFactory.getLogger(BitbucketCloudRepositories.class);
    private static final Pattern WORKSPACE = Pattern.compile("[a-z0-9][a-z0-9_-]{0,61}");
    private static final Pattern PROJECT_KEY = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,127}");
    private static final Pattern USER = Pattern.compile("[^:\\s]{1,254}");

    private final URI baseUrl;
    private final String workspace;
    private final String projectKey;
    private final boolean privateRepositories;
    private final URI webhookUrl;
    private final Secret webhookSecret;
    private final List<String> webhookEvents;
    private final Resilience resilience;
    private final BitbucketHttp http;
    private final Reconciling reconciling;

    private BitbucketCloudRepositories(Builder b) {
        this.baseUrl = BuildChecks.baseUrl("bitbucketCloud.baseUrl", b.baseUrl);
        this.workspace = BuildChecks.matching("bitbucketCloud.workspace", b.workspace, WORKSPACE,
                "a workspace slug: 1-62 lower-case letters, digits, '-' or '_'");
        this.projectKey = b.projectKey == null ? null : BuildChecks.matching("bitbucketCloud.projectKey",
                b.projectKey, PROJECT_KEY, "a project key: a letter, then letters, digits or '_'");
        if (b.token == null) {
            throw new ValidationException("bitbucketCloud.credentials", null,
                    "apiToken(email, token), appPassword(username, password) or accessToken(token)");
        }
        if (b.user != null) {
            BuildChecks.matching("bitbucketCloud.user", b.user, USER, "a user name or email with no ':' or spaces");
        }
        if ((b.webhookUrl == null) != (b.webhookSecret == null)) {
            throw new ValidationException("bitbucketCloud.webhook", b.webhookUrl,
                    "a webhook needs both a URL and a signing secret");
        }
        this.webhookUrl = b.webhookUrl == null ? null : BuildChecks.baseUrl("bitbucketCloud.webhook.url", b.webhookUrl);
        this.webhookSecret = b.webhookSecret;
        this.webhookEvents = List.copyOf(b.webhookEvents);
        this.privateRepositories = b.privateRepositories;
        this.resilience = b.resilience;
        Secret token = b.token;
        String user = b.user;
        Supplier<String> auth = user == null ? () -> "Bearer " + token.reveal()
                : () -> "Basic " + Base64.getEncoder().encodeToString((user + ":" + token.reveal())
                        .getBytes(StandardCharsets.UTF_8));
        this.http = new BitbucketHttp("Bitbucket Cloud", baseUrl, auth, resilience);
        this.reconciling = new Reconciling("bitbucket-cloud " + workspace, resilience);
    }

    /**
     * A builder.
     *
     * @return a builder for bitbucket.org
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
        return Place.of(project, spec, workspace, WORKSPACE);
    }

    private CloudApi api(Place at) {
        return new CloudApi(http, at.namespace());
    }

    private static RepositorySpec spec(ProjectRecord project, String role) {
        return project.template().repository(role).orElseThrow(() -> new NotFoundException("repository", role,
                "project " + project.name() + " has no repository of role " + role));
    }

    private Place existing(ProjectRecord project, String role) {
        Place at = place(project, spec(project, role));
        if (api(at).repository(at.slug()).isEmpty()) {
            throw new NotFoundException("repository", role, at.namespace() + "/" + at.slug()
                    + " does not exist on Bitbucket Cloud; provision the project first");
        }
        return at;
    }

    @Override
    public List<RepositoryInfo> list(ProjectRecord project) {
        List<RepositoryInfo> out = new ArrayList<>();
        for (RepositorySpec spec : project.template().repositories()) {
            Place at = place(project, spec);
            api(at).repository(at.slug()).ifPresent(r -> {
                String head = api(at).head(at.slug(), at.branch()).map(HeadCommit::id).orElse(null);
                out.add(new RepositoryInfo(spec.role(), at.display(), at.branch(),
                        CloudApi.describe(r, false).cloneUri(), head));
            });
        }
        return out;
    }

    @Override
    public RepositoryInfo provision(ProjectRecord project, RepositorySpec spec) {
        Place at = place(project, spec);
        CloudApi api = api(at);
        String slug = at.slug();
        EnsuredRepository repo = reconciling.run(() -> api.ensure(slug, at.name(), privateRepositories, projectKey,
                Ownership.description(project, spec.role())));
        LOG.info(repo.created() ? "Created Bitbucket Cloud repository {}/{} ({})"
                : "Adopted existing Bitbucket Cloud repository {}/{} ({})", at.namespace(), slug,
                privateRepositories ? "private" : "public");
        String message = "Seed code of the " + project.template().displayName() + " template";
        Map<String, byte[]> files = new LinkedHashMap<>(spec.seed().files());
        HeadCommit head = reconciling.run(() -> {
            Optional<HeadCommit> h = api.head(slug, at.branch());
            if (h.isPresent()) {
                return h.get();
            }
            try {
                api.commit(slug, at.branch(), message, null, files);
            } catch (ConflictException raced) {
                LOG.debug("{} got its first commit meanwhile; leaving it", slug);
            }
            return api.head(slug, at.branch()).orElseThrow(() -> new BitbucketApiException("Bitbucket Cloud does"
                    + " not show branch " + at.branch() + " of " + slug + " after seeding it yet", 0, null, true,
                    Map.of(), null));
        });
        if (webhookUrl != null) {
            reconciling.run(() -> api.ensureHook(slug, webhookUrl, webhookSecret, webhookEvents));
        }
        return new RepositoryInfo(spec.role(), at.display(), at.branch(), repo.cloneUri(), head.id());
    }

    @Override
    public String commit(ProjectRecord project, String role, CommitRequest request) {
        Place at = existing(project, role);
        CloudApi api = api(at);
        String slug = at.slug();
        Map<String, byte[]> files = new LinkedHashMap<>();
        request.files().forEach((p, c) -> files.put(p, c == null ? null : c.getBytes(StandardCharsets.UTF_8)));
        String[] sentOn = {null};
        return reconciling.run(() -> {
            HeadCommit head = api.head(slug, at.branch()).orElseThrow(() -> new NotFoundException("branch",
                    at.branch(), at.display() + " has no branch " + at.branch() + "; provision it"));
            if (sentOn[0] != null && head.madeBy(request.message(), sentOn[0])) {
                return head.id();
            }
            if (request.expectedHead().isPresent() && !request.expectedHead().get().equals(head.id())) {
                throw moved(at, request.expectedHead().get(), head.id());
            }
            sentOn[0] = head.id();
            try {
                return api.commit(slug, at.branch(), request.message(), head.id(), files)
                        .orElseGet(() -> api.head(slug, at.branch()).orElseThrow().id());
            } catch (ConflictException e) {
                if (request.expectedHead().isPresent()) {
                    throw moved(at, request.expectedHead().get(), "another commit");
                }
                throw new BitbucketApiException("the head of " + slug + " moved while committing", 409, null, true,
                        Map.of(), e);
            }
        });
    }

    private ConflictException moved(Place at, String expected, String actual) {
        String slug = at.slug();
        return new ConflictException("The head of " + at.namespace() + "/" + slug + "@" + at.branch() + " is " + actual
                + ", not the expected " + expected + "; nothing was committed. Rebase on the new head and retry",
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
        Place at = existing(project, role);
        return api(at).head(at.slug(), at.branch()).map(h -> new CommitInfo(h.id(), h.message()));
    }

    /**
     * Writes one commit's files (no {@code .git}) into a directory, after checking every path stays inside it.
     *
     * @param project the project
     * @param role the repository's role
     * @param commit the commit's id
     * @param target an existing directory
     * @throws NotFoundException for an unknown role or commit
     */
    @Override
    public void export(ProjectRecord project, String role, String commit, Path target) {
        spec(project, role);
        String id = BuildChecks.commitId(commit);
        Place at = existing(project, role);
        SafeExport.write("Bitbucket Cloud", api(at).files(at.slug(), id), target);
    }

    @Override
    public void deleteProject(ProjectRecord project) {
        for (RepositorySpec spec : project.template().repositories()) {
            Place at = place(project, spec);
            CloudApi api = api(at);
            api.repository(at.slug()).ifPresent(r -> {
                if (Ownership.createdFor(project, r.path("description").asText(null))) {
                    api.delete(at.slug());
                    LOG.info("Deleted Bitbucket Cloud repository {}/{}", at.namespace(), at.slug());
                } else {
                    LOG.info("Left Bitbucket Cloud repository {}/{} in place: it was adopted, not created",
                            at.namespace(), at.slug());
                }
            });
        }
    }

    /**
     * Names the workspace and project; never the credentials.
     *
     * @return a summary
     */
    @Override
    public String toString() {
        return "BitbucketCloudRepositories[" + baseUrl + ", workspace=" + workspace
                + (projectKey == null ? "" : ", project=" + projectKey) + "]";
    }

    /** Builds a {@link BitbucketCloudRepositories}; checked when {@link #build()} is called. */
    public static final class Builder {
        private URI baseUrl = DEFAULT_BASE_URL;
        private String workspace;
        private String projectKey;
        private String user;
        private Secret token;
        private boolean privateRepositories = true;
        private URI webhookUrl;
        private Secret webhookSecret;
        private List<String> webhookEvents = List.of("repo:push");
        private Resilience resilience = Resilience.DEFAULT;

        private Builder() {
        }

        /**
         * The API root; {@code https://api.bitbucket.org/2.0} unless set.
         *
         * @param baseUrl the root
         * @return this builder
         */
        public Builder baseUrl(URI baseUrl) {
            this.baseUrl = baseUrl;
            return this;
        }

        /**
         * The workspace the repositories live in (required).
         *
         * @param workspace its slug
         * @return this builder
         */
        public Builder workspace(String workspace) {
            this.workspace = workspace;
            return this;
        }

        /**
         * The Bitbucket project new repositories go in; the workspace's default project unless set.
         *
         * @param projectKey the key
         * @return this builder
         */
        public Builder projectKey(String projectKey) {
            this.projectKey = projectKey;
            return this;
        }

        /**
         * Authenticates with an Atlassian API token and the account's email (HTTP Basic). Scopes needed:
         * {@code read:repository:bitbucket}, {@code write:repository:bitbucket}, {@code admin:repository:bitbucket}
         * (to create), {@code delete:repository:bitbucket} (to delete), and the webhook scopes for a webhook.
         *
         * @param email the Atlassian account's email
         * @param token the API token
         * @return this builder
         */
        public Builder apiToken(String email, Secret token) {
            this.user = email;
            this.token = token;
            return this;
        }

        /**
         * Authenticates with a (deprecated) app password and the Bitbucket user name (HTTP Basic).
         *
         * @param username the Bitbucket user name
         * @param appPassword the app password
         * @return this builder
         */
        public Builder appPassword(String username, Secret appPassword) {
            return apiToken(username, appPassword);
        }

        /**
         * Authenticates with a workspace, project or repository access token (bearer). Scopes needed:
         * {@code repository}, {@code repository:write}, {@code repository:admin}, {@code repository:delete}, and
         * {@code webhook} for a webhook.
         *
         * @param token the access token
         * @return this builder
         */
        public Builder accessToken(Secret token) {
            this.user = null;
            this.token = token;
            return this;
        }

        /**
         * Whether new repositories are private; true unless set. Adopted repositories keep theirs.
         *
         * @param isPrivate whether private
         * @return this builder
         */
        public Builder privateRepositories(boolean isPrivate) {
            this.privateRepositories = isPrivate;
            return this;
        }

        /**
         * A webhook on every provisioned repository ({@code repo:push}), signed with the secret
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
         * Retries of transient failures (5xx, 429, resets, timeouts): attempts in all, the first backoff (doubled
         * each time, jittered) and the longest wait, which also caps {@code Retry-After}.
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
        public BitbucketCloudRepositories build() {
            return new BitbucketCloudRepositories(this);
        }
    }
}
