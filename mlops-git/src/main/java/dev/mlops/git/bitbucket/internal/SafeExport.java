package dev.mlops.git.bitbucket.internal;

import dev.mlops.exception.MlopsBackendException;
import dev.mlops.exception.ValidationException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes a commit's files into a directory, refusing (before anything is written) an entry that would leave it: an
 * absolute name, a {@code .} or {@code ..} segment, a backslash, a NUL or a {@code .git} segment. Links are written
 * as plain files holding their target, never followed.
 */
public final class SafeExport {
    private SafeExport() {
    }

    /**
     * Checks every path, then writes the files.
     *
     * @param host where the files come from, for messages
     * @param files path to content
     * @param target an existing directory
     * @throws ValidationException if the target is not a directory
     * @throws MlopsBackendException if the host served a path that would leave the target
     */
    public static void write(String host, Map<String, byte[]> files, Path target) {
        if (target == null || !Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new ValidationException("export.target", target, "an existing directory");
        }
        Path root = target.toAbsolutePath().normalize();
        for (String path : files.keySet()) {
            check(host, root, path);
        }
        try {
            for (Map.Entry<String, byte[]> e : files.entrySet()) {
                Path file = root.resolve(e.getKey());
                Files.createDirectories(file.getParent());
                Files.write(file, e.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the export into " + root, e);
        }
    }

    private static void check(String host, Path root, String path) {
        boolean bad = path == null || path.isEmpty() || path.startsWith("/") || path.contains("\\")
                || path.contains("\0");
        if (!bad) {
            for (String seg : path.split("/", -1)) {
                bad |= seg.isEmpty() || seg.equals(".") || seg.equals("..") || seg.equalsIgnoreCase(".git");
            }
        }
        if (bad || !root.resolve(path).normalize().startsWith(root)) {
            throw new MlopsBackendException(host + " served a file named '" + path + "', which would be written"
                    + " outside the export directory; nothing was exported", null);
        }
    }
}
