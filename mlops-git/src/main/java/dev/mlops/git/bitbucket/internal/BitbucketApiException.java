package dev.mlops.git.bitbucket.internal;

import dev.mlops.exception.MlopsBackendException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Bitbucket failed in a way that is not the caller's to fix: a server error, a rate limit, a reset connection or a
 * timeout. {@link #retryAfter()} is how long Bitbucket asked to wait, when it said.
 */
public final class BitbucketApiException extends MlopsBackendException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final transient Duration retryAfter;

    /**
     * Creates the exception.
     *
     * @param message what, where and why (never a token)
     * @param status the HTTP status, 0 when no answer came
     * @param retryAfter how long to wait, or {@code null}
     * @param retryable whether the same call may succeed later
     * @param context structured details
     * @param cause the underlying failure, or {@code null}
     */
    public BitbucketApiException(String message, int status, Duration retryAfter, boolean retryable,
            Map<String, String> context, Throwable cause) {
        super(message, cause, context, retryable);
        this.status = status;
        this.retryAfter = retryAfter;
    }

    /**
     * The HTTP status.
     *
     * @return the status, 0 when no answer came
     */
    public int status() {
        return status;
    }

    /**
     * How long Bitbucket asked to wait ({@code Retry-After}).
     *
     * @return the wait, if given
     */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
