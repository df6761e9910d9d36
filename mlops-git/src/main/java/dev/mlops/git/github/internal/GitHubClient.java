package dev.mlops.git.github.internal;

import dev.mlops.git.github.Visibility;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.Secret;
import dev.mlops.spi.CommitRequest;
import dev.mlops.exception.ConflictException;
import dev.mlops.exception.MlopsClientException;
import dev.mlops.exception.MlopsException;
import dev.mlops.exception.NotFoundException;
import dev.mlops.exception.UnsupportedByBackendException;
import dev.mlops.exception.ValidationException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small client for the parts of GitHub's REST API the repository component uses, on the JDK's HTTP client.
 * Retries transient failures with backoff (honouring {@code retry-after}), opens a circuit breaker per host, and
 * serializes writes, as GitHub asks of content-creating requests. The token is sent as a bearer token and appears in
 * no log, message or {@code toString()}.
 */
public final class GitHubClient {
    private static final Logger LOG = LoggerFactory.getLogger(GitHubClient.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String API_VERSION = "2022-11-28";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,100}");
    private static final Pattern SHA = Pattern.compile("[0-9a-fA-F]{4,40}");
    private static final String AUTHOR = "mlops-projects";
    private static final String AUTHOR_EMAIL = "mlops-projects@users.noreply.github.com";

    private final GitHubBaseUrl baseUrl;
    private final Secret token;
    private final HttpClient http;
    private final GitHubErrors errors;
    private final Retry retry;
    private final CircuitBreaker breaker;
    private final Duration requestTimeout;
    private final ReentrantLock writes = new ReentrantLock();
    private final Duration maxRetryWait;
    private final Clock clock;

    private GitHubClient(Builder b) {
        this.baseUrl = Objects.requireNonNull(b.baseUrl, "baseUrl");
        if (b.token == null) {
            throw new ValidationException("github.token", null, "a token (Secret) is required");
        }
        this.token = b.token;
        this.requestTimeout = b.requestTimeout;
        this.maxRetryWait = b.maxRetryWait;
        this.clock = b.clock;
        this.http = HttpClient.newBuilder().connectTimeout(b.connectTimeout)
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        this.errors = new GitHubErrors(b.clock);
        String host = baseUrl.uri().getHost();
        Duration base = b.retryBase;
        Duration cap = b.maxRetryWait;
        IntervalBiFunction<Object> interval = (attempt, either) -> {
            long backoff = Math.min(cap.toMillis(), base.toMillis() * (1L << Math.min(attempt - 1, 16)));
            if (either != null && either.isLeft() && either.getLeft() instanceof GitHubApiException g
                    && g.retryAfter().isPresent()) {
                return g.retryAfter().get().toMillis();
            }
            return backoff;
        };
        this.retry = Retry.of("github-" + host, RetryConfig.custom()
                .maxAttempts(b.maxAttempts)
                .intervalBiFunction(interval)
                .retryOnException(t -> t instanceof MlopsException m && m.retryable() && withinBudget(t))
                .build());
        this.breaker = CircuitBreaker.of("github-" + host, CircuitBreakerConfig.custom()
                // Opens on a host that is down, not on a flaky one: 30 % transient failures are retried through.
                .slidingWindowSize(20).minimumNumberOfCalls(10).failureRateThreshold(80)
                .waitDurationInOpenState(Duration.ofSeconds(30))
                .recordException(t -> t instanceof MlopsException m && m.retryable())
                .build());
    }

    /**
     * A builder.
     *
     * @return a builder for github.com
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The API root this client talks to.
     *
     * @return the base URL
     */
    public GitHubBaseUrl baseUrl() {
        return baseUrl;
    }

