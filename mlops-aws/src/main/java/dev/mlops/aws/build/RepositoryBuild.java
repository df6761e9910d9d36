package dev.mlops.aws.build;

import dev.mlops.aws.internal.bundle.DeterministicJar;
import dev.mlops.exception.MlopsClientException;
import dev.mlops.internal.RepositoryCode;
import dev.mlops.pipeline.MlPipeline;
import dev.mlops.pipeline.PipelineFactory;
import dev.mlops.pipeline.PipelineSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A model-build repository compiled in the build: its {@code pipelines/} sources against the SDK's API, the pipeline
 * its factory builds, and the jar of its code (classes and the other files under {@code pipelines/}) that the
 * pipeline's processing steps read from S3.
 */
final class RepositoryBuild implements AutoCloseable {
    private final Path root;
    private final Path classes;
    private final URLClassLoader loader;

    private RepositoryBuild(Path root, Path classes, URLClassLoader loader) {
        this.root = root;
        this.classes = classes;
        this.loader = loader;
    }

    /**
     * Compiles a repository's {@code pipelines/} folder.
     *
     * @param root the checked-out repository
     * @param work a scratch directory
     * @param log the build log
     * @return the build
     * @throws MlopsClientException when the sources are missing or do not compile
     */
    static RepositoryBuild compile(Path root, Path work, PrintStream log) {
        Path classes = work.resolve("classes");
        var sources = RepositoryCode.sources(root, RepositoryCode.PIPELINES_DIR);
        RepositoryCode.compile(root, RepositoryCode.PIPELINES_DIR, sources, RepositoryCode.apiClasspath(), classes, log);
        log.println("compiled " + sources.size() + " source files from " + RepositoryCode.PIPELINES_DIR + "/");
        copyResources(root.resolve(RepositoryCode.PIPELINES_DIR), classes.resolve(RepositoryCode.PIPELINES_DIR));
        try {
            URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
                    RepositoryBuild.class.getClassLoader());
            return new RepositoryBuild(root, classes, loader);
        } catch (MalformedURLException e) {
            throw new IllegalStateException("a file path always makes a URL", e);
        }
    }

    /**
     * Builds the pipeline with the factory named in {@code pipeline.properties}.
     *
     * @param settings the project's names and tags
     * @return the pipeline
     * @throws MlopsClientException when the factory is missing, of the wrong type, or fails
     */
    MlPipeline pipeline(PipelineSettings settings) {
        String name = RepositoryCode.pipelineFactory(root);
        Class<?> c;
        try {
            c = Class.forName(name, true, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new MlopsClientException("pipeline.properties names the factory " + name + ", which the repository's"
                    + " pipelines/ sources do not define", e, Map.of("factory", name));
        }
        if (!PipelineFactory.class.isAssignableFrom(c) || c.isInterface() || Modifier.isAbstract(c.getModifiers())) {
            throw new MlopsClientException("The factory " + name + " does not implement " + PipelineFactory.class.getName(),
                    null, Map.of("factory", name));
        }
        PipelineFactory factory;
        try {
            Constructor<?> k = c.getConstructor();
            factory = (PipelineFactory) k.newInstance();
        } catch (NoSuchMethodException e) {
            throw new MlopsClientException("The factory " + name + " has no public no-argument constructor", e,
                    Map.of("factory", name));
        } catch (InvocationTargetException e) {
            throw new MlopsClientException("The factory " + name + "'s constructor failed: " + e.getCause(), e.getCause(),
                    Map.of("factory", name));
        } catch (ReflectiveOperationException e) {
            throw new MlopsClientException("The factory " + name + " cannot be made: " + e, e, Map.of("factory", name));
        }
        ClassLoader before = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(loader);
        try {
            return factory.create(settings);
        } catch (RuntimeException e) {
            throw new MlopsClientException("The factory " + name + " failed to build the pipeline: " + e.getMessage(), e,
                    Map.of("factory", name));
        } finally {
            Thread.currentThread().setContextClassLoader(before);
        }
    }

    /** @return the jar of the compiled code and the other files under {@code pipelines/} */
    byte[] codeJar() {
        return DeterministicJar.of(classes);
    }

    private static void copyResources(Path from, Path to) {
        if (!Files.isDirectory(from)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.filter(Files::isRegularFile).filter(p -> !p.toString().endsWith(".java")).toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                Files.createDirectories(target.getParent());
                Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("copying the repository's files under " + from + " failed", e);
        }
    }

    @Override
    public void close() throws IOException {
        loader.close();
    }
}
