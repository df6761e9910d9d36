package dev.mlops.exception;

import java.util.Map;

/** A named object (project, model version, execution, gate, endpoint) does not exist. */
public class NotFoundException extends MlopsClientException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param kind what was looked for, e.g. {@code "model version"}
     * @param id its name or identifier
     * @param hint where to look or what to call instead; may be empty
     */
    public NotFoundException(String kind, String id, String hint) {
        super(kind + " '" + id + "' does not exist" + (hint == null || hint.isEmpty() ? "" : ": " + hint),
                null, Map.of("kind", kind, "id", id));
    }
}