    /**
     * Makes sure a repository exists: adopts it if it does, creates it otherwise. Creation goes to
     * {@code /user/repos} when the owner is the token's own account and {@code /orgs/{owner}/repos} otherwise, with
     * {@code auto_init} so that the tracked branch has a first commit. A create that collides with an existing name
     * (another caller, or a retried create whose answer was lost) adopts that repository.
     *
     * @param owner the user or organisation
     * @param name the repository's name
     * @param visibility the visibility for a new repository
     * @param description a description for a new repository, or {@code null}
     * @return the repository, and whether it was created or adopted
     */
    public EnsuredRepository ensureRepository(String owner, String name, Visibility visibility, String description) {
        return ensureRepository(owner, name, visibility, description, true);
    }

    /**
     * Makes sure a repository exists, as {@link #ensureRepository(String, String, Visibility, String)} does, and
     * refuses a repository it did not make when {@code adopt} is off. A repository whose description is exactly
     * {@code description} counts as made by the caller (an earlier run, or a create whose answer was lost).
     *
     * @param owner the user or organisation
     * @param name the repository's name
     * @param visibility the visibility for a new repository
     * @param description a description for a new repository (also the mark of the caller's own), or {@code null}
     * @param adopt whether a repository made by someone else is used as it is
     * @return the repository, and whether it was created (now or by an earlier run) or adopted
     * @throws ConflictException if the name is taken by a repository the token cannot read, or by one the caller
     *     did not make while {@code adopt} is off
     */
    public EnsuredRepository ensureRepository(String owner, String name, Visibility visibility, String description,
            boolean adopt) {
        checkName("github.owner", owner);
        checkName("github.repository", name);
        Objects.requireNonNull(visibility, "visibility");
        Optional<GitHubRepository> existing = repository(owner, name);
        if (existing.isPresent()) {
            return existingOne(existing.get(), visibility, description, adopt);
        }
        String login = call("GET", "/user", null).json().path("login").asText();
        boolean personal = login.equalsIgnoreCase(owner);
        if (personal && visibility == Visibility.INTERNAL) {
            throw new ValidationException("github.visibility", visibility,
                    "internal visibility exists only for organisation repositories; " + owner + " is a user account");
        }
        ObjectNode body = JSON.createObjectNode().put("name", name).put("auto_init", true);
        if (description != null) {
            body.put("description", description);
        }
        if (personal) {
            body.put("private", visibility != Visibility.PUBLIC);
        } else {
            body.put("visibility", visibility.wire());
        }
        String createPath = personal ? "/user/repos" : "/orgs/" + seg(owner) + "/repos";
        Set<String> scopes = visibility == Visibility.PUBLIC ? Set.of("repo", "public_repo") : Set.of("repo");
        Response created = write(() -> call(scopes, "POST", createPath, body, 422));
        if (created.status() == 422) {
            if (!nameTaken(created.json())) {
                throw errors.map("POST", createPath, 422, created.headers(), created.body());
            }
            Optional<GitHubRepository> now = repository(owner, name);
            if (now.isEmpty()) {
                throw new ConflictException("The GitHub repository name " + owner + "/" + name
                        + " is taken by a repository this token cannot read; choose another name or owner, or grant"
                        + " the token access to it", List.of("repository " + owner + "/" + name + " exists"),
                        Map.of("host", "github", "repository", owner + "/" + name));
            }
            LOG.debug("GitHub repository {}/{} appeared while creating it", owner, name);
            return existingOne(now.get(), visibility, description, adopt);
        }
        LOG.debug("Created GitHub repository {}/{} ({})", owner, name, visibility.wire());
        return new EnsuredRepository(repository(created.json()), true, visibility);
    }

    private EnsuredRepository existingOne(GitHubRepository repo, Visibility visibility, String description,
            boolean adopt) {
        boolean ours = description != null && description.equals(repo.description());
        if (!ours && !adopt) {
            throw new ConflictException("The GitHub repository " + repo.fullName() + " already exists and was not made"
                    + " by this project; adopting existing repositories is off. Choose another name, delete it, or"
                    + " allow adoption with GitHubRepositories.builder().adoptExisting(true)",
                    List.of("repository " + repo.fullName() + " exists"),
                    Map.of("host", "github", "repository", repo.fullName()));
        }
        LOG.debug("{} existing GitHub repository {}", ours ? "Reusing our" : "Adopting", repo.fullName());
        return new EnsuredRepository(repo, ours, visibility);
    }

