package dev.mlops.aws.internal.bundle;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * A jar of a directory's files whose bytes depend on the files only: entries in path order, one fixed time stamp, no
 * time zone, so that the same classes always give the same digest (and the same content-addressed key).
 */
public final class DeterministicJar {
    private static final LocalDateTime EPOCH = LocalDateTime.of(1980, 1, 1, 0, 0);

    private DeterministicJar() {
    }

    /**
     * Jars a directory.
     *
     * @param dir the directory, e.g. compiled classes
     * @return the jar's bytes
     * @throws UncheckedIOException if the directory cannot be read
     */
    public static byte[] of(Path dir) {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Stream<Path> walk = Files.walk(dir); JarOutputStream jar = new JarOutputStream(bytes)) {
            JarEntry m = new JarEntry("META-INF/MANIFEST.MF");
            m.setTimeLocal(EPOCH);
            jar.putNextEntry(m);
            manifest.write(jar);
            jar.closeEntry();
            List<Path> files = walk.filter(Files::isRegularFile).sorted().toList();
            for (Path f : files) {
                String name = dir.relativize(f).toString().replace(java.io.File.separatorChar, '/');
                if (name.equals("META-INF/MANIFEST.MF")) {
                    continue;
                }
                JarEntry e = new JarEntry(name);
                e.setTimeLocal(EPOCH);
                jar.putNextEntry(e);
                Files.copy(f, jar);
                jar.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("jarring " + dir + " failed", e);
        }
        return bytes.toByteArray();
    }
}
