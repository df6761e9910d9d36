package dev.mlops.local.internal;

import dev.mlops.exception.MlopsClientException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Paths that come from a repository tree, a template or a name, checked to stay inside their root before anything
 * is written: relative, with no empty, {@code .} or {@code ..} segment, no {@code .git} segment, no backslash or
 * colon, and inside the root once normalized; and no symbolic link on the way from the root.
 */
final class ContainedPaths {
    private ContainedPaths() {
    }

    /**
     * Resolves a '/'-separated relative path under a root.
     *
     * @param root the directory the path must stay in
     * @param relative the path, e.g. a git tree entry's path or a configuration file name
     * @param what what the path is, for the message (e.g. "commit 1a2b3c4 of repository x")
     * @return the resolved path, inside {@code root}
     * @throws MlopsClientException naming the path if it would leave the root
     */
    static Path resolve(Path root, String relative, String what) {
        String reason = reason(relative);
        Path base = root.toAbsolutePath().normalize();
        Path out = null;
        if (reason == null) {
            out = base.resolve(relative).normalize();
            if (!out.startsWith(base) || out.equals(base)) {
                reason = "it resolves to " + out + ", outside " + base;
            }
        }
        if (reason != null) {
            throw new MlopsClientException("The path '" + relative + "' of " + what + " leaves its directory " + base
                    + " (" + reason + "); nothing was written", null, Map.of("path", String.valueOf(relative)));
        }
        return out;
    }

    /** Why a relative path is refused, or null. */
    private static String reason(String p) {
        if (p == null || p.isEmpty()) {
            return "it is empty";
        }
        if (p.startsWith("/") || p.indexOf('\\') >= 0 || p.indexOf(':') >= 0 || p.indexOf('\0') >= 0) {
            return "it is absolute or holds '\\', ':' or NUL";
        }
        for (String segment : p.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return "it has a segment '" + segment + "'";
            }
            if (segment.toLowerCase(Locale.ROOT).equals(".git")) {
                return "it has a .git segment";
            }
        }
        return null;
    }

    /**
     * Checks that no directory between the root and a path's parent is a symbolic link (which could lead the write
     * elsewhere), once the parents exist.
     *
     * @param root the root
     * @param p a path resolved by {@link #resolve}
     * @param what what the path is, for the message
     * @throws MlopsClientException naming the link
     * @throws IOException if a directory cannot be read
     */
    static void noLinks(Path root, Path p, String what) throws IOException {
        Path base = root.toAbsolutePath().normalize();
        Path rel = base.relativize(p);
        Path cur = base;
        for (int i = 0; i < rel.getNameCount(); i++) {
            cur = cur.resolve(rel.getName(i));
            if (Files.isSymbolicLink(cur)) {
                throw new MlopsClientException("The path " + base.relativize(p) + " of " + what + " goes through the"
                        + " symbolic link " + cur + "; nothing is written through links", null,
                        Map.of("path", base.relativize(p).toString()));
            }
            if (!Files.exists(cur, LinkOption.NOFOLLOW_LINKS)) {
                return;
            }
        }
    }
}
