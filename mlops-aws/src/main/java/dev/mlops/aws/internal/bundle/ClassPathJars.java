package dev.mlops.aws.internal.bundle;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

/**
 * Finds Maven artifacts among the jars and class folders this process runs from: the SDK bundle's and the SDK
 * image's one jar finder. The candidates are {@code java.class.path}, every jar a class loader can see (Surefire and
 * launchers hide the class path behind a manifest jar) and the code sources of given anchor classes. An artifact is
 * found by its file name ({@code artifactId-version[-classifier].jar}), as an SDK module's {@code target/classes} or
 * jar, by the {@code pom.properties} inside a renamed jar, and optionally in the local Maven repository.
 */
public final class ClassPathJars {
    private final Map<String, Path> candidates;

    private ClassPathJars(Map<String, Path> candidates) {
        this.candidates = candidates;
    }

    /**
     * The candidates of a class loader.
     *
     * @param loader the loader whose class path to search
     * @param anchors classes whose jar or class folder is a candidate wherever it was loaded from
     * @return the finder
     */
    public static ClassPathJars of(ClassLoader loader, Class<?>... anchors) {
        Set<Path> paths = new LinkedHashSet<>();
        for (String e : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (!e.isBlank()) {
                paths.add(Path.of(e));
            }
        }
        try {
            Enumeration<URL> manifests = loader.getResources("META-INF/MANIFEST.MF");
            while (manifests.hasMoreElements()) {
                jarOf(manifests.nextElement()).ifPresent(paths::add);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("listing the class path failed", e);
        }
        for (Class<?> c : anchors) {
            codeSource(c).ifPresent(paths::add);
        }
        Map<String, Path> out = new LinkedHashMap<>();
        for (Path p : paths) {
            Path abs = p.toAbsolutePath().normalize();
            if (Files.exists(abs)) {
                out.putIfAbsent(abs.toString(), abs);
            }
        }
        return new ClassPathJars(out);
    }

    /**
     * The jar or class folder of an artifact among the candidates.
     *
     * @param group e.g. {@code com.fasterxml.jackson.core}
     * @param artifact e.g. {@code jackson-core}
     * @param classifier the classifier, or {@code null}
     * @param version e.g. {@code 2.17.2}
     * @return where it is, or empty
     */
    public Optional<Path> locate(String group, String artifact, String classifier, String version) {
        String fileName = fileName(artifact, classifier, version);
        for (Path p : candidates.values()) {
            if (p.getFileName() != null && p.getFileName().toString().equals(fileName)) {
                return Optional.of(p);
            }
        }
        for (Path p : candidates.values()) {
            if ("dev.mlops".equals(group) && isModule(p, artifact)) {
                return Optional.of(p);
            }
        }
        for (Path p : candidates.values()) {   // renamed jars (timestamped snapshots): what the jar says it is
            if (Files.isRegularFile(p) && pomMatches(p, group, artifact)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /**
     * As {@link #locate}, then in the local Maven repository ({@code maven.repo.local}, else {@code ~/.m2/repository}).
     *
     * @param group the group id
     * @param artifact the artifact id
     * @param classifier the classifier, or {@code null}
     * @param version the version
     * @return where it is, or empty
     */
    public Optional<Path> locateOrInLocalRepository(String group, String artifact, String classifier, String version) {
        return locate(group, artifact, classifier, version).or(() -> {
            Path local = localRepository().resolve(group.replace('.', '/')).resolve(artifact).resolve(version)
                    .resolve(fileName(artifact, classifier, version));
            return Files.isRegularFile(local) ? Optional.of(local) : Optional.empty();
        });
    }

    /**
     * The first candidate that is an SDK module's jar or class folder.
     *
     * @param artifact e.g. {@code mlops-container}
     * @return where it is, or empty
     */
    public Optional<Path> module(String artifact) {
        return candidates.values().stream().filter(p -> isModule(p, artifact)).findFirst();
    }

    /** @return the local Maven repository */
    public static Path localRepository() {
        return Path.of(System.getProperty("maven.repo.local",
                Path.of(System.getProperty("user.home"), ".m2", "repository").toString()));
    }

    private static String fileName(String artifact, String classifier, String version) {
        return artifact + "-" + version + (classifier != null ? "-" + classifier : "") + ".jar";
    }

    /** A module of this SDK as a development build has it ({@code <module>/target/classes}) or as its jar. */
    static boolean isModule(Path p, String artifact) {
        if (Files.isDirectory(p)) {
            Path target = p.getParent();
            return target != null && target.getFileName() != null && target.getFileName().toString().equals("target")
                    && p.getFileName().toString().equals("classes") && target.getParent() != null
                    && target.getParent().getFileName().toString().equals(artifact);
        }
        String n = p.getFileName() == null ? "" : p.getFileName().toString();
        return n.startsWith(artifact + "-") && n.endsWith(".jar") && n.length() > artifact.length() + 1
                && Character.isDigit(n.charAt(artifact.length() + 1));
    }

    private static boolean pomMatches(Path jar, String group, String artifact) {
        try (JarFile j = new JarFile(jar.toFile())) {
            ZipEntry e = j.getEntry("META-INF/maven/" + group + "/" + artifact + "/pom.properties");
            if (e == null) {
                return false;
            }
            Properties p = new Properties();
            try (InputStream in = j.getInputStream(e)) {
                p.load(in);
            }
            return artifact.equals(p.getProperty("artifactId")) && group.equals(p.getProperty("groupId"));
        } catch (IOException e) {
            return false;
        }
    }

    private static Optional<Path> jarOf(URL url) {
        if (!"jar".equals(url.getProtocol())) {
            return Optional.empty();
        }
        String s = url.getPath();
        int bang = s.indexOf("!/");
        if (bang < 0 || !s.startsWith("file:")) {
            return Optional.empty();
        }
        try {
            return Optional.of(Path.of(new java.net.URI(s.substring(0, bang))));
        } catch (URISyntaxException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * Where a class was loaded from.
     *
     * @param c the class
     * @return its jar or class folder, or empty when the JVM does not say
     */
    public static Optional<Path> codeSource(Class<?> c) {
        try {
            java.security.CodeSource source = c.getProtectionDomain().getCodeSource();
            return source == null ? Optional.empty() : Optional.of(Path.of(source.getLocation().toURI()));
        } catch (URISyntaxException | IllegalArgumentException | SecurityException e) {
            return Optional.empty();
        }
    }
}
