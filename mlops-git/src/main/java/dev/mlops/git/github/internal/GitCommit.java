package dev.mlops.git.github.internal;

import java.util.List;

/**
 * A git commit object as GitHub's Git Data API returns it.
 *
 * @param sha the commit's id
 * @param message the message
 * @param tree the root tree's id
 * @param parents the parents' ids
 */
public record GitCommit(String sha, String message, String tree, List<String> parents) {
    /**
     * Copies the parents.
     *
     * @param sha the commit's id
     * @param message the message
     * @param tree the root tree's id
     * @param parents the parents' ids
     */
    public GitCommit {
        parents = List.copyOf(parents);
    }
}
