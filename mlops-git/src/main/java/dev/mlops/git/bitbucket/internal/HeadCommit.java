package dev.mlops.git.bitbucket.internal;

import java.util.List;

/**
 * A branch's head as Bitbucket reports it.
 *
 * @param id the commit's hash
 * @param message its message
 * @param parents its parents' hashes
 */
public record HeadCommit(String id, String message, List<String> parents) {
    /** Copies the parents. */
    public HeadCommit {
        message = message == null ? "" : message;
        parents = List.copyOf(parents);
    }

    /**
     * Whether this is the commit a write made: same message (trailing newlines aside) on the given parent. How a
     * write whose answer was lost is recognised when it is retried.
     *
     * @param expectedMessage the message the write sent
     * @param parent the parent it named, {@code null} for a root commit
     * @return whether it matches
     */
    public boolean madeBy(String expectedMessage, String parent) {
        boolean sameParent = parent == null ? parents.isEmpty() : parents.equals(List.of(parent));
        return sameParent && message.strip().equals(expectedMessage.strip());
    }
}
