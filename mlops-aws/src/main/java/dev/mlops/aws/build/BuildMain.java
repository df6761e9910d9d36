package dev.mlops.aws.build;

import dev.mlops.exception.MlopsException;
import java.io.PrintStream;

/** How the build mains end: 0 on success, 1 when the stage fails, 2 on a usage error (with the usage). */
final class BuildMain {
    /** The exit code of a usage error. */
    static final int USAGE = 2;
    /** The exit code of a failed stage. */
    static final int FAILED = 1;

    private BuildMain() {
    }

    /** Deletes a scratch directory, best effort (CodeBuild's container goes away anyway). */
    static void deleteTree(java.nio.file.Path dir) {
        try (java.util.stream.Stream<java.nio.file.Path> walk = java.nio.file.Files.walk(dir)) {
            for (java.nio.file.Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                java.nio.file.Files.deleteIfExists(p);
            }
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            // a scratch directory left behind in the temporary folder
        }
    }

    /** A main's body. */
    interface Body {
        int run() throws Exception;
    }

    /**
     * Runs a main's body and turns its outcome into an exit code; the error goes to the build log, once.
     *
     * @param name the main's command name
     * @param usage its usage text
     * @param err the build log's error stream
     * @param body the body
     * @return the exit code
     */
    static int exitCode(String name, String usage, PrintStream err, Body body) {
        try {
            return body.run();
        } catch (UsageException e) {
            err.println(name + ": " + e.getMessage());
            err.println(usage);
            return USAGE;
        } catch (MlopsException e) {
            err.println(name + ": " + e.getMessage());
            return FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println(name + ": interrupted");
            return FAILED;
        } catch (Exception e) {
            err.println(name + ": " + e);
            return FAILED;
        }
    }
}
