package dev.mlops.exception;

import java.util.Map;

/**
 * The object exists but its current state forbids the request, such as approving a model version that was
 * already approved or deciding a gate that is no longer pending.
 */
public class IllegalStateTransitionException extends MlopsClientException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what, where, the current state and why it forbids the request
     * @param context structured details
     */
    public IllegalStateTransitionException(String message, Map<String, String> context) {
        super(message, null, context);
    }
}
