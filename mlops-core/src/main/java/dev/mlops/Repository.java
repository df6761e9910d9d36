package dev.mlops;

import java.net.URI;
import java.util.Map;

/** A project's source repository, such as {@code sagemaker-<name>-<id>-modelbuild}. */
public interface Repository {

    /**
     * The full name.
     *
     * @return the name
     */
    String name();

    /**
     * The role, e.g. {@code modelbuild}.
     *
     * @return the role
     */
    String role();

    /**
     * The tracked branch.
     *
     * @return e.g. {@code main}
     */
    String branch();

    /**
     * Where to clone it from (a {@code file:} URI on the embedded backend).
     *
     * @return the clone URI
     */
    URI cloneUri();

    /**
     * The tracked branch's head commit.
     *
     * @return the commit id
     */
    String headCommit();

    /**
     * Commits files to the tracked branch as one commit, as a push would; this starts the pipelines that
     * track the repository.
     *
     * @param message the commit message
     * @param files relative path to new content; a {@code null} content deletes the file
     * @return the new commit id
     */
    String commit(String message, Map<String, String> files);

    /**
     * Commits files on top of an expected head: if the branch moved since (someone else pushed), the commit is
     * refused with a {@link dev.mlops.exception.ConflictException} instead of silently stacking on their change.
     *
     * @param message the commit message
     * @param files relative path to content; {@code null} deletes
     * @param expectedHead the head the change was built on
     * @return the new commit id
     * @throws dev.mlops.exception.ConflictException if the branch moved past {@code expectedHead}; nothing is
     *     committed: fetch the new head, redo the change on it and commit again
     */
    String commit(String message, Map<String, String> files, String expectedHead);
}
