package dev.mlops.exception;

import java.util.Map;

/**
 * The request cannot be carried out as made: invalid input, a missing object, or a state that forbids it.
 * Retrying the same call does not help; change the call or the state first.
 */
public class MlopsClientException extends MlopsException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates a client exception.
     *
     * @param message what, where and why
     */
    public MlopsClientException(String message) {
        this(message, null, Map.of());
    }

    /**
     * Creates a client exception with structured context.
     *
     * @param message what, where and why
     * @param cause the underlying failure, or {@code null}
     * @param context structured details
     */
    public MlopsClientException(String message, Throwable cause, Map<String, String> context) {
        super(message, cause, context, false);
    }
}
