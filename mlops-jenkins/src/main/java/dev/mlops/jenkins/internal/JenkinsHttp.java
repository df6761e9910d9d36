package dev.mlops.jenkins.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.Secret;
import dev.mlops.exception.MlopsBackendException;
import dev.mlops.exception.MlopsClientException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP layer under the Jenkins client: Basic authentication, the CSRF crumb on every POST, and the mapping of
 * failures onto the SDK's exceptions. Never puts the token in a log line or a message.
 *
 * <p>Calls that are safe to repeat (every GET, and the POSTs the caller marks so) are retried with jittered
 * exponential backoff on a connection failure or an answer of 429, 502, 503 or 504; every call passes one circuit
 * breaker for the host, which opens after a run of such failures so that a Jenkins that is down is not hammered.
 * A trigger is never repeated here: the orchestrator looks for the build its execution id started first.
 */
public final class JenkinsHttp {
    private static final Logger LOG = LoggerFactory.getLogger(JenkinsHttp.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI root;
    private final HttpClient http;
    private final String authorization;
    private final Duration timeout;
    private final CrumbCache crumbs;
    private final RetryConfig retryConfig;
    private final CircuitBreaker breaker;
    private static final Set<Integer> TRANSIENT = Set.of(429, 502, 503, 504);

    /**
     * Creates the layer.
     *
     * @param root the Jenkins root URL, ending in a slash
     * @param http the client (it should carry a cookie handler: crumbs may be bound to the session)
     * @param user the user name
     * @param token the user's API token
     * @param timeout the per-request timeout
     * @param maxAttempts how often a repeatable call is tried in all, at least 1
     * @param firstBackoff the first pause before a retry; later ones double, each jittered by half
     * @param breakerOpen how long the host's circuit stays open after a run of failures
     */
    public JenkinsHttp(URI root, HttpClient http, String user, Secret token, Duration timeout, int maxAttempts,
            Duration firstBackoff, Duration breakerOpen) {
        this.root = root;
        this.http = http;
        this.authorization = "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + token.reveal()).getBytes(StandardCharsets.UTF_8));
        this.timeout = timeout;
        this.crumbs = new CrumbCache(this::fetchCrumb);
        this.retryConfig = RetryConfig.<HttpResponse<String>>custom()
                .maxAttempts(maxAttempts)
                .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(Math.max(1, firstBackoff.toMillis()), 2.0, 0.5,
                        Math.max(firstBackoff.toMillis(), 10_000)))
                .retryOnResult(r -> TRANSIENT.contains(r.statusCode()))
                .retryOnException(e -> e instanceof MlopsBackendException m && m.retryable()
                        && !(e.getCause() instanceof CallNotPermittedException))
                .failAfterMaxAttempts(false)
                .build();
        this.breaker = CircuitBreaker.of("mlops-jenkins-" + root.getHost() + ":" + root.getPort(), CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(10).minimumNumberOfCalls(10).failureRateThreshold(100)
                .waitDurationInOpenState(breakerOpen).permittedNumberOfCallsInHalfOpenState(1)
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .recordException(e -> e instanceof MlopsBackendException m && m.retryable())
                .recordResult(r -> r instanceof HttpResponse<?> h && TRANSIENT.contains(h.statusCode()))
                .build());
    }

    /**
     * The Jenkins root URL.
     *
     * @return the root, ending in a slash
     */
    public URI root() {
        return root;
    }

