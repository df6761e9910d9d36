package dev.mlops.git.github.internal;

import dev.mlops.git.github.Visibility;

/**
 * The outcome of ensuring a repository: the repository, and whether this call created it or adopted one that
 * already existed (an adopted repository keeps its own visibility, which may differ from the one asked for).
 *
 * @param repository the repository
 * @param created {@code true} if created by this call, {@code false} if adopted
 * @param requestedVisibility the visibility that was asked for
 */
public record EnsuredRepository(GitHubRepository repository, boolean created, Visibility requestedVisibility) {

    /**
     * Whether an adopted repository's visibility differs from the one asked for.
     *
     * @return {@code true} if it differs
     */
    public boolean visibilityDiffers() {
        return repository.visibility() != requestedVisibility;
    }

    /**
     * One line for a plan or a log: created or adopted, and the visibility.
     *
     * @return the description
     */
    public String describe() {
        return (created ? "created " : "adopted existing ") + repository.fullName() + " ("
                + repository.visibility().wire() + (visibilityDiffers() ? ", asked for " + requestedVisibility.wire() : "")
                + ")";
    }
}
