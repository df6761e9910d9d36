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
    private final boolean exhausted;

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
        this(message, status, retryAfter, retryable, false, context, cause);
    }

    /**
     * Creates the exception, saying whether the client already retried it as often as it may.
     *
     * @param message what, where and why (never a token)
     * @param status the HTTP status, 0 when no answer came
     * @param retryAfter how long to wait, or {@code null}
     * @param retryable whether the same call may succeed later
     * @param exhausted whether the client's retries are used up (callers should not add theirs)
     * @param context structured details
     * @param cause the underlying failure, or {@code null}
     */
    public BitbucketApiException(String message, int status, Duration retryAfter, boolean retryable, boolean exhausted,
            Map<String, String> context, Throwable cause) {
        super(message, cause, context, retryable);
        this.status = status;
        this.retryAfter = retryAfter;
        this.exhausted = exhausted;
    }

    /**
     * Whether the client already retried as often as it may; a caller's own retry loop stops on it.
     *
     * @return whether the retries are used up
     */
    public boolean exhausted() {
        return exhausted;
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
