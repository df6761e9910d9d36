package dev.mlops.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.Execution;
import dev.mlops.Pipeline;
import dev.mlops.StageExecution;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Helpers shared by the embedded backend's flow tests. */
final class Flows {
    static final Duration TIMEOUT = Duration.ofMinutes(3);
    static final String ROW = "M,0.455,0.365,0.095,0.514,0.2245,0.101,0.15";

    private Flows() {
    }

    /** Polls for facts the API has no await for; fails after {@link #TIMEOUT}. */
    static <T> T eventually(String what, Supplier<Optional<T>> poll) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            Optional<T> v = poll.get();
            if (v.isPresent()) {
                return v.get();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out after " + TIMEOUT + " waiting for " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** Polls until a condition holds; fails after {@link #TIMEOUT}. */
    static void await(String what, java.util.function.BooleanSupplier condition) {
        eventually(what, () -> condition.getAsBoolean() ? Optional.of(Boolean.TRUE) : Optional.empty());
    }

    /** The execution a pipeline started for a commit, once it has ended. */
    static Execution awaitRunOf(Pipeline pipeline, String commit) {
        Execution e = pipeline.awaitCommit(commit, TIMEOUT);
        assertThat(e.sourceCommit()).hasValue(commit);
        return e;
    }

    /** The newest execution of a pipeline whose trigger matches, once it has ended. */
    static Execution awaitRun(Pipeline pipeline, String what, Predicate<Execution> which) {
        Execution e = eventually(what, () -> pipeline.executions().stream().filter(which).findFirst());
        return e.await(TIMEOUT);
    }

    static String describe(Execution e) {
        StringBuilder sb = new StringBuilder(e.toString());
        for (StageExecution s : e.stages()) {
            sb.append("\n  ").append(s.name()).append(' ').append(s.status()).append(": ").append(s.summary());
        }
        return sb.toString();
    }

    static StageExecution stage(Execution e, String name) {
        return e.stages().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    /** A JVM running a main class of the test class path, whose output lines are queued. */
    static final class Child implements AutoCloseable {
        final Process process;
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        final List<String> all = new java.util.concurrent.CopyOnWriteArrayList<>();

        Child(Class<?> main, List<String> jvmArgs, String... args) throws IOException {
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.addAll(jvmArgs);
            cmd.add("-cp");
            cmd.add(classPath());
            cmd.add(main.getName());
            cmd.addAll(List.of(args));
            process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        all.add(line);
                        lines.add(line);
                    }
                } catch (IOException ignored) {
                    // the child is gone
                }
            }, "child-output");
            reader.setDaemon(true);
            reader.start();
        }

        /** Surefire's real class path when it runs the tests from a manifest-only jar. */
        static String classPath() {
            String cp = System.getProperty("surefire.test.class.path");
            return cp != null && !cp.isBlank() ? cp : System.getProperty("java.class.path");
        }

        /** Waits for an output line starting with a prefix. */
        String awaitLine(String prefix) {
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            try {
                while (System.nanoTime() < deadline) {
                    String line = lines.poll(200, java.util.concurrent.TimeUnit.MILLISECONDS);
                    if (line != null && line.startsWith(prefix)) {
                        return line;
                    }
                    if (line == null && !process.isAlive() && lines.isEmpty()) {
                        throw new AssertionError("child exited with " + process.exitValue() + " before printing " + prefix
                                + "; output:\n" + String.join("\n", all));
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new AssertionError("child printed no line starting with " + prefix + "; output:\n" + String.join("\n", all));
        }

        int awaitExit() throws InterruptedException {
            if (!process.waitFor(TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                throw new AssertionError("child did not exit; output:\n" + String.join("\n", all));
            }
            return process.exitValue();
        }

        String output() {
            return String.join("\n", all);
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }
    }
}