    /**
     * A repository, if it exists and the token can read it.
     *
     * @param owner the owner
     * @param name the repository
     * @return the repository, or empty on 404
     */
    public Optional<GitHubRepository> repository(String owner, String name) {
        checkName("github.owner", owner);
        checkName("github.repository", name);
        Response r = call("GET", "/repos/" + seg(owner) + "/" + seg(name), null, 404);
        return r.status() == 200 ? Optional.of(repository(r.json())) : Optional.empty();
    }

    /**
     * Deletes a repository; a missing one is not an error. Needs the {@code delete_repo} scope.
     *
     * @param owner the owner
     * @param name the repository
     * @return whether it existed
     */
    public boolean deleteRepository(String owner, String name) {
        checkName("github.owner", owner);
        checkName("github.repository", name);
        Response r = write(() -> call(Set.of("delete_repo"), "DELETE", "/repos/" + seg(owner) + "/" + seg(name),
                null, 404));
        return r.status() != 404;
    }

    /**
     * The commit a branch points at, if the branch exists.
     *
     * @param owner the owner
     * @param name the repository
     * @param branch the branch
     * @return the SHA, or empty if the branch does not exist or the repository is empty
     */
    public Optional<String> ref(String owner, String name, String branch) {
        String path = "/repos/" + seg(owner) + "/" + seg(name) + "/git/ref/heads/" + branchPath(branch);
        Response r = call("GET", path, null, 404, 409);
        return r.status() == 200 ? Optional.of(r.json().path("object").path("sha").asText()) : Optional.empty();
    }

    /**
     * A commit object.
     *
     * @param owner the owner
     * @param name the repository
     * @param sha the commit's SHA (4 to 40 hex digits)
     * @return the commit, or empty if the repository has no such commit
     */
    public Optional<GitCommit> commitObject(String owner, String name, String sha) {
        checkSha("github.commit", sha);
        Response r = call("GET", "/repos/" + seg(owner) + "/" + seg(name) + "/git/commits/" + sha, null, 404, 422);
        if (r.status() != 200) {
            return Optional.empty();
        }
        JsonNode n = r.json();
        List<String> parents = new ArrayList<>();
        n.path("parents").forEach(p -> parents.add(p.path("sha").asText()));
        return Optional.of(new GitCommit(n.path("sha").asText(), n.path("message").asText(),
                n.path("tree").path("sha").asText(), parents));
    }

    /**
     * A whole tree, recursively.
     *
     * @param owner the owner
     * @param name the repository
     * @param treeSha the tree
     * @return its entries (blobs, trees and submodule commits)
     * @throws UnsupportedByBackendException if GitHub truncated it (more than 100,000 entries or 7 MB)
     */
    public List<GitTreeEntry> tree(String owner, String name, String treeSha) {
        checkSha("github.tree", treeSha);
        JsonNode n = call("GET", "/repos/" + seg(owner) + "/" + seg(name) + "/git/trees/" + treeSha + "?recursive=1",
                null).json();
        if (n.path("truncated").asBoolean()) {
            throw new UnsupportedByBackendException("github", "reading a tree GitHub truncates (more than 100,000"
                    + " entries or 7 MB) of " + owner + "/" + name, "a git clone of " + baseUrl.uri().getHost());
        }
        List<GitTreeEntry> out = new ArrayList<>();
        n.path("tree").forEach(e -> out.add(new GitTreeEntry(e.path("path").asText(), e.path("mode").asText(),
                e.path("type").asText(), e.path("sha").asText())));
        return out;
    }

