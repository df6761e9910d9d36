package dev.mlops.local.internal;

import dev.mlops.exception.MlopsClientException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A build context's {@code image.properties}, which declares a Java image that Jib builds without Docker:
 * {@code mainClass} (required), and optionally {@code sources} (a folder of {@code .java} files compiled by the
 * backend), {@code classes} (compiled classes), {@code resources}, {@code jars} (a folder of jars for the
 * classpath), {@code jvmFlags} (separated by spaces) and {@code base} ({@code scratch}, {@code tar:<file>} or a
 * registry reference). Folders are relative to the context and stay inside it.
 *
 * @param mainClass the entry point
 * @param sources the sources folder, if any
 * @param classes the classes folder, if any
 * @param resources the resources folder, if any
 * @param jars the jars folder, if any
 * @param jvmFlags the JVM flags
 * @param base the base image, if the file names one
 */
record JavaImageSpec(String mainClass, Optional<String> sources, Optional<String> classes, Optional<String> resources,
        Optional<String> jars, List<String> jvmFlags, Optional<String> base) {
    /** The descriptor's file name. */
    static final String FILE = "image.properties";
    private static final Set<String> KEYS = Set.of("mainClass", "sources", "classes", "resources", "jars", "jvmFlags", "base");
    private static final Pattern CLASS = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*(\\.[A-Za-z_$][A-Za-z0-9_$]*)*");

    /**
     * Reads a context's descriptor.
     *
     * @param context the build context
     * @return the spec, if the context has an {@code image.properties}
     * @throws MlopsClientException naming the key and the rule when the file is invalid
     */
    static Optional<JavaImageSpec> read(Path context) {
        Path file = context.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException | IllegalArgumentException e) {
            throw invalid("(file)", e.getMessage(), "a readable properties file");
        }
        for (String key : p.stringPropertyNames()) {
            if (!KEYS.contains(key)) {
                throw invalid(key, p.getProperty(key), "one of the keys " + new java.util.TreeSet<>(KEYS));
            }
        }
        String main = p.getProperty("mainClass", "").trim();
        if (!CLASS.matcher(main).matches()) {
            throw invalid("mainClass", main, "a Java class name, e.g. image.Main");
        }
        Optional<String> sources = folder(context, p, "sources");
        Optional<String> classes = folder(context, p, "classes");
        if (sources.isEmpty() && classes.isEmpty()) {
            throw invalid("sources", "", "set, or classes set: the image needs the class " + main);
        }
        List<String> flags = new ArrayList<>();
        for (String f : p.getProperty("jvmFlags", "").trim().split("\\s+")) {
            if (!f.isEmpty()) {
                flags.add(f);
            }
        }
        String base = p.getProperty("base", "").trim();
        return Optional.of(new JavaImageSpec(main, sources, classes, folder(context, p, "resources"), folder(context, p, "jars"),
                List.copyOf(flags), base.isEmpty() ? Optional.empty() : Optional.of(base)));
    }

    private static Optional<String> folder(Path context, Properties p, String key) {
        String v = p.getProperty(key, "").trim();
        if (v.isEmpty()) {
            return Optional.empty();
        }
        Path dir;
        try {
            dir = ContainedPaths.resolve(context, v, "folder " + key + " of " + FILE);
        } catch (RuntimeException e) {
            throw invalid(key, v, "a folder inside the build context");
        }
        if (!Files.isDirectory(dir)) {
            throw invalid(key, v, "an existing folder of the build context");
        }
        return Optional.of(v);
    }

    private static MlopsClientException invalid(String key, String value, String rule) {
        return new MlopsClientException(FILE + ": " + key + " = \"" + value + "\" is invalid: must be " + rule, null,
                Map.of("file", FILE, "key", key));
    }
}
