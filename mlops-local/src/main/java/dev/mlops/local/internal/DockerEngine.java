package dev.mlops.local.internal;

import dev.mlops.exception.MlopsClientException;
import dev.mlops.exception.UnsupportedByBackendException;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A Docker engine reached through its CLI: found on {@code PATH} (or at a given path), and running when
 * {@code docker version} reaches its daemon within a few seconds. Where either is missing, a Dockerfile build
 * fails at once with an error naming the binary or the daemon's socket, and the alternatives; it never waits on a
 * daemon that does not answer.
 */
final class DockerEngine {
    /** How long the daemon may take to answer {@code docker version}. */
    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(10);
    private static final String ALTERNATIVES = "add an image.properties to the repository to build a Java image with Jib,"
            + " which needs no Docker engine, or run the template on the AWS backend, where CodeBuild builds the Dockerfile";

    private final String command;
    private final Duration timeout;

    DockerEngine(String command, Duration timeout) {
        this.command = command;
        this.timeout = timeout;
    }

    /** The CLI's path, if it exists and can be run. */
    Optional<Path> binary() {
        if (command.contains("/") || command.contains(File.separator)) {
            Path p = Path.of(command);
            return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        }
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                Path p = Path.of(dir, command);
                if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    /** Where the CLI looks for the daemon: {@code DOCKER_HOST}, else the default socket. */
    static String daemonAddress() {
        String host = System.getenv("DOCKER_HOST");
        return host != null && !host.isBlank() ? host : "unix:///var/run/docker.sock";
    }

    /**
     * Checks that a Docker engine runs here.
     *
     * @return the CLI
     * @throws UnsupportedByBackendException naming what is missing, and the alternatives
     */
    Path require(String image) throws InterruptedException {
        Path cli = binary().orElseThrow(() -> new UnsupportedByBackendException(LocalContext.BACKEND,
                "build the Dockerfile of image " + image + ": no Docker engine here (no '" + command + "' binary on PATH "
                        + System.getenv().getOrDefault("PATH", "") + ")", ALTERNATIVES));
        List<String> out = new ArrayList<>();
        int rc;
        try {
            rc = run(List.of(cli.toString(), "version", "--format", "{{.Server.Version}}"), null, PROBE_TIMEOUT, out::add);
        } catch (IOException e) {
            rc = -1;
            out.add(e.getMessage());
        }
        if (rc != 0) {
            throw new UnsupportedByBackendException(LocalContext.BACKEND, "build the Dockerfile of image " + image
                    + ": the Docker daemon at " + daemonAddress() + " does not answer " + cli + " version"
                    + (rc == Integer.MIN_VALUE ? " within " + PROBE_TIMEOUT.toSeconds() + " s" : " (exit " + rc + ": "
                    + String.join(" ", out).strip() + ")"), "start the Docker daemon, or " + ALTERNATIVES);
        }
        return cli;
    }

    /**
     * Builds a context's Dockerfile.
     *
     * @param cli the CLI, from {@link #require(String)}
     * @param context the build context
     * @param tag the tag to give the image
     * @param log receives the build's output
     * @return the image's id
     */
    String build(Path cli, Path context, String tag, Consumer<String> log) throws InterruptedException {
        int rc;
        try {
            rc = run(List.of(cli.toString(), "build", "--tag", tag, "."), context, timeout, log);
        } catch (IOException e) {
            throw new MlopsClientException("Cannot run " + cli + " build: " + e.getMessage(), e, Map.of("tag", tag));
        }
        if (rc == Integer.MIN_VALUE) {
            throw new MlopsClientException("docker build of " + tag + " timed out after " + timeout + " and was stopped",
                    null, Map.of("tag", tag));
        }
        if (rc != 0) {
            throw new MlopsClientException("docker build of " + tag + " exited with " + rc + " (see the stage's log)", null,
                    Map.of("tag", tag, "exitCode", Integer.toString(rc)));
        }
        List<String> id = new ArrayList<>();
        try {
            rc = run(List.of(cli.toString(), "image", "inspect", "--format", "{{.Id}}", tag), null, PROBE_TIMEOUT, id::add);
        } catch (IOException e) {
            rc = -1;
        }
        if (rc != 0 || id.isEmpty()) {
            throw new MlopsClientException("docker built " + tag + " but cannot inspect it (exit " + rc + ")", null,
                    Map.of("tag", tag));
        }
        return id.get(0).strip();
    }

    /** Runs a command; past the timeout it is killed and the result is {@link Integer#MIN_VALUE}. */
    private static int run(List<String> cmd, Path dir, Duration timeout, Consumer<String> lines)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        Process p = pb.start();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    lines.accept(line);
                }
            } catch (IOException e) {
                // the process ended
            }
        }, "mlops-docker-" + p.pid());
        reader.setDaemon(true);
        reader.start();
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                reader.join(1000);
                return Integer.MIN_VALUE;
            }
            reader.join(1000);
            return p.exitValue();
        } catch (InterruptedException e) {
            p.destroyForcibly();
            throw e;
        }
    }
}
