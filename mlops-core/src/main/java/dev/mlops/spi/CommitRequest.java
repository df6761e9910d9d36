package dev.mlops.spi;

import dev.mlops.exception.ValidationException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A commit to a repository's tracked branch, as a push would make it.
 *
 * @param message the commit message
 * @param files relative path to new content; a {@code null} content deletes the file. Paths are checked: relative,
 *     with no {@code .} or {@code ..} segment, no backslash and no {@code .git} segment
 * @param expectedHead the head the caller built on; if the branch moved since, the commit is refused instead of
 *     silently stacking on someone else's change
 */
public record CommitRequest(String message, Map<String, String> files, Optional<String> expectedHead) {
    /**
     * Checks the message and the files and copies the files; a blank message, no file or an unsafe path is a
     * {@link dev.mlops.exception.ValidationException} naming the field.
     *
     * @param message the commit message
     * @param files relative path to new content; a {@code null} content deletes the file. Paths are checked: relative,
     *     with no {@code .} or {@code ..} segment, no backslash and no {@code .git} segment
     * @param expectedHead the head the caller built on; if the branch moved since, the commit is refused instead of
     *     silently stacking on someone else's change
     */
    public CommitRequest {
        if (message == null || message.isBlank()) {
            throw new ValidationException("Repository.commit.message", message, "a non-blank commit message");
        }
        if (files == null || files.isEmpty()) {
            throw new ValidationException("Repository.commit.files", files, "at least one file to add, change or delete");
        }
        for (String path : files.keySet()) {
            checkPath(path);
        }
        files = Collections.unmodifiableMap(new LinkedHashMap<>(files));
        expectedHead = expectedHead == null ? Optional.empty() : expectedHead;
    }

    private static void checkPath(String path) {
        String rule = "a relative path with '/' separators and no empty, '.', '..' or '.git' segment";
        if (path == null || path.isEmpty() || path.startsWith("/") || path.contains("\\") || path.contains("\0")
                || path.length() > 4096) {
            throw new ValidationException("Repository.commit.files", path, rule);
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..") || segment.equalsIgnoreCase(".git")) {
                throw new ValidationException("Repository.commit.files", path, rule);
            }
        }
    }
}