    /**
     * A blob's bytes.
     *
     * @param owner the owner
     * @param name the repository
     * @param sha the blob
     * @return the content
     */
    public byte[] blob(String owner, String name, String sha) {
        checkSha("github.blob", sha);
        JsonNode n = call("GET", "/repos/" + seg(owner) + "/" + seg(name) + "/git/blobs/" + sha, null).json();
        String content = n.path("content").asText();
        if ("base64".equals(n.path("encoding").asText())) {
            return Base64.getMimeDecoder().decode(content);
        }
        return content.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The webhooks of a repository (first 100).
     *
     * @param owner the owner
     * @param name the repository
     * @return each hook's id and URL
     */
    public Map<Long, String> hooks(String owner, String name) {
        Map<Long, String> out = new LinkedHashMap<>();
        call(Set.of("admin:repo_hook", "read:repo_hook", "write:repo_hook"), "GET",
                "/repos/" + seg(owner) + "/" + seg(name) + "/hooks?per_page=100", null).json()
                .forEach(h -> out.put(h.path("id").asLong(), h.path("config").path("url").asText()));
        return out;
    }

    /**
     * Makes a webhook for pushes that posts JSON signed with the secret ({@code X-Hub-Signature-256}).
     *
     * @param owner the owner
     * @param name the repository
     * @param url where GitHub posts
     * @param secret the signing secret
     * @return the hook's id
     */
    public long createHook(String owner, String name, java.net.URI url, Secret secret) {
        ObjectNode body = JSON.createObjectNode().put("name", "web").put("active", true);
        body.putArray("events").add("push");
        body.putObject("config").put("url", url.toString()).put("content_type", "json")
                .put("secret", secret.reveal()).put("insecure_ssl", "0");
        return write(() -> call(Set.of("admin:repo_hook", "write:repo_hook"), "POST",
                "/repos/" + seg(owner) + "/" + seg(name) + "/hooks", body)).json().path("id").asLong();
    }

    /**
     * Deletes a webhook; a missing one is not an error.
     *
     * @param owner the owner
     * @param name the repository
     * @param id the hook's id
     */
    public void deleteHook(String owner, String name, long id) {
        write(() -> call(Set.of("admin:repo_hook"), "DELETE", "/repos/" + seg(owner) + "/" + seg(name) + "/hooks/" + id,
                null, 404));
    }

    /**
     * Writes one commit of many files through the Git Data API on top of {@code parent} (or of nothing), and points
     * the branch at it: a fast-forward if the branch exists, a new ref otherwise. Files that are not UTF-8 go up as
     * base64 blobs first. Author and committer dates are fixed by the caller, so a retried create makes the same
     * commit object (git ids are content hashes) rather than a second one.
     *
     * @param owner the owner
     * @param name the repository
     * @param branch the branch to move or create
     * @param parent the parent commit, or {@code null} for a root commit
     * @param baseTree the tree the files change, or {@code null} for a tree of only these files
     * @param files path to content; {@code null} deletes the path
     * @param message the message
     * @param date the author and committer date
     * @param branchExists whether to fast-forward the branch (else it is created)
     * @return the new commit's SHA
     * @throws ConflictException if the branch moved meanwhile (nothing is committed to it)
     */
    public String writeCommit(String owner, String name, String branch, String parent, String baseTree,
            Map<String, byte[]> files, String message, Instant date, boolean branchExists) {
        String repo = "/repos/" + seg(owner) + "/" + seg(name);
        return write(() -> {
            ObjectNode tree = JSON.createObjectNode();
            if (baseTree != null) {
                tree.put("base_tree", baseTree);
            }
            var entries = tree.putArray("tree");
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                ObjectNode e = entries.addObject().put("path", f.getKey()).put("mode", "100644").put("type", "blob");
                if (f.getValue() == null) {
                    e.putNull("sha");
                } else if (utf8(f.getValue())) {
                    e.put("content", new String(f.getValue(), StandardCharsets.UTF_8));
                } else {
                    ObjectNode blob = JSON.createObjectNode()
                            .put("content", Base64.getEncoder().encodeToString(f.getValue())).put("encoding", "base64");
                    e.put("sha", call("POST", repo + "/git/blobs", blob).json().path("sha").asText());
                }
            }
            String treeSha = call("POST", repo + "/git/trees", tree).json().path("sha").asText();
            ObjectNode commit = JSON.createObjectNode().put("message", message).put("tree", treeSha);
            var parents = commit.putArray("parents");
            if (parent != null) {
                parents.add(parent);
            }
            String when = date.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
            commit.putObject("author").put("name", AUTHOR).put("email", AUTHOR_EMAIL).put("date", when);
            commit.putObject("committer").put("name", AUTHOR).put("email", AUTHOR_EMAIL).put("date", when);
            String commitSha = call("POST", repo + "/git/commits", commit).json().path("sha").asText();
            if (branchExists) {
                ObjectNode ref = JSON.createObjectNode().put("sha", commitSha).put("force", false);
                Response moved = call("PATCH", repo + "/git/refs/heads/" + branchPath(branch), ref, 422);
                if (moved.status() == 422) {
                    // Not a fast-forward: someone pushed since the head was read. The new commit stays unreferenced.
                    throw headMoved(owner, name, branch, parent, "(moved while committing)");
                }
            } else {
                ObjectNode ref = JSON.createObjectNode().put("ref", "refs/heads/" + branch).put("sha", commitSha);
                Response made = call("POST", repo + "/git/refs", ref, 422);
                if (made.status() == 422) {
                    // The ref exists: ours if a retried create's answer was lost, else someone else's branch.
                    String now = ref(owner, name, branch).orElse("(none)");
                    if (!now.equals(commitSha)) {
                        throw headMoved(owner, name, branch, "(no branch)", now);
                    }
                }
            }
            LOG.debug("Committed {} file(s) to {}/{}@{}: {}", files.size(), owner, name, branch, commitSha);
            return commitSha;
        });
    }

