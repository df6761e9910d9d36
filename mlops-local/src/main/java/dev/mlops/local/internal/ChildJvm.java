package dev.mlops.local.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.exception.MlopsBackendException;
import dev.mlops.exception.MlopsClientException;
import dev.mlops.local.internal.child.ChildMain;
import dev.mlops.local.internal.child.ChildProtocol;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The child JVM that runs one pipeline run's user code (see {@link ChildMain}), as seen by the leader: the
 * embedded counterpart of the job container SageMaker starts for a processing or training step, and of
 * CodeBuild's build container for the tests.
 *
 * <p>It is started with this JVM's {@code java}, C1 only, the serial collector and a small heap, on a class
 * path of the SDK's API, Jackson, the trainer and its libraries; in a sandbox directory outside the home, which
 * is its working directory, {@code user.home} and {@code java.io.tmpdir} (and with {@link ChildCds}'s archive of
 * those libraries' classes once there is one); with the environment of {@link SandboxEnvironment}: only
 * {@code PATH}, the locale, the time zone, and {@code HOME} and {@code TMPDIR} in the sandbox (a test stage with
 * variables of its own gets a child of its own, {@link Slot#startOwn}, with those on top). It learns no home, no state store, no user. What a
 * step reads and writes is copied into and out of the sandbox by the leader.
 *
 * <p>Each {@link #call} has a timeout. When it passes, when the calling thread is interrupted (the run was
 * stopped, or this process is closing), or when the child exits, the call fails and the child is ended:
 * {@link Process#destroy()}, then {@link Process#destroyForcibly()} after {@link #GRACE}. A child that exits
 * by itself is reported with its exit code and the tail of its stderr.
 */
final class ChildJvm implements AutoCloseable {
    /** How long an ended child may take to exit after SIGTERM before it is killed. */
    static final Duration GRACE = Duration.ofSeconds(2);
    /** The JVM flags of the child: quick to start, small, and single-minded about memory. */
    static final List<String> JVM_FLAGS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xms16m", "-Xmx1g",
            "-XX:+ExitOnOutOfMemoryError", "-XX:-UsePerfData", "-Xshare:auto");
    private static final int TAIL_LINES = 20;
    private static final int TAIL_CHARS = 4000;
    /** What the child's class path is made of: the code sources of these classes, when present. */
    private static final List<String> CLASS_PATH_OF = List.of(
            "dev.mlops.pipeline.MlPipeline",
            "com.fasterxml.jackson.databind.ObjectMapper",
            "com.fasterxml.jackson.core.JsonFactory",
            "com.fasterxml.jackson.annotation.JsonProperty",
            "com.fasterxml.jackson.datatype.jsr310.JavaTimeModule",
            "org.slf4j.LoggerFactory",
            // The child is an application: it binds the leader's slf4j-simple when the leader has it (the examples
            // and the CLI do), so what repository code logs through SLF4J is in the step's log. mlops-local, a
            // library, depends on no provider; without one the child stays silent (slf4j.internal.verbosity below).
            "org.slf4j.simple.SimpleServiceProvider",
            "ml.dmlc.xgboost4j.java.XGBoost",
            "com.esotericsoftware.kryo.Kryo",
            "com.esotericsoftware.minlog.Log",
            "com.esotericsoftware.reflectasm.MethodAccess",
            "org.objenesis.Objenesis",
            "org.apache.commons.logging.LogFactory",
            "org.apache.commons.compress.archivers.tar.TarArchiveOutputStream",
            "org.apache.commons.io.IOUtils",
            "org.apache.commons.lang3.StringUtils");
    /** The packages of this module that the child runs: its main class and the trainer. */
    private static final List<String> RUNTIME_PACKAGES = List.of("dev/mlops/local/internal/child/", "dev/mlops/local/internal/ml/");

    private final Process process;
    private final Path sandbox;
    private final OutputStream stdin;
    private final Thread stdoutReader;
    private final Thread stderrReader;
    private final Deque<String> stderrTail = new ArrayDeque<>();
    /** Guards the log sink, the pending request and what the readers saw end. */
    private final Object lock = new Object();
    private final List<String> early = new ArrayList<>();
    private Consumer<String> sink;
    private long nextId = 1;
    private Pending pending;
    private boolean stdoutEnded;
    private boolean stderrEnded;
    private volatile boolean ended;
    private volatile boolean stopped;
    private ChildCds cds;
    private Path classList;

    /** A request waiting for its answer on stdout and its sync line on stderr. */
    private static final class Pending {
        final long id;
        final CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        final CountDownLatch stderrSynced = new CountDownLatch(1);

        Pending(long id) {
            this.id = id;
        }
    }

    private ChildJvm(Process process, Path sandbox) {
        this.process = process;
        this.sandbox = sandbox;
        this.stdin = process.getOutputStream();
        this.stdoutReader = reader(process.getInputStream(), "out", this::onStdout);
        this.stderrReader = reader(process.getErrorStream(), "err", this::onStderr);
    }

    /**
     * Starts a child JVM in a new sandbox directory.
     *
     * @param warmTraining whether the child is a build run's (it loads the trainer once its first request came)
     *     or a deploy run's (it loads its HTTP client at once)
     * @return the child, booting
     * @throws IOException if the sandbox cannot be made or the JVM cannot be started
     */
    static ChildJvm start(boolean warmTraining) throws IOException {
        return start(warmTraining, Map.of());
    }

    /**
     * Starts a child JVM in a new sandbox directory, with a stage's own variables in its environment.
     *
     * @param warmTraining whether the child is a build run's or a deploy run's (see {@link #start(boolean)})
     * @param variables the stage's variables ({@code Stage.variables()}), on top of {@link SandboxEnvironment}'s
     * @return the child, booting
     * @throws IOException if the sandbox cannot be made or the JVM cannot be started
     */
    static ChildJvm start(boolean warmTraining, Map<String, String> variables) throws IOException {
        synchronized (STARTING) {
            if (exiting) {
                throw new IOException("this JVM is exiting");
            }
            return startNow(warmTraining, variables);
        }
    }

    private static ChildJvm startNow(boolean warmTraining, Map<String, String> variables) throws IOException {
        Path sandbox = SandboxEnvironment.privateTempDirectory("mlops-child-");
        try {
            Path runtime = sandbox.resolve("runtime");
            extractRuntime(runtime);
            Path tmp = Files.createDirectories(sandbox.resolve("tmp"));
            List<String> jars = libraries();
            ChildCds cds = ChildCds.of(jars, JVM_FLAGS);
            Path[] recording = new Path[1];
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.addAll(JVM_FLAGS);
            if (cds != null) {
                cmd.addAll(cds.flags(recording));
            }
            cmd.add("-Djava.io.tmpdir=" + tmp);
            cmd.add("-Duser.home=" + sandbox);
            cmd.add("-Dslf4j.internal.verbosity=ERROR");
            cmd.add("-cp");
            // The libraries first and the child's own classes last: the archive covers that prefix.
            List<String> cp = new ArrayList<>(jars);
            cp.add(runtime.toString());
            cmd.add(String.join(File.pathSeparator, cp));
            cmd.add(ChildMain.class.getName());
            if (warmTraining || recording[0] != null) {
                cmd.add(ChildProtocol.WARM_TRAINING);
            }
            if (!warmTraining || recording[0] != null) {
                cmd.add(ChildProtocol.WARM_TESTS); // a recording child loads what both kinds need
            }
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(sandbox.toFile());
            // No MLOPS_HOME, no JAVA_TOOL_OPTIONS, no credentials: the allowlist and the stage's own variables only.
            SandboxEnvironment.apply(pb.environment(), sandbox, tmp, variables);
            ChildJvm child = new ChildJvm(pb.start(), sandbox);
            if (recording[0] != null) {
                child.cds = cds;
                child.classList = recording[0];
            }
            return child;
        } catch (IOException | RuntimeException e) {
            deleteQuietly(sandbox);
            throw e;
        }
    }

    /** @return the child's process id */
    long pid() {
        return process.pid();
    }

    /** @return the child's sandbox: its working directory, outside the home */
    Path sandbox() {
        return sandbox;
    }

    /** @return whether the child is still running */
    boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Sends a request and waits for its answer.
     *
     * @param request the request (its {@code kind} and arguments); an {@code id} is added
     * @param timeout how long the child may take
     * @param log receives the child's output lines while it works on the request
     * @param what what is running, for messages (e.g. {@code step PreprocessAbaloneData})
     * @return the answer, whose {@code ok} is true
     * @throws MlopsClientException if the user code failed (its message), timed out, or the child exited
     * @throws InterruptedException if the calling thread was interrupted; the child has then been ended
     */
    synchronized JsonNode call(ObjectNode request, Duration timeout, Consumer<String> log, String what)
            throws InterruptedException {
        if (ended || !process.isAlive()) {
            throw new MlopsBackendException("The child JVM (pid " + pid() + ") that runs this run's code is no longer running"
                    + (process.isAlive() ? "" : " (exit code " + process.exitValue() + ")"), null, Map.of(), false);
        }
        Pending p = new Pending(nextId++);
        request.put("id", p.id);
        synchronized (lock) {
            sink = log;
            early.forEach(log);
            early.clear();
            pending = p;
            if (stdoutEnded) {
                p.answer.completeExceptionally(new IOException("the child's stdout ended"));
            }
            if (stderrEnded) {
                p.stderrSynced.countDown();
            }
        }
        try {
            stdin.write((Json.write(request) + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        } catch (IOException e) {
            // The child is gone; its exit is reported below.
            p.answer.completeExceptionally(e);
        }
        JsonNode answer;
        try {
            answer = p.answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            end();
            throw new MlopsClientException(what + " timed out after " + timeout + "; its JVM (pid " + pid() + ") was stopped",
                    null, Map.of("timeout", timeout.toString()));
        } catch (InterruptedException e) {
            end();
            throw e;
        } catch (ExecutionException e) {
            if (stopped) {
                throw new StageActions.Superseded("stopped: the run was stopped, and " + what + " with it (its JVM, pid "
                        + pid() + ", was ended)");
            }
            if (e.getCause() instanceof IllegalStateException) {
                end();
                throw new MlopsBackendException(what + ": " + e.getCause().getMessage() + "; its JVM (pid " + pid()
                        + ") was stopped", e.getCause(), Map.of(), false);
            }
            throw exited(what);
        }
        // All of the step's stderr is in its log before the call returns.
        p.stderrSynced.await(GRACE.toMillis(), TimeUnit.MILLISECONDS);
        if (!answer.path("ok").asBoolean()) {
            throw new MlopsClientException(answer.path("error").asText(), null,
                    Map.of("errorType", answer.path("errorType").asText()));
        }
        return answer;
    }

    /** The child exited during a request: its exit code and what it last wrote on stderr. */
    private MlopsClientException exited(String what) throws InterruptedException {
        ended = true;
        if (!process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
            end();
        }
        stderrReader.join(GRACE.toMillis());
        stdoutReader.join(GRACE.toMillis());
        String tail;
        synchronized (stderrTail) {
            tail = String.join("\n", stderrTail);
        }
        int code = process.exitValue();
        return new MlopsClientException("the JVM running " + what + " (pid " + pid() + ") exited with exit code " + code
                + (tail.isBlank() ? "; it wrote nothing on stderr" : "; the end of its stderr:\n" + tail), null,
                Map.of("exitCode", Integer.toString(code)));
    }

    /** Ends the child because its run was stopped: the call waiting for it ends the stage without failing it. */
    void stop() {
        stopped = true;
        end();
    }

    /** Ends the child: SIGTERM, and SIGKILL after the grace period; what it started goes too. */
    private void end() {
        ended = true;
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroy();
        boolean interrupted = Thread.interrupted();
        try {
            if (!process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            interrupted = true;
        }
        descendants.forEach(ProcessHandle::destroyForcibly);
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Ends the child: closing its stdin makes it delete its sandbox and halt at once, whatever it runs. Its exit
     * is awaited in the background, where one that does not exit within {@link #GRACE} is ended as by a timeout;
     * a child still there when this JVM exits is killed.
     */
    @Override
    public void close() {
        ended = true;
        try {
            stdin.close();
        } catch (IOException e) {
            // already gone
        }
        CLOSING.add(this);
        try {
            CLEANER.execute(this::reap);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            reap();
        }
    }

    private void reap() {
        try {
            if (!process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                end();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        deleteQuietly(sandbox); // the child deletes it itself; this is for one that could not
        CLOSING.remove(this);
        if (classList != null && !process.isAlive()) {
            Path list = classList;
            Thread t = new Thread(() -> cds.dump(list, JVM_FLAGS), "mlops-child-cds-dump");
            t.setDaemon(true);
            t.setPriority(Thread.MIN_PRIORITY);
            t.start();
        }
    }

    // ------------------------------------------------------------------ the child's output

    private Thread reader(InputStream in, String name, Consumer<String> onLine) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    onLine.accept(line);
                }
            } catch (IOException e) {
                // the child is gone
            } finally {
                synchronized (lock) {
                    if (name.equals("out")) {
                        stdoutEnded = true;
                    } else {
                        stderrEnded = true;
                    }
                    if (pending != null) {
                        if (name.equals("out")) {
                            pending.answer.completeExceptionally(new IOException("the child's stdout ended"));
                        }
                        pending.stderrSynced.countDown();
                    }
                }
            }
        }, "mlops-child-" + process.pid() + "-" + name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private void onStdout(String line) {
        int at = line.indexOf(ChildProtocol.MARKER);
        if (at < 0) {
            toLog(line);
            return;
        }
        if (at > 0) {
            toLog(line.substring(0, at));
        }
        JsonNode answer;
        try {
            answer = Json.tree(line.substring(at + ChildProtocol.MARKER.length()));
        } catch (RuntimeException e) {
            toLog(line.substring(at + ChildProtocol.MARKER.length()));
            synchronized (lock) {
                if (pending != null) {
                    pending.answer.completeExceptionally(new IllegalStateException("unreadable answer from the child: " + e.getMessage()));
                }
            }
            return;
        }
        synchronized (lock) {
            if (pending != null && answer.path("id").asLong() == pending.id) {
                pending.answer.complete(answer);
            }
        }
    }

    private void onStderr(String line) {
        int at = line.indexOf(ChildProtocol.MARKER);
        if (at >= 0) {
            if (at > 0) {
                onStderr(line.substring(0, at));
            }
            synchronized (lock) {
                if (pending != null && line.substring(at + ChildProtocol.MARKER.length()).strip().equals(Long.toString(pending.id))) {
                    pending.stderrSynced.countDown();
                }
            }
            return;
        }
        synchronized (stderrTail) {
            stderrTail.addLast(line);
            int chars = stderrTail.stream().mapToInt(String::length).sum();
            while (stderrTail.size() > TAIL_LINES || (chars > TAIL_CHARS && stderrTail.size() > 1)) {
                chars -= stderrTail.removeFirst().length();
            }
        }
        toLog(line);
    }

    private void toLog(String line) {
        synchronized (lock) {
            Consumer<String> s = sink;
            if (s == null) {
                early.add(line);
            } else {
                s.accept(line);
            }
        }
    }

    // ------------------------------------------------------------------ class path and sandbox

    /**
     * The child's libraries: the API (mlops-core), Jackson, SLF4J's API (and slf4j-simple if the leader has it),
     * xgboost4j and its libraries.
     */
    private static List<String> libraries() {
        Set<String> entries = new LinkedHashSet<>();
        ClassLoader loader = ChildJvm.class.getClassLoader();
        for (String name : CLASS_PATH_OF) {
            try {
                URL loc = Class.forName(name, false, loader).getProtectionDomain().getCodeSource().getLocation();
                entries.add(Path.of(loc.toURI()).toString());
            } catch (ClassNotFoundException | LinkageError | URISyntaxException | NullPointerException | SecurityException e) {
                // a library the child does not get; the step that needs it fails naming the class
            }
        }
        return new ArrayList<>(entries);
    }

    /**
     * Copies the classes the child runs (its main class and the trainer), and nothing else of the embedded
     * backend, from this module's jar or classes directory.
     */
    private static void extractRuntime(Path target) throws IOException {
        Path source;
        try {
            source = Path.of(ChildMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IOException("Cannot locate the classes of the child JVM: " + e, e);
        }
        Files.createDirectories(target);
        if (Files.isDirectory(source)) {
            for (String pkg : RUNTIME_PACKAGES) {
                Path dir = source.resolve(pkg);
                if (!Files.isDirectory(dir)) {
                    continue;
                }
                try (Stream<Path> walk = Files.walk(dir)) {
                    for (Path f : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                        Path to = target.resolve(source.relativize(f).toString());
                        Files.createDirectories(to.getParent());
                        Files.copy(f, to, StandardCopyOption.REPLACE_EXISTING);
                    }
                } catch (UncheckedIOException e) {
                    throw e.getCause();
                }
            }
            return;
        }
        try (JarFile jar = new JarFile(source.toFile())) {
            Enumeration<JarEntry> entries = jar.entries();
            while (entries.hasMoreElements()) {
                JarEntry e = entries.nextElement();
                if (e.isDirectory() || RUNTIME_PACKAGES.stream().noneMatch(e.getName()::startsWith) || e.getName().contains("..")) {
                    continue;
                }
                Path to = target.resolve(e.getName());
                Files.createDirectories(to.getParent());
                try (InputStream in = jar.getInputStream(e)) {
                    Files.copy(in, to, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /**
     * Ends a process and what it started: SIGTERM, SIGKILL after the grace period.
     *
     * @param proc the process
     */
    static void endProcess(Process proc) {
        List<ProcessHandle> descendants = proc.descendants().toList();
        proc.destroy();
        descendants.forEach(ProcessHandle::destroy);
        try {
            if (!proc.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                proc.destroyForcibly();
            }
        } catch (InterruptedException e) {
            proc.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        descendants.forEach(ProcessHandle::destroyForcibly);
    }

    /**
     * Copies a directory tree into the sandbox, e.g. a step's input.
     *
     * @param from the directory to copy
     * @param to the target directory, created if missing
     * @throws IOException if a file cannot be copied
     */
    static void copyTree(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path f : (Iterable<Path>) walk::iterator) {
                Path t = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(t);
                } else if (Files.isRegularFile(f)) {
                    Files.copy(f, t, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Children told to go and not reaped yet: killed, and their sandboxes deleted, if this JVM exits first. */
    private static final Set<ChildJvm> CLOSING = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private static final java.util.concurrent.ExecutorService CLEANER = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "mlops-child-reaper");
        t.setDaemon(true);
        return t;
    });

    /** Held while a child is being started, and by the shutdown hook: no sandbox is made once this JVM exits. */
    private static final Object STARTING = new Object();
    private static boolean exiting;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            synchronized (STARTING) {
                exiting = true;
            }
            CLOSING.forEach(c -> {
                c.process.destroyForcibly();
                deleteQuietly(c.sandbox);
            });
        }, "mlops-child-reaper-at-exit"));
    }

    private static void deleteQuietly(Path dir) {
        dev.mlops.local.internal.child.Sandboxes.delete(dir);
    }

    /**
     * A run's child JVM: started at the run's start when a stage of the run will need it (so that its boot
     * overlaps the stages before), or at first use, and closed once the last stage that needs it has ended,
     * so that nothing a step left running outlives the stage (nor sees the gates that follow).
     */
    static final class Slot implements AutoCloseable {
        private final boolean warmTraining;
        private ChildJvm jvm;
        /** A stage's own child ({@link #startOwn}), while it runs. */
        private ChildJvm own;
        private Process command;
        private boolean closed;
        private volatile boolean stopped;

        Slot(boolean warmTraining) {
            this.warmTraining = warmTraining;
        }

        /** Starts the child now, if it is not started; a failure is left for {@link #get()} to report. */
        synchronized void startEarly() {
            if (jvm == null && !closed && !stopped) {
                try {
                    jvm = ChildJvm.start(warmTraining);
                } catch (IOException | RuntimeException e) {
                    // get() tries again and reports the problem in the stage that needs the child
                }
            }
        }

        /**
         * The child, started if need be.
         *
         * @return the running child
         * @throws StageActions.Superseded if the run was stopped
         */
        synchronized ChildJvm get() {
            if (stopped) {
                throw new StageActions.Superseded("stopped: the run was stopped");
            }
            if (closed) {
                throw new IllegalStateException("the run's child JVM was closed");
            }
            if (jvm == null) {
                try {
                    jvm = ChildJvm.start(warmTraining);
                } catch (IOException e) {
                    throw new MlopsBackendException("Cannot start the child JVM that runs the repository's code: " + e.getMessage(),
                            e, Map.of(), false);
                }
            }
            return jvm;
        }

        /**
         * Starts a child of one stage's own, with the stage's variables in its environment: the run's child started
         * without them (a test stage whose {@code EndpointTest}s read {@code Stage.variables()}). Stopping the run
         * ends it too; the caller gives it back with {@link #release}.
         *
         * @param variables the stage's variables
         * @return the running child
         * @throws StageActions.Superseded if the run was stopped
         */
        synchronized ChildJvm startOwn(Map<String, String> variables) {
            if (stopped) {
                throw new StageActions.Superseded("stopped: the run was stopped");
            }
            if (closed) {
                throw new IllegalStateException("the run's child JVM was closed");
            }
            try {
                own = ChildJvm.start(false, variables);
            } catch (IOException e) {
                throw new MlopsBackendException("Cannot start the child JVM that runs the stage's endpoint tests: "
                        + e.getMessage(), e, Map.of(), false);
            }
            return own;
        }

        /**
         * Ends a child that {@link #startOwn} gave.
         *
         * @param child the child
         */
        synchronized void release(ChildJvm child) {
            if (own == child) {
                own = null;
            }
            child.close();
        }

        /**
         * Tracks the process of a command stage, so that {@link #stop()} ends it too.
         *
         * @param proc the running command, or null when it ended
         * @return whether the run is still going (false: it was stopped, and the process must be ended)
         */
        synchronized boolean track(Process proc) {
            command = proc;
            return !stopped;
        }

        /** @return whether the run was stopped */
        boolean stopped() {
            return stopped;
        }

        /**
         * The run was stopped: ends its child JVM and its command, in the background (the caller is the engine's
         * tick); the stage waiting for them then ends without failing.
         */
        void stop() {
            ChildJvm j;
            ChildJvm o;
            Process c;
            synchronized (this) {
                stopped = true;
                j = jvm;
                o = own;
                c = command;
            }
            Runnable end = () -> {
                if (j != null) {
                    j.stop();
                }
                if (o != null) {
                    o.stop();
                }
                if (c != null) {
                    endProcess(c);
                }
            };
            Thread t = new Thread(end, "mlops-stop-run");
            t.setDaemon(true);
            t.start();
        }

        @Override
        public synchronized void close() {
            closed = true;
            if (jvm != null) {
                jvm.close();
                jvm = null;
            }
            if (own != null) {
                own.close();
                own = null;
            }
        }
    }
}
