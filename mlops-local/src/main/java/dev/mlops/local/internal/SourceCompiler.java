package dev.mlops.local.internal;

import dev.mlops.exception.MlopsClientException;
import dev.mlops.internal.RepositoryCode;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Compiles Java sources from a checked-out repository against the SDK's public API, for the run's child JVM to
 * load (this process never loads them). Compiled
 * classes are cached by a digest of the sources and the SDK's location, so an unchanged repository is compiled
 * once. One compile per digest runs at a time in the process: a stage that needs sources being compiled ahead
 * (see {@link #compileAhead}) waits for that compile and uses its classes.
 */
final class SourceCompiler {
    private final Path cacheRoot;
    private final Map<String, Object> compiling = new ConcurrentHashMap<>();
    private final java.util.concurrent.ThreadPoolExecutor background = new java.util.concurrent.ThreadPoolExecutor(1, 1, 0L,
            java.util.concurrent.TimeUnit.MILLISECONDS, new java.util.concurrent.LinkedBlockingQueue<>(), r -> {
                Thread t = new Thread(r, "mlops-javac-ahead");
                t.setDaemon(true);
                t.setPriority(Thread.MIN_PRIORITY);
                return t;
            });

    SourceCompiler(Path cacheRoot) {
        this.cacheRoot = cacheRoot;
    }

    /**
     * Compiles sources ahead of the stage that needs them, on the compiler's background thread: e.g. a new
     * project's seed code, whose build stage follows within a second and whose deploy tests run once a model is
     * approved. Failures are left for that stage to report.
     *
     * @param source writes the checked-out repository into the given empty directory
     * @param dirs the source folders to compile if present, e.g. {@code pipelines}, {@code test}
     */
    void compileAhead(java.util.function.Consumer<Path> source, String... dirs) {
        ahead(() -> {
            Path root = null;
            try {
                Files.createDirectories(cacheRoot);
                root = Files.createTempDirectory(cacheRoot, ".ahead-");
                source.accept(root);
                for (String dir : dirs) {
                    if (Files.isDirectory(root.resolve(dir))) {
                        compileToDirectory(root, dir, new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
                    }
                }
            } catch (IOException | RuntimeException e) {
                // only a head start; the stage compiles again and reports the problem
            } finally {
                if (root != null) {
                    try {
                        MlPipelineRunner.deleteTree(root);
                    } catch (IOException | RuntimeException e) {
                        // a temporary directory left in the cache folder; harmless
                    }
                }
            }
        });
    }

    private void ahead(Runnable task) {
        try {
            background.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            // the backend is closing; the stage that needs the classes compiles them
        }
    }

    /**
     * Stops compiling ahead: drops what is queued and waits (briefly) for a compile under way, so that nothing
     * writes into the home once the backend is closed. The compile is not interrupted (javac would report an
     * internal error and leave a {@code javac.*.args} file in the working directory).
     */
    void close() {
        background.getQueue().clear();
        background.shutdown();
        try {
            background.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Loads and exercises the compiler on the background thread, so that the first real compile (the build
     * stage's) does not pay for the compiler's own class loading, which takes most of a cold compile.
     */
    void warmUp() {
        ahead(() -> {
            try {
                JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
                if (javac == null) {
                    return;
                }
                Path dir = Files.createTempDirectory("mlops-javac-warmup");
                Path src = dir.resolve("Warm.java");
                Files.writeString(src, "final class Warm { int f(java.util.List<String> x) { return x.size(); } }");
                javac.run(null, java.io.OutputStream.nullOutputStream(), java.io.OutputStream.nullOutputStream(),
                        "-d", dir.toString(), "-proc:none", "-nowarn", src.toString());
                MlPipelineRunner.deleteTree(dir);
            } catch (IOException | RuntimeException e) {
                // only a head start; the real compile reports its own problems
            }
        });
    }

    /**
     * Compiles every {@code .java} file under {@code root/dir}, for a child JVM to load.
     *
     * @param root the checked-out repository
     * @param dir the folder holding the sources, relative to root
     * @param log receives compiler messages
     * @return the directory of the compiled classes (in the cache: do not write to it)
     * @throws MlopsClientException naming the file and line when the sources do not compile
     */
    Path compileToDirectory(Path root, String dir, java.io.PrintStream log) {
        List<Path> sources = RepositoryCode.sources(root, dir);
        if (sources.isEmpty()) {
            throw new MlopsClientException("No Java sources under " + dir + "/ in the repository", null, Map.of("dir", dir));
        }
        String classpath = classpath();
        String key = digest(root, sources, classpath);
        Path out = cacheRoot.resolve(key);
        synchronized (compiling.computeIfAbsent(key, k -> new Object())) { // waits for a compile of the same sources
            compileOnce(root, dir, sources, classpath, out, log);
        }
        return out;
    }

    private void compileOnce(Path root, String dir, List<Path> sources, String classpath, Path out, java.io.PrintStream log) {
        if (!Files.isDirectory(out)) {
            try {
                Files.createDirectories(cacheRoot);
                Path tmp = Files.createTempDirectory(cacheRoot, ".compile-");
                RepositoryCode.compile(root, dir, sources, classpath, tmp, log);
                try {
                    Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException raced) {
                    // another process compiled the same sources first; its result is identical
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            log.println("compiled " + sources.size() + " source files from " + dir + "/");
        } else {
            log.println("using cached classes for " + sources.size() + " unchanged source files from " + dir + "/");
        }
    }

    /** The class names of the compiled sources under dir, from their paths. */
    static List<String> classNames(Path root, String dir) {
        return RepositoryCode.classNames(root, dir);
    }

    /** What repository code compiles against; see {@link RepositoryCode#apiClasspath()}. */
    private static String classpath() {
        return RepositoryCode.apiClasspath();
    }

    private static String digest(Path root, List<Path> sources, String classpath) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(classpath.getBytes(StandardCharsets.UTF_8));
            for (String e : classpath.split(File.pathSeparator)) {
                File f = new File(e);
                md.update(Long.toString(f.lastModified()).getBytes(StandardCharsets.UTF_8));
            }
            for (Path s : sources) {
                md.update(root.relativize(s).toString().getBytes(StandardCharsets.UTF_8));
                md.update(Files.readAllBytes(s));
            }
            return HexFormat.of().formatHex(md.digest()).substring(0, 32);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