    /**
     * The commit a branch points at.
     *
     * @param owner the owner
     * @param name the repository
     * @param branch the branch
     * @return the commit's SHA
     * @throws NotFoundException if the branch does not exist or the repository is empty
     */
    public String headCommit(String owner, String name, String branch) {
        checkName("github.owner", owner);
        checkName("github.repository", name);
        if (branch == null || branch.isBlank()) {
            throw new ValidationException("github.branch", branch, "a branch name");
        }
        String path = "/repos/" + seg(owner) + "/" + seg(name) + "/git/ref/heads/" + branchPath(branch);
        Response r = call("GET", path, null, 404, 409);
        if (r.status() == 409) {
            throw new NotFoundException("branch", owner + "/" + name + "@" + branch,
                    "the repository is empty; create it with auto_init or push a first commit");
        }
        if (r.status() == 404) {
            throw new NotFoundException("branch", owner + "/" + name + "@" + branch,
                    "create the branch or track an existing one");
        }
        return r.json().path("object").path("sha").asText();
    }

    /**
     * Commits files to a branch as one commit through the Git Data API: the branch's head, its tree, a new tree on
     * it (file contents inline, {@code null} content deletes the path), a commit, and a fast-forward of the branch.
     * Nothing is committed to the branch if its head is not the expected one or moves meanwhile.
     *
     * @param owner the owner
     * @param name the repository
     * @param branch the branch, which must exist
     * @param request the message, the files (path to UTF-8 content, {@code null} to delete) and the expected head
     * @return the new commit's SHA
     * @throws ConflictException if the head is not the expected one, or moved before the branch was updated
     */
    public String commit(String owner, String name, String branch, CommitRequest request) {
        Objects.requireNonNull(request, "request");
        Instant date = clock.instant();
        String head = headCommit(owner, name, branch);
        if (request.expectedHead().isPresent() && !request.expectedHead().get().equals(head)) {
            throw headMoved(owner, name, branch, request.expectedHead().get(), head);
        }
        String baseTree = commitObject(owner, name, head).map(GitCommit::tree).orElseThrow(() ->
                new NotFoundException("commit", owner + "/" + name + "@" + head, "the branch's head is not readable"));
        Map<String, byte[]> files = new LinkedHashMap<>();
        request.files().forEach((p, c) -> files.put(p, c == null ? null : c.getBytes(StandardCharsets.UTF_8)));
        return writeCommit(owner, name, branch, head, baseTree, files, request.message(), date, true);
    }

