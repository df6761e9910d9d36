package dev.mlops.git.github.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.Secret;
import dev.mlops.spi.CommitRequest;
import dev.mlops.exception.ConflictException;
import dev.mlops.exception.MlopsClientException;
import dev.mlops.exception.MlopsException;
import dev.mlops.exception.NotFoundException;
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
import java.util.Map;
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

    private final GitHubBaseUrl baseUrl;
    private final Secret token;
    private final HttpClient http;
    private final GitHubErrors errors;
    private final Retry retry;
    private final CircuitBreaker breaker;
    private final Duration requestTimeout;
    private final ReentrantLock writes = new ReentrantLock();

    private GitHubClient(Builder b) {
        this.baseUrl = Objects.requireNonNull(b.baseUrl, "baseUrl");
        if (b.token == null) {
            throw new ValidationException("github.token", null, "a token (Secret) is required");
        }
        this.token = b.token;
        this.requestTimeout = b.requestTimeout;
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
                return Math.min(cap.toMillis(), g.retryAfter().get().toMillis());
            }
            return backoff;
        };
        this.retry = Retry.of("github-" + host, RetryConfig.custom()
                .maxAttempts(b.maxAttempts)
                .intervalBiFunction(interval)
                .retryOnException(t -> t instanceof MlopsException m && m.retryable())
                .build());
        this.breaker = CircuitBreaker.of("github-" + host, CircuitBreakerConfig.custom()
                .slidingWindowSize(20).minimumNumberOfCalls(10).failureRateThreshold(50)
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
        checkName("github.owner", owner);
        checkName("github.repository", name);
        Objects.requireNonNull(visibility, "visibility");
        String repoPath = "/repos/" + seg(owner) + "/" + seg(name);
        Response existing = call("GET", repoPath, null, 404);
        if (existing.status() == 200) {
            LOG.debug("Adopting existing GitHub repository {}/{}", owner, name);
            return new EnsuredRepository(repository(existing.json()), false, visibility);
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
        Response created = write(() -> call("POST", createPath, body, 422));
        if (created.status() == 422) {
            if (!nameTaken(created.json())) {
                throw errors.map("POST", createPath, 422, created.headers(), created.body());
            }
            Response now = call("GET", repoPath, null, 404);
            if (now.status() != 200) {
                throw new MlopsClientException("GitHub says " + owner + "/" + name
                        + " already exists but the token cannot read it; use another name or grant access",
                        null, Map.of("host", "github", "repository", owner + "/" + name));
            }
            LOG.debug("GitHub repository {}/{} appeared while creating it; adopting it", owner, name);
            return new EnsuredRepository(repository(now.json()), false, visibility);
        }
        LOG.debug("Created GitHub repository {}/{} ({})", owner, name, visibility.wire());
        return new EnsuredRepository(repository(created.json()), true, visibility);
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
        String head = headCommit(owner, name, branch);
        String repo = "/repos/" + seg(owner) + "/" + seg(name);
        if (request.expectedHead().isPresent() && !request.expectedHead().get().equals(head)) {
            throw headMoved(owner, name, branch, request.expectedHead().get(), head);
        }
        return write(() -> {
            String baseTree = call("GET", repo + "/git/commits/" + seg(head), null).json()
                    .path("tree").path("sha").asText();
            ObjectNode tree = JSON.createObjectNode().put("base_tree", baseTree);
            var entries = tree.putArray("tree");
            request.files().forEach((path, content) -> {
                ObjectNode e = entries.addObject().put("path", path).put("mode", "100644").put("type", "blob");
                if (content == null) {
                    e.putNull("sha");
                } else {
                    e.put("content", content);
                }
            });
            String treeSha = call("POST", repo + "/git/trees", tree).json().path("sha").asText();
            ObjectNode commit = JSON.createObjectNode().put("message", request.message()).put("tree", treeSha);
            commit.putArray("parents").add(head);
            String commitSha = call("POST", repo + "/git/commits", commit).json().path("sha").asText();
            ObjectNode ref = JSON.createObjectNode().put("sha", commitSha).put("force", false);
            Response moved = call("PATCH", repo + "/git/refs/heads/" + branchPath(branch), ref, 422);
            if (moved.status() == 422) {
                // Not a fast-forward: someone pushed since the head was read. The new commit stays unreferenced.
                throw headMoved(owner, name, branch, head, "(moved while committing)");
            }
            LOG.debug("Committed {} file(s) to {}/{}@{}: {}", request.files().size(), owner, name, branch, commitSha);
            return commitSha;
        });
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

    /** Sends a request with retries and the breaker; statuses in {@code expected} (besides 2xx) are returned. */
    private Response call(String method, String path, JsonNode body, int... expected) {
        Supplier<Response> once = () -> send(method, path, body, expected);
        try {
            return Retry.decorateSupplier(retry, CircuitBreaker.decorateSupplier(breaker, once)).get();
        } catch (CallNotPermittedException open) {
            throw new GitHubApiException("GitHub at " + baseUrl.uri().getHost()
                    + " failed repeatedly; the circuit is open, calls resume in 30 s (" + method + " " + path + ")",
                    0, Duration.ofSeconds(30), true, Map.of("host", "github", "request", method + " " + path), open);
        }
    }

    private Response send(String method, String path, JsonNode body, int... expected) {
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
            throw errors.map(method, path, status, resp.headers(), resp.body());
        }
        return new Response(status, resp.headers(), resp.body());
    }

    private static GitHubRepository repository(JsonNode n) {
        String vis = n.hasNonNull("visibility") ? n.get("visibility").asText()
                : n.path("private").asBoolean() ? "private" : "public";
        return new GitHubRepository(n.path("owner").path("login").asText(), n.path("name").asText(),
                n.path("default_branch").asText(), Visibility.valueOf(vis.toUpperCase(java.util.Locale.ROOT)),
                n.path("clone_url").asText(), n.path("html_url").asText());
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
