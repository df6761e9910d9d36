package dev.mlops.local.internal;

import java.nio.file.Path;

/** Recognises a full disk in an error, whatever layer reported it (Java I/O, SQLite, JGit). */
final class DiskFull {
    private DiskFull() {
    }

    /**
     * Whether the error, or one of its causes, says the disk is full.
     *
     * @param error the error
     * @return {@code true} for "No space left on device", SQLITE_FULL and the like
     */
    static boolean is(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (m != null && (m.contains("No space left on device") || m.contains("SQLITE_FULL")
                    || m.contains("database or disk is full"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The failure of a step that filled the disk, naming where it wrote.
     *
     * @param error the step's error
     * @param where the directory the step wrote under
     * @return e.g. {@code no space left on device under /home/…/work/exec-…: …}
     */
    static String reason(Throwable error, Path where) {
        return "no space left on device under " + where + " (free some space and start the pipeline again): "
                + error.getMessage();
    }
}
