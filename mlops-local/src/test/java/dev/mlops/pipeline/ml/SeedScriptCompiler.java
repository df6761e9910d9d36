package dev.mlops.pipeline.ml;

import dev.mlops.pipeline.ProcessingScript;
import java.io.IOException;
import java.io.InputStream;
import java.io.ByteArrayOutputStream;
import java.io.UncheckedIOException;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Compiles the seed scripts from their source resources, as the pipeline runtime compiles a project's
 * scripts, and loads them in a child class loader.
 */
final class SeedScriptCompiler implements AutoCloseable {
    // -path: jars on the class path (scala-compiler) name missing jars in their manifests.
    static final String SEED = "/dev/mlops/seed/modelbuild/";

    private final URLClassLoader loader;

    SeedScriptCompiler(Path workDir, String... scripts) {
        try {
            Path src = Files.createDirectories(workDir.resolve("src"));
            Path classes = Files.createDirectories(workDir.resolve("classes"));
            List<String> args = new ArrayList<>(List.of("--release", "17", "-Xlint:all,-path", "-Werror",
                    "-proc:none", "-d", classes.toString(), "-cp", System.getProperty("java.class.path")));
            for (String script : scripts) {
                Path file = src.resolve(script);
                Files.createDirectories(file.getParent());
                try (InputStream in = SeedScriptCompiler.class.getResourceAsStream(SEED + script)) {
                    if (in == null) {
                        throw new IllegalStateException("no seed resource " + SEED + script);
                    }
                    Files.copy(in, file);
                }
                args.add(file.toString());
            }
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
            int rc = javac.run(null, diagnostics, diagnostics, args.toArray(String[]::new));
            if (rc != 0) {
                throw new IllegalStateException("javac failed with " + rc + " " + diagnostics);
            }
            loader = new URLClassLoader(new java.net.URL[] {classes.toUri().toURL()},
                    SeedScriptCompiler.class.getClassLoader());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    ProcessingScript load(String className) throws ReflectiveOperationException {
        return loader.loadClass(className).asSubclass(ProcessingScript.class).getConstructor().newInstance();
    }

    @Override
    public void close() throws IOException {
        loader.close();
    }
}
