package dev.mlops.local.internal;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The one rule for the environment of every process the embedded backend starts to run user code: the child JVM
 * that runs repository code, a command stage's program and a test stage's command. Such a process never inherits
 * the leading process's environment (its credentials, tokens, {@code MLOPS_HOME}, {@code JAVA_TOOL_OPTIONS}): it
 * starts empty and gets only the {@link #INHERITED} variables, a sandbox {@code HOME} and {@code TMPDIR}, and what
 * the caller adds on top (the stage's variables).
 */
final class SandboxEnvironment {
    /** The variables copied from the leading process when it has them: the program search path, locale and zone. */
    static final List<String> INHERITED = List.of("PATH", "LANG", "LANGUAGE", "TZ");
    /** Locale variables ({@code LC_ALL}, {@code LC_CTYPE}, …) are copied as well. */
    static final String LOCALE_PREFIX = "LC_";

    private SandboxEnvironment() {
    }

    /**
     * Replaces a process's environment by the sandbox's.
     *
     * @param env the environment map of a {@link ProcessBuilder}, holding the leading process's; emptied and refilled
     * @param home the sandbox directory the process gets as {@code HOME}
     * @param tmp the directory it gets as {@code TMPDIR}
     */
    static void apply(Map<String, String> env, Path home, Path tmp) {
        apply(env, home, tmp, Map.of());
    }

    /**
     * Replaces a process's environment by the sandbox's, with a stage's own variables ({@code Stage.variables()}).
     *
     * @param env the environment map of a {@link ProcessBuilder}, holding the leading process's; emptied and refilled
     * @param home the sandbox directory the process gets as {@code HOME}
     * @param tmp the directory it gets as {@code TMPDIR}
     * @param stage the stage's variables, which win over the ones copied from the leader
     */
    static void apply(Map<String, String> env, Path home, Path tmp, Map<String, String> stage) {
        Map<String, String> keep = of(env, home, tmp, stage);
        env.clear(); // no credentials of any kind
        env.putAll(keep);
    }

    /**
     * The sandbox environment derived from a leading process's one.
     *
     * @param leader the leading process's environment
     * @param home the sandbox {@code HOME}
     * @param tmp the sandbox {@code TMPDIR}
     * @return the variables the process gets, by name
     */
    static Map<String, String> of(Map<String, String> leader, Path home, Path tmp) {
        return of(leader, home, tmp, Map.of());
    }

    /**
     * The sandbox environment derived from a leading process's one and a stage's own variables: the inherited ones,
     * then the stage's (a stage may set {@code TZ} or {@code LANG} of its own), then {@code HOME} and {@code TMPDIR},
     * which the stage cannot replace ({@code Stage} refuses those names; the sandbox does not rely on that).
     *
     * @param leader the leading process's environment
     * @param home the sandbox {@code HOME}
     * @param tmp the sandbox {@code TMPDIR}
     * @param stage the stage's variables
     * @return the variables the process gets, by name
     */
    static Map<String, String> of(Map<String, String> leader, Path home, Path tmp, Map<String, String> stage) {
        Map<String, String> keep = new TreeMap<>();
        leader.forEach((name, value) -> {
            if (INHERITED.contains(name) || name.startsWith(LOCALE_PREFIX)) {
                keep.put(name, value);
            }
        });
        keep.putAll(stage);
        keep.put("HOME", home.toString());
        keep.put("TMPDIR", tmp.toString());
        return keep;
    }

    /**
     * Makes a new directory in the system's temporary directory that only this user can read.
     *
     * @param prefix the directory name's prefix
     * @return the directory
     * @throws IOException if it cannot be made
     */
    static Path privateTempDirectory(String prefix) throws IOException {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
                ? Files.createTempDirectory(prefix, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")))
                : Files.createTempDirectory(prefix);
    }
}
