package dev.mlops.aws.internal.repositories;

import dev.mlops.exception.ValidationException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CodeCommit's limits on one {@code CreateCommit}: at most {@value #MAX_FILE_BYTES} bytes per file, at most
 * {@value #MAX_ENTRIES} file entries per commit, and (this backend's bound, below the service's limit on the
 * combined size of a commit's changes) at most {@value #MAX_COMMIT_BYTES} bytes of content per commit. A user's commit
 * is checked and refused as a whole, since splitting it would not be atomic; seed code is split into as few commits
 * as fit.
 */
final class CommitLimits {
    /** CodeCommit's limit on one file's content in {@code CreateCommit} (6 MB). */
    static final int MAX_FILE_BYTES = 6 * 1024 * 1024;
    /** CodeCommit's limit on the file entries of one commit. */
    static final int MAX_ENTRIES = 100;
    /** The content this backend sends in one commit at most. */
    static final long MAX_COMMIT_BYTES = 6L * 1024 * 1024;

    private CommitLimits() {
    }

    /**
     * Checks one commit's files (a {@code null} content deletes).
     *
     * @param repository the repository, for the message
     * @param files path to content
     * @throws ValidationException naming the file or the count and the limit
     */
    static void check(String repository, Map<String, byte[]> files) {
        long total = 0;
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            checkFile(repository, f.getKey(), f.getValue());
            total += f.getValue() == null ? 0 : f.getValue().length;
        }
        if (files.size() > MAX_ENTRIES) {
            throw new ValidationException("Repository.commit.files", files.size() + " files",
                    "at most " + MAX_ENTRIES + " files per commit to " + repository + " (CodeCommit's limit on one"
                            + " CreateCommit); commit them in several commits, or push them with git");
        }
        if (total > MAX_COMMIT_BYTES) {
            throw new ValidationException("Repository.commit.files", total + " bytes",
                    "at most " + MAX_COMMIT_BYTES + " bytes of content per commit to " + repository + " (CodeCommit"
                            + " limits the combined size of one CreateCommit); commit in several commits, or push with git");
        }
    }

    /**
     * Splits seed files into commits that each fit the limits, keeping their order.
     *
     * @param repository the repository, for the message
     * @param files path to content
     * @return the batches, at least one
     * @throws ValidationException if one file alone is too large
     */
    static List<Map<String, byte[]>> split(String repository, Map<String, byte[]> files) {
        List<Map<String, byte[]>> batches = new ArrayList<>();
        Map<String, byte[]> batch = new LinkedHashMap<>();
        long size = 0;
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            checkFile(repository, f.getKey(), f.getValue());
            int n = f.getValue().length;
            if (!batch.isEmpty() && (batch.size() == MAX_ENTRIES || size + n > MAX_COMMIT_BYTES)) {
                batches.add(batch);
                batch = new LinkedHashMap<>();
                size = 0;
            }
            batch.put(f.getKey(), f.getValue());
            size += n;
        }
        if (!batch.isEmpty() || batches.isEmpty()) {
            batches.add(batch);
        }
        return batches;
    }

    private static void checkFile(String repository, String path, byte[] content) {
        if (content != null && content.length > MAX_FILE_BYTES) {
            throw new ValidationException("Repository.commit.files", path + " (" + content.length + " bytes)",
                    "at most " + MAX_FILE_BYTES + " bytes per file in a commit to " + repository + " (CodeCommit's"
                            + " limit on CreateCommit); push a file this large with git, or keep it in the artifact store");
        }
    }
}
