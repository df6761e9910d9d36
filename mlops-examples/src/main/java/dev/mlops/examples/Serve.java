package dev.mlops.examples;

import dev.mlops.Environment;
import dev.mlops.MlopsProjects;
import dev.mlops.Project;
import dev.mlops.local.LocalBackend;
import java.io.PrintStream;
import java.nio.file.Path;
import dev.mlops.ModelVersion;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * Serves a project's endpoint on a fixed port of 127.0.0.1 until the process is stopped, so that any HTTP
 * client or load generator can be pointed at it. The process takes the lead of the project (waiting for the
 * current leader, if any, to stop), so it also runs the project's pipelines while it serves.
 */
public final class Serve {
    private Serve() {
    }

    /**
     * Serves until stopped.
     *
     * @param name the project
     * @param environment e.g. {@code prod}
     * @param port the port on 127.0.0.1
     * @param home the embedded backend's home, or {@code null}
     * @param out where to print
     * @throws InterruptedException if the thread is interrupted while it waits for the endpoint or serves
     */
    public static void run(String name, String environment, int port, Path home, PrintStream out) throws InterruptedException {
        run(name, environment, port, home, out, Duration.ofSeconds(30));
    }

    /** As {@link #run(String, String, int, Path, PrintStream)}, failing when nothing serves within {@code upWithin}. */
    static void run(String name, String environment, int port, Path home, PrintStream out, Duration upWithin)
            throws InterruptedException {
        LocalBackend.Builder b = LocalBackend.builder().endpointPort(name + "-" + environment, port);
        if (home != null) {
            b.home(home);
        }
        LocalBackend backend = b.build();
        Project project = MlopsProjects.open(name, backend);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            project.close();
            backend.close();
            stopped.countDown();
        }, "mlops-serve-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        ModelVersion version;
        try {
            Environment env = project.environments().named(environment);
            version = servedHere(env, port, upWithin);
        } catch (RuntimeException | InterruptedException e) {
            // Fail loudly and leave nothing behind: no port held, no leadership kept by a process that serves nothing.
            Runtime.getRuntime().removeShutdownHook(hook);
            hook.run();
            throw e;
        }
        Environment env = project.environments().named(environment);
        out.printf("Serving %s (model version %d) at http://127.0.0.1:%d/invocations — Ctrl-C to stop%n", env.endpointName(),
                version.version(), port);
        out.printf("  curl -s -H 'Content-Type: text/csv' --data 'M,0.455,0.365,0.095,0.514,0.2245,0.101,0.15' http://127.0.0.1:%d/invocations%n", port);
        stopped.await();
    }

    /** Waits until this process serves the environment's endpoint on the port (it does so once it leads the project). */
    private static ModelVersion servedHere(Environment env, int port, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<ModelVersion> v = env.deployedVersion().filter(x -> env.endpoint().url().getPort() == port);
            if (v.isPresent()) {
                return v.get();
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("No model version of " + env.endpointName() + " came up on port " + port
                        + " within " + timeout + ": is anything deployed to " + env.name() + "?");
            }
            Thread.sleep(50);
        }
    }
}
