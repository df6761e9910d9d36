package dev.mlops.git.github;

/** Who can see a GitHub repository. {@link #INTERNAL} exists only for organisations on GitHub Enterprise. */
public enum Visibility {
    /** Anyone. */
    PUBLIC,
    /** Collaborators only. */
    PRIVATE,
    /** Members of the enterprise. */
    INTERNAL;

    /**
     * The API's spelling.
     *
     * @return {@code public}, {@code private} or {@code internal}
     */
    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