    private static ConflictException headMoved(String owner, String name, String branch, String expected, String actual) {
        return new ConflictException("The head of " + owner + "/" + name + "@" + branch + " is " + actual
                + ", not the expected " + expected + "; nothing was committed. Read the head again and retry",
                java.util.List.of("head: expected " + expected + ", found " + actual),
                Map.of("host", "github", "repository", owner + "/" + name, "branch", branch));
    }

    @Override
    public String toString() {
        return "GitHubClient[" + baseUrl.uri() + "]";
    }

    private <T> T write(Supplier<T> call) {
        writes.lock();
        try {
            return call.get();
        } finally {
            writes.unlock();
        }
    }

    /** A wait GitHub asked for that the retry budget covers (a longer one is not waited out, but reported). */
    private boolean withinBudget(Throwable t) {
        return !(t instanceof GitHubApiException g) || g.retryAfter().map(w -> w.compareTo(maxRetryWait) <= 0).orElse(true);
    }

    /** Sends a request with retries and the breaker; statuses in {@code expected} (besides 2xx) are returned. */
    private Response call(String method, String path, JsonNode body, int... expected) {
        return call(null, method, path, body, expected);
    }

    private Response call(Set<String> scopes, String method, String path, JsonNode body, int... expected) {
        Supplier<Response> once = () -> send(scopes, method, path, body, expected);
        try {
            return Retry.decorateSupplier(retry, CircuitBreaker.decorateSupplier(breaker, once)).get();
        } catch (GitHubApiException g) {
            if (g.retryAfter().isPresent() && !withinBudget(g)) {
                throw new GitHubApiException(g.getMessage() + "; that is longer than this component's longest wait ("
                        + maxRetryWait.toSeconds() + " s), so the call was not retried: try again then, or raise the"
                        + " wait with GitHubRepositories.builder().maxRetryWait(..)", g.status(), g.retryAfter().get(),
                        true, g.context(), g);
            }
            throw g;
        } catch (CallNotPermittedException open) {
            throw new GitHubApiException("GitHub at " + baseUrl.uri().getHost()
                    + " failed repeatedly; the circuit is open, calls resume in 30 s (" + method + " " + path + ")",
                    0, Duration.ofSeconds(30), true, Map.of("host", "github", "request", method + " " + path), open);
        }
    }

