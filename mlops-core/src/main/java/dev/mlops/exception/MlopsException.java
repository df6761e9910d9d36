package dev.mlops.exception;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Root of every exception this SDK throws. Unchecked, so that calls read as plain Java.
 *
 * <p>Two branches tell who has to act: {@link MlopsClientException} when the caller's input or the
 * project's state forbids the request (fix the call), {@link MlopsBackendException} when a backend failed
 * (a store, a process, a remote service). {@link #retryable()} says whether the same call may succeed
 * if simply tried again. {@link #context()} carries structured details (project, stage, field, …) so that
 * tools can act on them without parsing the message.
 */
public abstract class MlopsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Structured details (project, stage, field, …), unmodifiable; kept when the exception is serialized. */
    private final Map<String, String> context;
    /** Whether the same call may succeed if tried again. */
    private final boolean retryable;

    /**
     * Creates an exception.
     *
     * @param message what went wrong, where, and why
     * @param cause the underlying failure, or {@code null}
     * @param context structured details; copied
     * @param retryable whether retrying the same call may succeed
     */
    protected MlopsException(String message, Throwable cause, Map<String, String> context, boolean retryable) {
        super(message, cause);
        this.context = Collections.unmodifiableMap(new LinkedHashMap<>(context == null ? Map.of() : context));
        this.retryable = retryable;
    }

    /**
     * Structured details of the failure, such as {@code project}, {@code field} or {@code stage}.
     *
     * @return an unmodifiable map, never {@code null}
     */
    public Map<String, String> context() {
        return context;
    }

    /**
     * Whether the same call may succeed if it is simply made again (a lock held by another process,
     * a throttled service), as opposed to a failure that needs a change first.
     *
     * @return {@code true} if a retry can help
     */
    public boolean retryable() {
        return retryable;
    }
}
