package dev.mlops.git.github.internal;

import dev.mlops.exception.MlopsBackendException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * GitHub answered with an error that is not the caller's to fix: a server error, a primary or secondary rate limit.
 * {@link #retryAfter()} says how long GitHub asked to wait, when it said.
 */
public final class GitHubApiException extends MlopsBackendException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final Duration retryAfter;

    /**
     * Creates the exception.
     *
     * @param message what, where and why (never a token)
     * @param status the HTTP status, or 0 when no answer came
     * @param retryAfter how long to wait before retrying, or {@code null} if GitHub did not say
     * @param retryable whether the same call may succeed later
     * @param context structured details
     * @param cause the underlying failure, or {@code null}
     */
    public GitHubApiException(String message, int status, Duration retryAfter, boolean retryable,
            Map<String, String> context, Throwable cause) {
        super(message, cause, context, retryable);
        this.status = status;
        this.retryAfter = retryAfter;
    }

    /**
     * The HTTP status.
     *
     * @return the status, or 0 when no answer came
     */
    public int status() {
        return status;
    }

    /**
     * How long GitHub asked to wait ({@code retry-after}, or until {@code x-ratelimit-reset}).
     *
     * @return the wait, if GitHub gave one
     */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
