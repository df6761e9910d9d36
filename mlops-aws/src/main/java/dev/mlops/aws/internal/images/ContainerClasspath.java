package dev.mlops.aws.internal.images;

import dev.mlops.exception.MlopsBackendException;
import dev.mlops.exception.MlopsClientException;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import dev.mlops.aws.internal.bundle.ClassPathJars;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The runtime jars of {@code mlops-container}, found on this machine. Its build lists their coordinates in
 * {@value #LIST}; each is looked up by {@link ClassPathJars} (the SDK bundle's finder too) on the JVM's class path,
 * then in the local Maven repository. The SDK's own modules may be class folders in a reactor build: those are packed into
 * a jar with fixed entry times, so the image's content depends on the classes only.
 */
final class ContainerClasspath {
    static final String LIST = "META-INF/mlops/container-classpath.txt";
    /** A class of each SDK module the image holds, to find the module wherever it was loaded from. */
    private static final Map<String, String> MARKERS = Map.of(
            "mlops-container", "dev.mlops.container.MonitorContainer",
            "mlops-core", "dev.mlops.exception.MlopsException");
    private static final LocalDateTime FIXED = LocalDateTime.of(1980, 1, 1, 0, 0); // zip's earliest time

    /** One artifact of the list. */
    record Artifact(String groupId, String artifactId, String version) {
        String jarName() {
            return artifactId + "-" + version + ".jar";
        }

        boolean sdk() {
            return groupId.equals("dev.mlops");
        }
    }

    private ContainerClasspath() {
    }

    /** The artifacts of the list, then mlops-container itself (at the SDK's version). */
    static List<Artifact> artifacts() {
        String text;
        try (InputStream in = ContainerClasspath.class.getClassLoader().getResourceAsStream(LIST)) {
            if (in == null) {
                throw new MlopsClientException("mlops-container's " + LIST + " is not on the class path: put the"
                        + " mlops-container jar beside mlops-aws, or give SdkImage.builder().classpath(...) the jars");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new MlopsBackendException("Cannot read " + LIST + ": " + e.getMessage(), e);
        }
        List<Artifact> out = new ArrayList<>();
        String sdkVersion = null;
        for (String line : text.replaceAll("\u001B\\[[0-9;]*m", "").split("\n")) {
            String token = line.strip().split("\\s+")[0];
            String[] parts = token.split(":");
            if (parts.length < 4 || !parts[2].equals("jar")) {
                continue; // the header line, blank lines
            }
            String version = parts[parts.length - 1];
            out.add(new Artifact(parts[0], parts[1], version));
            if (parts[0].equals("dev.mlops") && parts[1].equals("mlops-core")) {
                sdkVersion = version;
            }
        }
        if (sdkVersion == null) {
            throw new MlopsBackendException(LIST + " does not list dev.mlops:mlops-core; rebuild mlops-container", null);
        }
        out.add(new Artifact("dev.mlops", "mlops-container", sdkVersion));
        return List.copyOf(out);
    }

    /** The SDK version the list was built with. */
    static String sdkVersion() {
        return artifacts().get(artifacts().size() - 1).version();
    }

    /**
     * The jar files, by the file name they take in the image.
     *
     * @param scratch where class folders are packed into jars
     * @throws MlopsClientException naming the artifacts found nowhere
     */
    static Map<String, Path> resolve(Path scratch) {
        Map<String, Path> jars = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        List<Class<?>> anchors = new ArrayList<>();
        for (String marker : MARKERS.values()) {
            try {
                anchors.add(Class.forName(marker));
            } catch (ClassNotFoundException e) {
                // not on this class path: found by file name or in the local repository instead
            }
        }
        ClassPathJars finder = ClassPathJars.of(ContainerClasspath.class.getClassLoader(), anchors.toArray(Class<?>[]::new));
        for (Artifact a : artifacts()) {
            Path found = finder.locateOrInLocalRepository(a.groupId(), a.artifactId(), null, a.version()).orElse(null);
            if (found == null) {
                missing.add(a.groupId() + ":" + a.artifactId() + ":" + a.version());
                continue;
            }
            jars.put(a.jarName(), Files.isDirectory(found) ? packed(found, scratch.resolve(a.jarName())) : found);
        }
        if (!missing.isEmpty()) {
            throw new MlopsClientException("The SDK image needs " + missing + ", found neither on the class path nor in"
                    + " the local Maven repository " + ClassPathJars.localRepository() + ": add them to the class path"
                    + " or give SdkImage.builder().classpath(...) the jars");
        }
        return jars;
    }

    /** A class folder as a jar: entries sorted, times fixed, so equal classes make an equal jar. */
    static Path packed(Path dir, Path jar) {
        try (Stream<Path> walk = Files.walk(dir)) {
            List<Path> files = walk.filter(Files::isRegularFile).sorted().toList();
            Files.createDirectories(jar.getParent());
            try (OutputStream out = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(out)) {
                for (Path f : files) {
                    ZipEntry e = new ZipEntry(dir.relativize(f).toString().replace(File.separatorChar, '/'));
                    e.setTimeLocal(FIXED); // DOS time only: the same bytes in every time zone
                    zip.putNextEntry(e);
                    Files.copy(f, zip);
                    zip.closeEntry();
                }
            }
            return jar;
        } catch (IOException e) {
            throw new MlopsBackendException("Cannot pack " + dir + " into " + jar + ": " + e.getMessage(), e);
        }
    }
}
