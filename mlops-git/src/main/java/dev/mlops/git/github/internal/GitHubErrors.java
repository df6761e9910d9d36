package dev.mlops.git.github.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.exception.MlopsClientException;
import dev.mlops.exception.MlopsException;
import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Turns a GitHub error answer into the SDK's exceptions: a token without the scope an operation needs is a client
 * error naming the missing scope; rate limits (primary and secondary) and server errors are retryable, with the
 * wait GitHub asked for. Messages carry the method, the path and GitHub's own message, never the token.
 */
public final class GitHubErrors {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** GitHub's advice when a secondary limit comes without {@code retry-after}: wait at least a minute. */
    static final Duration SECONDARY_LIMIT_DEFAULT_WAIT = Duration.ofSeconds(60);

    private final Clock clock;

    /**
     * Creates the mapper.
     *
     * @param clock the clock that {@code x-ratelimit-reset} is measured against
     */
    public GitHubErrors(Clock clock) {
        this.clock = clock;
    }

    /**
     * The exception for an error answer.
     *
     * @param method the HTTP method
     * @param path the API path
     * @param status the status, 400 or above
     * @param headers the answer's headers
     * @param body the answer's body, possibly empty
     * @return the exception to throw
     */
    public MlopsException map(String method, String path, int status, HttpHeaders headers, String body) {
        return map(method, path, status, headers, body, null);
    }

    /**
     * The exception for an error answer to a call that needs a known classic scope: a 403 or 404 from a token whose
     * {@code x-oauth-scopes} lack it names the scope even when GitHub sends no {@code x-accepted-oauth-scopes}.
     *
     * @param method the HTTP method
     * @param path the API path
     * @param status the status, 400 or above
     * @param headers the answer's headers
     * @param body the answer's body, possibly empty
     * @param neededScopes the classic scopes any one of which allows the call, or {@code null}
     * @return the exception to throw
     */
    public MlopsException map(String method, String path, int status, HttpHeaders headers, String body,
            Set<String> neededScopes) {
        String message = githubMessage(body);
        Map<String, String> context = new LinkedHashMap<>();
        context.put("host", "github");
        context.put("request", method + " " + path);
        context.put("status", Integer.toString(status));
        String where = method + " " + path + " answered " + status + (message.isEmpty() ? "" : " \"" + message + "\"");

        if (status == 403 || status == 429) {
            Duration wait = rateLimitWait(status, headers, message);
            if (wait != null) {
                context.put("retryAfterSeconds", Long.toString(wait.toSeconds()));
                boolean primary = headers.firstValue("x-ratelimit-remaining").map("0"::equals).orElse(false)
                        && headers.firstValue("retry-after").isEmpty();
                String kind = primary ? "primary rate limit exhausted" : "secondary rate limit";
                String resets = primary ? " (resets at " + clock.instant().plus(wait).truncatedTo(
                        java.time.temporal.ChronoUnit.SECONDS) + ")" : "";
                return new GitHubApiException("GitHub " + kind + ": " + where + "; retry after " + wait.toSeconds()
                        + " s" + resets, status, wait, true, context, null);
            }
        }
        if (status == 401) {
            return new MlopsClientException("GitHub rejected the token: " + where
                    + "; pass a valid personal access token or app installation token", null, context);
        }
        if (status == 403 || status == 404) {
            Set<String> accepted = scopes(headers, "x-accepted-oauth-scopes");
            Set<String> granted = scopes(headers, "x-oauth-scopes");
            if (accepted.isEmpty() && neededScopes != null && headers.firstValue("x-oauth-scopes").isPresent()) {
                // Classic tokens report their scopes; fine-grained tokens do not, and fall through to the generic text.
                accepted = new TreeSet<>(neededScopes);
            }
            if (!accepted.isEmpty() && accepted.stream().noneMatch(granted::contains)) {
                String need = String.join(" or ", accepted);
                context.put("missingScope", need);
                context.put("grantedScopes", String.join(",", granted));
                return new MlopsClientException("GitHub token lacks the scope for " + method + " " + path
                        + ": it needs " + need + " and has " + (granted.isEmpty() ? "none" : String.join(", ", granted))
                        + "; grant the token the scope " + need, null, context);
            }
            if (status == 403) {
                return new MlopsClientException("GitHub refused " + where
                        + "; check the token's permissions on this owner and repository", null, context);
            }
            return new MlopsClientException("GitHub has no such resource: " + where
                    + " (a token without access also sees 404)", null, context);
        }
        if (status >= 500) {
            return new GitHubApiException("GitHub failed: " + where, status, null, true, context, null);
        }
        return new MlopsClientException("GitHub refused " + where + errorDetails(body), null, context);
    }

    /** The wait for a rate-limited answer, or {@code null} if it is not one. */
    private Duration rateLimitWait(int status, HttpHeaders headers, String message) {
        var retryAfter = headers.firstValueAsLong("retry-after");
        if (retryAfter.isPresent()) {
            return Duration.ofSeconds(Math.max(0, retryAfter.getAsLong()));
        }
        boolean exhausted = headers.firstValue("x-ratelimit-remaining").map("0"::equals).orElse(false);
        if (exhausted) {
            var reset = headers.firstValueAsLong("x-ratelimit-reset");
            if (reset.isPresent()) {
                Duration d = Duration.between(clock.instant(), Instant.ofEpochSecond(reset.getAsLong()));
                return d.isNegative() ? Duration.ZERO : d;
            }
            return SECONDARY_LIMIT_DEFAULT_WAIT;
        }
        if (status == 429 || message.toLowerCase(Locale.ROOT).contains("secondary rate limit")) {
            return SECONDARY_LIMIT_DEFAULT_WAIT;
        }
        return null;
    }

    private static Set<String> scopes(HttpHeaders headers, String name) {
        return headers.firstValue(name).map(v -> Arrays.stream(v.split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toCollection(TreeSet::new)))
                .orElseGet(TreeSet::new);
    }

    private static String githubMessage(String body) {
        JsonNode node = parse(body);
        return node != null && node.hasNonNull("message") ? node.get("message").asText() : "";
    }

    private static String errorDetails(String body) {
        JsonNode node = parse(body);
        if (node == null || !node.has("errors") || !node.get("errors").isArray()) {
            return "";
        }
        List<String> parts = new java.util.ArrayList<>();
        for (JsonNode e : node.get("errors")) {
            parts.add(e.hasNonNull("message") ? e.get("message").asText()
                    : e.path("resource").asText() + "." + e.path("field").asText() + " " + e.path("code").asText());
        }
        return ": " + String.join("; ", parts);
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(body);
        } catch (java.io.IOException e) {
            return null;
        }
    }
}
