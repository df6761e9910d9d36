package dev.mlops.exception;

import java.util.Map;

/**
 * The chosen backend cannot do what was asked. The message says what and names the alternative
 * (another backend, another template, or another call).
 */
public class UnsupportedByBackendException extends MlopsClientException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param backend the backend's name
     * @param what what it cannot do
     * @param instead what to use instead
     */
    public UnsupportedByBackendException(String backend, String what, String instead) {
        super("The " + backend + " backend cannot " + what + "; " + instead, null,
                Map.of("backend", backend));
    }
}
