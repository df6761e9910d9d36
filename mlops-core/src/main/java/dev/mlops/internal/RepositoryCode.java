package dev.mlops.internal;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.exception.MlopsClientException;
import dev.mlops.pipeline.MlPipeline;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Java code kept in a project's repositories, as every backend's build stage treats it: the sources under a folder,
 * compiled with {@code javac --release 17} against the SDK's public API only, the class names they define, and the
 * pipeline factory a model-build repository names in {@code pipeline.properties}. The embedded backend compiles
 * into its cache and runs the classes in a child JVM; the AWS build stage compiles in CodeBuild.
 */
public final class RepositoryCode {
    /** The file of a model-build repository that names its pipeline factory. */
    public static final String PIPELINE_PROPERTIES = "pipeline.properties";
    /** The folder of a model-build repository's sources. */
    public static final String PIPELINES_DIR = "pipelines";
    /** The folder of a model-deploy repository's endpoint tests. */
    public static final String TESTS_DIR = "test";

    /** The code sources of these classes are the class path repository code compiles against. */
    private static final List<String> API_CLASSES = List.of(MlPipeline.class.getName(), ObjectMapper.class.getName(),
            "com.fasterxml.jackson.core.JsonFactory", JsonProperty.class.getName(),
            "com.fasterxml.jackson.datatype.jsr310.JavaTimeModule", "org.slf4j.LoggerFactory");

    private RepositoryCode() {
    }

    /**
     * The class named by a model-build repository's {@code pipeline.properties} (key {@code factory}).
     *
     * @param root the checked-out repository
     * @return a class name, e.g. {@code pipelines.abalone.AbalonePipeline}
     * @throws MlopsClientException if the file or the key is missing
     */
    public static String pipelineFactory(Path root) {
        Path props = root.resolve(PIPELINE_PROPERTIES);
        if (!Files.isRegularFile(props)) {
            throw new MlopsClientException("The model-build repository has no pipeline.properties naming its pipeline"
                    + " factory (factory=<class implementing dev.mlops.pipeline.PipelineFactory>)", null, Map.of());
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(props)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + props + " failed", e);
        }
        String factoryClass = p.getProperty("factory", "").trim();
        if (factoryClass.isEmpty()) {
            throw new MlopsClientException("pipeline.properties has no 'factory' entry", null, Map.of());
        }
        return factoryClass;
    }

    /**
     * Every {@code .java} file under {@code root/dir}, in path order.
     *
     * @param root the checked-out repository
     * @param dir the folder, relative to root
     * @return the files; empty if the folder is missing
     */
    public static List<Path> sources(Path root, String dir) {
        List<Path> sources = new ArrayList<>();
        Path base = root.resolve(dir);
        if (Files.isDirectory(base)) {
            try (Stream<Path> walk = Files.walk(base)) {
                walk.filter(p -> p.toString().endsWith(".java")).sorted().forEach(sources::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return sources;
    }

    /**
     * The class names of the sources under dir, from their paths ({@code test/StagingEndpointTest.java} gives
     * {@code test.StagingEndpointTest}).
     *
     * @param root the checked-out repository
     * @param dir the folder, relative to root
     * @return the names, in path order
     */
    public static List<String> classNames(Path root, String dir) {
        List<String> out = new ArrayList<>();
        for (Path p : sources(root, dir)) {
            String rel = root.relativize(p).toString().replace(File.separatorChar, '/');
            out.add(rel.substring(0, rel.length() - ".java".length()).replace('/', '.'));
        }
        return out;
    }

    /**
     * What repository code compiles against: the SDK's API (mlops-core) and the libraries its signatures use
     * (Jackson, SLF4J's API), found from the code sources of their classes in this process. Nothing of a backend.
     *
     * @return a class path, entries joined with the platform's separator
     */
    public static String apiClasspath() {
        Set<String> entries = new LinkedHashSet<>();
        for (String name : API_CLASSES) {
            try {
                URL loc = Class.forName(name, false, RepositoryCode.class.getClassLoader()).getProtectionDomain()
                        .getCodeSource().getLocation();
                entries.add(Path.of(loc.toURI()).toString());
            } catch (ClassNotFoundException | LinkageError | URISyntaxException | NullPointerException | SecurityException e) {
                // a class without a code source (unusual class loaders) adds nothing
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    /**
     * Compiles sources into a directory with {@code javac --release 17 -proc:none -g}. Compiler messages name the
     * files relative to the repository.
     *
     * @param root the checked-out repository (its path is cut from messages)
     * @param dir the folder the sources are under, for messages
     * @param sources the files to compile
     * @param classpath what they compile against, e.g. {@link #apiClasspath()}
     * @param out the directory to write classes to (created if missing)
     * @param log receives the compiler's messages
     * @throws MlopsClientException naming the file and line when the sources do not compile, or when this runtime
     *     has no compiler
     */
    public static void compile(Path root, String dir, List<Path> sources, String classpath, Path out, PrintStream log) {
        if (sources.isEmpty()) {
            throw new MlopsClientException("No Java sources under " + dir + "/ in the repository", null, Map.of("dir", dir));
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new MlopsClientException("No Java compiler in this runtime (" + System.getProperty("java.home")
                    + "): run on a JDK, not a JRE, to build repository code", null, Map.of());
        }
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> args = new ArrayList<>(List.of("-d", out.toString(), "-cp", classpath, "--release", "17",
                "-proc:none", "-nowarn", "-encoding", "UTF-8", "-g"));
        sources.forEach(s -> args.add(s.toString()));
        ByteArrayOutputStream messages = new ByteArrayOutputStream();
        int rc = javac.run(null, messages, messages, args.toArray(new String[0]));
        String text = messages.toString(StandardCharsets.UTF_8).replace(root.toString() + File.separator, "");
        if (!text.isBlank()) {
            log.print(text);
        }
        if (rc != 0) {
            throw new MlopsClientException("The repository's Java sources under " + dir + "/ do not compile:\n"
                    + text.strip(), null, Map.of("dir", dir));
        }
    }
}
