package dev.mlops.exception;

import java.util.Map;

/**
 * A backend failed while carrying out a valid request: the state store, a pipeline step, an endpoint,
 * a remote service. {@link #retryable()} tells whether trying again may help.
 */
public class MlopsBackendException extends MlopsException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates a backend exception.
     *
     * @param message what, where and why
     * @param cause the underlying failure, or {@code null}
     * @param context structured details (backend, project, stage, …)
     * @param retryable whether retrying may help
     */
    public MlopsBackendException(String message, Throwable cause, Map<String, String> context, boolean retryable) {
        super(message, cause, context, retryable);
    }

    /**
     * Creates a non-retryable backend exception.
     *
     * @param message what, where and why
     * @param cause the underlying failure, or {@code null}
     */
    public MlopsBackendException(String message, Throwable cause) {
        this(message, cause, Map.of(), false);
    }
}