    private Response send(Set<String> scopes, String method, String path, JsonNode body, int... expected) {
        HttpRequest.Builder rb = HttpRequest.newBuilder(baseUrl.resolve(path))
                .timeout(requestTimeout)
                .header("Accept", "application/vnd.github+json")
                .header("X-GitHub-Api-Version", API_VERSION)
                .header("User-Agent", "mlops-projects")
                .header("Authorization", "Bearer " + token.reveal());
        if (body != null) {
            rb.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
        } else {
            rb.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> resp;
        try {
            resp = http.send(rb.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new GitHubApiException("GitHub did not answer " + method + " " + path + ": " + e.getClass().getSimpleName(),
                    0, null, true, Map.of("host", "github", "request", method + " " + path), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GitHubApiException("Interrupted while calling GitHub " + method + " " + path,
                    0, null, false, Map.of("host", "github", "request", method + " " + path), e);
        }
        int status = resp.statusCode();
        LOG.debug("GitHub {} {} -> {} (remaining {})", method, path, status,
                resp.headers().firstValue("x-ratelimit-remaining").orElse("?"));
        boolean ok = status / 100 == 2;
        for (int e : expected) {
            ok |= status == e;
        }
        if (!ok) {
            throw errors.map(method, path, status, resp.headers(), resp.body(), scopes);
        }
        return new Response(status, resp.headers(), resp.body());
    }

    private static GitHubRepository repository(JsonNode n) {
        String vis = n.hasNonNull("visibility") ? n.get("visibility").asText()
                : n.path("private").asBoolean() ? "private" : "public";
        return new GitHubRepository(n.path("owner").path("login").asText(), n.path("name").asText(),
                n.path("default_branch").asText(), Visibility.valueOf(vis.toUpperCase(java.util.Locale.ROOT)),
                n.path("clone_url").asText(), n.path("html_url").asText(),
                n.hasNonNull("description") ? n.get("description").asText() : null);
    }

    private static boolean nameTaken(JsonNode n) {
        for (JsonNode e : n.path("errors")) {
            if ("name".equals(e.path("field").asText()) && ("already_exists".equals(e.path("code").asText())
                    || e.path("message").asText().contains("already exists"))) {
                return true;
            }
        }
        return false;
    }

    private static void checkName(String field, String value) {
        if (value == null || !NAME.matcher(value).matches()) {
            throw new ValidationException(field, value, "1-100 letters, digits, '.', '_' or '-'");
        }
    }

    private static void checkSha(String field, String sha) {
        if (sha == null || !SHA.matcher(sha).matches()) {
            throw new ValidationException(field, sha, "a git object id of 4 to 40 hex digits");
        }
    }

    private static boolean utf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes));
            return true;
        } catch (java.nio.charset.CharacterCodingException e) {
            return false;
        }
    }

    private static String seg(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String branchPath(String branch) {
        StringBuilder sb = new StringBuilder();
        for (String part : branch.split("/")) {
            sb.append(sb.length() == 0 ? "" : "/").append(seg(part));
        }
        return sb.toString();
    }

    private record Response(int status, java.net.http.HttpHeaders headers, String body) {
        JsonNode json() {
            try {
                return body == null || body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
            } catch (IOException e) {
                throw new GitHubApiException("GitHub answered with a body that is not JSON", status, null, false,
                        Map.of("host", "github"), e);
            }
        }
    }

    /** Builds a {@link GitHubClient}. */
    public static final class Builder {
        private GitHubBaseUrl baseUrl = GitHubBaseUrl.GITHUB_COM;
        private Secret token;
        private Clock clock = Clock.systemUTC();
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration requestTimeout = Duration.ofSeconds(30);
        private Duration retryBase = Duration.ofMillis(500);
        private Duration maxRetryWait = Duration.ofSeconds(120);
        private int maxAttempts = 5;

        private Builder() {
        }

        /**
         * The API root; github.com unless set.
         *
         * @param baseUrl the root
         * @return this builder
         */
        public Builder baseUrl(GitHubBaseUrl baseUrl) {
            this.baseUrl = baseUrl;
            return this;
        }

        /**
         * The token (a personal access token or an app installation token).
         *
         * @param token the token
         * @return this builder
         */
        public Builder token(Secret token) {
            this.token = token;
            return this;
        }

        /**
         * The clock that rate-limit resets are measured against.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /**
         * Retries: attempts in all, the first backoff (doubled each time) and the longest wait between attempts.
         *
         * @param maxAttempts attempts in all, at least 1
         * @param base the first backoff
         * @param maxWait the longest wait, also the cap on {@code retry-after}
         * @return this builder
         */
        public Builder retries(int maxAttempts, Duration base, Duration maxWait) {
            if (maxAttempts < 1) {
                throw new ValidationException("github.maxAttempts", maxAttempts, "at least 1");
            }
            this.maxAttempts = maxAttempts;
            this.retryBase = base;
            this.maxRetryWait = maxWait;
            return this;
        }

        /**
         * The timeout of one request.
         *
         * @param timeout the timeout
         * @return this builder
         */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = timeout;
            return this;
        }

        /**
         * Builds the client.
         *
         * @return the client
         */
        public GitHubClient build() {
            return new GitHubClient(this);
        }
    }
}
