package dev.mlops.git.bitbucket.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.exception.ConflictException;
import dev.mlops.exception.MlopsClientException;
import dev.mlops.exception.MlopsException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP client both Bitbucket components share, on the JDK's client: jittered exponential backoff on 5xx, resets
 * and timeouts, {@code Retry-After} honoured on 429 (capped at the longest wait), a circuit breaker per host
 * (shared by every client of that host in the JVM), and errors mapped to the SDK's exceptions. The
 * {@code Authorization} value comes from a supplier at send time and appears in no log or message.
 */
public final class BitbucketHttp {
    private static final Logger LOG = LoggerFactory.getLogger(BitbucketHttp.class);
    private static final Map<String, CircuitBreaker> BREAKERS = new ConcurrentHashMap<>();

    private final String hostName;
    private final URI root;
    private final Supplier<String> authorization;
    private final Resilience resilience;
    private final HttpClient http;
    private final CircuitBreaker breaker;
    private final Retry idempotentRetry;
    private final Retry rateLimitRetry;

    /**
     * A client.
     *
     * @param hostName the host's name in messages, e.g. {@code Bitbucket Cloud}
     * @param root the API root, e.g. {@code https://api.bitbucket.org/2.0}
     * @param authorization the {@code Authorization} header's value, computed at send time
     * @param resilience retries and timeouts
     */
    public BitbucketHttp(String hostName, URI root, Supplier<String> authorization, Resilience resilience) {
        this.hostName = hostName;
        this.root = root;
        this.authorization = authorization;
        this.resilience = resilience;
        this.http = HttpClient.newBuilder().connectTimeout(resilience.requestTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        String key = root.getScheme() + "://" + root.getAuthority();
        this.breaker = BREAKERS.computeIfAbsent(key, k -> CircuitBreaker.of("bitbucket " + k,
                CircuitBreakerConfig.custom().slidingWindowSize(20).minimumNumberOfCalls(10)
                        .failureRateThreshold(60).waitDurationInOpenState(Duration.ofSeconds(30))
                        // A rate limit is the host working as designed, not failing.
                        .recordException(t -> t instanceof MlopsException m && m.retryable()
                                && !(t instanceof BitbucketApiException b && b.status() == 429)).build()));
        IntervalBiFunction<Object> interval = (attempt, either) -> {
            long cap = resilience.maxWait().toMillis();
            if (either != null && either.isLeft() && either.getLeft() instanceof BitbucketApiException b
                    && b.retryAfter().isPresent()) {
                return Math.min(cap, b.retryAfter().get().toMillis());
            }
            long backoff = Math.min(cap, resilience.firstBackoff().toMillis() * (1L << Math.min(attempt - 1, 20)));
            return backoff / 2 + ThreadLocalRandom.current().nextLong(backoff / 2 + 1);
        };
        this.idempotentRetry = Retry.of("bitbucket " + key, RetryConfig.custom()
                .maxAttempts(resilience.maxAttempts()).intervalBiFunction(interval)
                .retryOnException(t -> t instanceof BitbucketApiException b && b.retryable()).build());
        this.rateLimitRetry = Retry.of("bitbucket " + key + " writes", RetryConfig.custom()
                .maxAttempts(resilience.maxAttempts()).intervalBiFunction(interval)
                .retryOnException(t -> t instanceof BitbucketApiException b && b.status() == 429).build());
    }

    /**
     * The API root.
     *
     * @return the root
     */
    public URI root() {
        return root;
    }

    /**
     * The circuit breaker of this client's host.
     *
     * @return the breaker
     */
    public CircuitBreaker breaker() {
        return breaker;
    }

    /**
     * Sends a call, retrying as the call allows.
     *
     * @param call the call
     * @return the answer: a 2xx or one of the call's accepted statuses
     * @throws BitbucketApiException for a transient failure that outlasted the retries, or an open circuit
     * @throws MlopsClientException for a refused token, a missing permission or a bad request
     * @throws ConflictException for a 409 the call does not accept
     */
    public HttpAnswer send(HttpCall call) {
        Retry retry = call.idempotent() ? idempotentRetry : rateLimitRetry;
        try {
            return retry.executeSupplier(() -> breaker.executeSupplier(() -> once(call)));
        } catch (BitbucketApiException e) {
            if (e.retryable() && (call.idempotent() || e.status() == 429)) {
                throw new BitbucketApiException(e.getMessage() + " (gave up after " + resilience.maxAttempts()
                        + " attempts)", e.status(), e.retryAfter().orElse(null), true, true, e.context(), e);
            }
            throw e;
        } catch (CallNotPermittedException e) {
            throw new BitbucketApiException(hostName + " at " + root.getAuthority() + " is failing; its circuit"
                    + " breaker is open, so " + call + " was not sent. Retry in a minute", 0, null, true, true,
                    Map.of("host", root.getAuthority()), e);
        }
    }

    private HttpAnswer once(HttpCall call) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(root + call.path()))
                .timeout(resilience.requestTimeout())
                .header("Authorization", authorization.get())
                .header("Accept", "application/json")
                .header("User-Agent", "mlops-projects");
        if (call.body() != null) {
            b.header("Content-Type", call.contentType());
            if (!call.contentType().startsWith("application/json")) {
                // Data Center's XSRF check refuses form and multipart writes without it.
                b.header("X-Atlassian-Token", "no-check");
            }
            b.method(call.method(), HttpRequest.BodyPublishers.ofByteArray(call.body()));
        } else {
            b.method(call.method(), HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<byte[]> r;
        try {
            r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            LOG.debug("{} {} failed: {}", hostName, call, e.toString());
            throw new BitbucketApiException(hostName + ": " + call + " got no answer (" + e.getClass().getSimpleName()
                    + ")", 0, null, true, Map.of("host", root.getAuthority()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BitbucketApiException(hostName + ": interrupted during " + call, 0, null, false, Map.of(), e);
        }
        HttpAnswer a = new HttpAnswer(r.statusCode(), r.headers(), r.body());
        int s = a.status();
        LOG.debug("{} {} -> {}", hostName, call, s);
        if ((s >= 200 && s < 300) || call.accepted().contains(s)) {
            return a;
        }
        throw error(call, a);
    }

    private RuntimeException error(HttpCall call, HttpAnswer a) {
        int s = a.status();
        String said = message(a);
        Map<String, String> ctx = Map.of("host", root.getAuthority(), "call", call.toString(), "status",
                String.valueOf(s));
        String what = hostName + " answered " + s + " to " + call + (said.isEmpty() ? "" : " (\"" + said + "\")");
        if (s == 401) {
            return new MlopsClientException(what + ": the credentials were refused; check the token (and the user"
                    + " or email it goes with) and that it grants " + call.permission(), null, ctx);
        }
        if (s == 403) {
            return new MlopsClientException(what + ": the token lacks the permission this needs: "
                    + call.permission(), null, ctx);
        }
        if (s == 409) {
            return new ConflictException(what, List.of(said), ctx);
        }
        if (s == 429) {
            Duration wait = retryAfter(a);
            return new BitbucketApiException(what + ": rate limited" + (wait == null ? "" : ", asked to wait "
                    + wait.toSeconds() + " s"), s, wait, true, ctx, null);
        }
        if (s >= 500) {
            return new BitbucketApiException(what, s, retryAfter(a), true, ctx, null);
        }
        return new MlopsClientException(what, null, ctx);
    }

    /** Cloud's {@code error.message} or Data Center's {@code errors[0].message}. */
    private static String message(HttpAnswer a) {
        try {
            JsonNode n = a.json();
            if (n.path("error").hasNonNull("message")) {
                return n.path("error").path("message").asText();
            }
            if (n.path("errors").isArray() && n.path("errors").size() > 0) {
                return n.path("errors").get(0).path("message").asText();
            }
        } catch (BitbucketApiException notJson) {
            // a proxy's HTML page: no message to quote
        }
        return "";
    }

    private static Duration retryAfter(HttpAnswer a) {
        String v = a.header("Retry-After").orElse(null);
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(v.trim())));
        } catch (NumberFormatException notSeconds) {
            try {
                Duration d = Duration.between(ZonedDateTime.now(),
                        ZonedDateTime.parse(v.trim(), DateTimeFormatter.RFC_1123_DATE_TIME));
                return d.isNegative() ? Duration.ZERO : d;
            } catch (RuntimeException unparsable) {
                return null;
            }
        }
    }
}