    /**
     * A GET.
     *
     * @param path relative to the root, e.g. {@code job/x/api/json}
     * @return the response, whatever its status
     */
    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(resolve(path)).GET(), "GET", path, true);
    }

    /**
     * A GET answered with JSON.
     *
     * @param path relative to the root
     * @return the parsed body, or {@code null} when Jenkins answers 404
     */
    public JsonNode getJsonOrNull(String path) {
        HttpResponse<String> r = get(path);
        if (r.statusCode() == 404) {
            return null;
        }
        expect(r, "GET", path, 200);
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new MlopsBackendException("Jenkins answered GET " + path + " with a body that is not JSON", e,
                    Map.of("backend", "jenkins", "path", path), false);
        }
    }

    /**
     * A POST carrying the crumb; a 403 "No valid crumb" refreshes the crumb and retries once.
     *
     * @param path relative to the root
     * @param contentType the body's type
     * @param body the body
     * @return the response, whatever its status
     */
    public HttpResponse<String> post(String path, String contentType, String body) {
        return post(path, contentType, body, false);
    }

    /**
     * A POST carrying the crumb, as {@link #post(String, String, String)}, that may be repeated after a transient
     * failure when {@code repeatable} (creating an item that then already exists, replacing a config, deleting).
     *
     * @param path relative to the root
     * @param contentType the body's type
     * @param body the body
     * @param repeatable whether sending it twice does no harm
     * @return the response, whatever its status
     */
    public HttpResponse<String> post(String path, String contentType, String body, boolean repeatable) {
        HttpResponse<String> r = postOnce(path, contentType, body, crumbs.get(), repeatable);
        if (r.statusCode() == 403 && r.body() != null && r.body().contains("No valid crumb")) {
            LOG.debug("Jenkins rejected the crumb on POST {}; fetching a new one", path);
            r = postOnce(path, contentType, body, crumbs.refresh(), repeatable);
        }
        return r;
    }

    private HttpResponse<String> postOnce(String path, String contentType, String body, CrumbCache.Crumb crumb,
            boolean repeatable) {
        HttpRequest.Builder b = HttpRequest.newBuilder(resolve(path))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (crumb != null) {
            b.header(crumb.field(), crumb.value());
        }
        return send(b, "POST", path, repeatable);
    }

    /**
     * Throws unless the response has one of the expected statuses.
     *
     * @param r the response
     * @param method the method, for the message
     * @param path the path, for the message
     * @param expected the statuses that mean success
     */
    public void expect(HttpResponse<String> r, String method, String path, int... expected) {
        for (int e : expected) {
            if (r.statusCode() == e) {
                return;
            }
        }
        throw failure(r, method, path);
    }

    /**
     * The exception for an unexpected answer.
     *
     * @param r the response
     * @param method the method
     * @param path the path
     * @return the exception to throw
     */
    public RuntimeException failure(HttpResponse<String> r, String method, String path) {
        int s = r.statusCode();
        Map<String, String> ctx = Map.of("backend", "jenkins", "path", path, "status", Integer.toString(s));
        String what = "Jenkins answered " + method + " " + path + " with HTTP " + s;
        if (s == 401) {
            return new MlopsClientException(what + ": the user or API token is wrong; make a new token under"
                    + " the user's Configure > API Token", null, ctx);
        }
        if (s == 403) {
            return new MlopsClientException(what + ": the user lacks the permission for this call"
                    + " (Job/Create, Job/Configure, Job/Build or Job/Read)", null, ctx);
        }
        if (s >= 500 || s == 429) {
            return new MlopsBackendException(what + ": Jenkins is failing or overloaded; retry later", null, ctx,
                    true);
        }
        return new MlopsBackendException(what + ": " + summary(r.body()), null, ctx, false);
    }

    private static String summary(String body) {
        if (body == null || body.isBlank()) {
            return "(empty body)";
        }
        String oneLine = body.replaceAll("<[^>]*>", " ").replaceAll("\\s+", " ").trim();
        return oneLine.length() > 200 ? oneLine.substring(0, 200) + "…" : oneLine;
    }

    private HttpResponse<String> send(HttpRequest.Builder b, String method, String path, boolean repeatable) {
        java.util.function.Supplier<HttpResponse<String>> once = () -> guarded(b, method, path);
        if (!repeatable) {
            return once.get();
        }
        return Retry.of("jenkins " + method + " " + path, retryConfig).executeSupplier(once);
    }

    private HttpResponse<String> guarded(HttpRequest.Builder b, String method, String path) {
        try {
            return breaker.executeSupplier(() -> sendOnce(b, method, path));
        } catch (CallNotPermittedException e) {
            throw new MlopsBackendException("Jenkins at " + root + " failed repeatedly; calls to it pause for a while"
                    + " (circuit open) before " + method + " " + path + " is tried again; retry later", e,
                    Map.of("backend", "jenkins", "path", path), true);
        }
    }

    private HttpResponse<String> sendOnce(HttpRequest.Builder b, String method, String path) {
        HttpRequest request = b.copy().header("Authorization", authorization).header("Accept", "application/json, */*")
                .timeout(timeout).build();
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            LOG.debug("{} {} -> {}", method, path, r.statusCode());
            return r;
        } catch (IOException e) {
            throw new MlopsBackendException("Jenkins at " + root + " did not answer " + method + " " + path + ": "
                    + e.getClass().getSimpleName() + "; check that it is up and reachable", e,
                    Map.of("backend", "jenkins", "path", path), true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MlopsBackendException("interrupted while calling Jenkins " + method + " " + path, e,
                    Map.of("backend", "jenkins", "path", path), true);
        }
    }

    /**
     * Resolves a path against the root, refusing absolute URLs elsewhere (the credentials go only to Jenkins).
     *
     * @param path a relative path, or an absolute URL under the root
     * @return the URI
     */
    public URI resolve(String path) {
        URI u = root.resolve(path);
        if (!u.toString().startsWith(root.toString())) {
            throw new MlopsBackendException("Jenkins pointed to " + u + ", outside its root " + root
                    + "; refusing to send the credentials there (check the Jenkins URL setting)", null,
                    Map.of("backend", "jenkins", "url", u.toString()), false);
        }
        return u;
    }

    private CrumbCache.Crumb fetchCrumb() {
        JsonNode n = getJsonOrNull("crumbIssuer/api/json");
        if (n == null) {
            LOG.debug("Jenkins has no crumb issuer (CSRF protection off); sending POSTs without a crumb");
            return null;
        }
        String field = n.path("crumbRequestField").asText("");
        String value = n.path("crumb").asText("");
        if (field.isEmpty() || value.isEmpty()) {
            throw new MlopsBackendException("Jenkins' crumb issuer answered without crumbRequestField or crumb",
                    null, Map.of("backend", "jenkins", "path", "crumbIssuer/api/json"), false);
        }
        return new CrumbCache.Crumb(field, value);
    }
}
