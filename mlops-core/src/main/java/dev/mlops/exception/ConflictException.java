package dev.mlops.exception;

import java.util.List;
import java.util.Map;

/**
 * The call conflicts with what exists: a project of that name made from another template, a commit built on a
 * head that moved. The message lists the differences and says how to go on.
 */
public class ConflictException extends MlopsClientException {
    private static final long serialVersionUID = 1L;

    /** The differences between the call and what exists, one per entry, unmodifiable. */
    private final List<String> differences;

    /**
     * Makes the exception.
     *
     * @param message what conflicts, and what to do instead
     * @param differences the differences, one per entry
     * @param context identifiers (project, repository, …)
     */
    public ConflictException(String message, List<String> differences, Map<String, String> context) {
        super(message + (differences.isEmpty() ? "" : ":\n  - " + String.join("\n  - ", differences)), null, context);
        this.differences = List.copyOf(differences);
    }

    /**
     * The differences.
     *
     * @return one entry per difference, e.g. {@code pipeline modeldeploy: stage LoadTest added}
     */
    public List<String> differences() {
        return differences;
    }
}
