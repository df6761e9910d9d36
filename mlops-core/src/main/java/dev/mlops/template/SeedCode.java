package dev.mlops.template;

import dev.mlops.exception.MlopsClientException;
import dev.mlops.exception.ValidationException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The files a repository starts with, checked in as its first commit. Immutable: the files are read when
 * the seed is made, so a seed can be reused and compared.
 *
 * <pre>{@code
 * SeedCode mine = SeedCode.fromDirectory(Path.of("my-seed/modelbuild"));
 * }</pre>
 */
public final class SeedCode {
    private static final String INDEX = ".seed-index";
    private final Map<String, byte[]> files;
    private final String origin;

    private SeedCode(Map<String, byte[]> files, String origin) {
        this.files = Collections.unmodifiableMap(new TreeMap<>(files));
        this.origin = origin;
    }

    /**
     * Reads every regular file under a directory (skipping {@code .git}).
     *
     * @param dir the directory
     * @return the seed
     * @throws MlopsClientException if the directory does not exist, is empty, or cannot be read
     */
    public static SeedCode fromDirectory(Path dir) {
        if (dir == null || !Files.isDirectory(dir)) {
            throw new ValidationException("SeedCode.directory", dir, "an existing directory");
        }
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                String rel = dir.relativize(p).toString().replace('\\', '/');
                if (rel.startsWith(".git/")) {
                    continue;
                }
                files.put(rel, Files.readAllBytes(p));
            }
        } catch (IOException e) {
            throw new MlopsClientException("Cannot read seed code from " + dir + ": " + e.getMessage(), e, Map.of("directory", dir.toString()));
        }
        if (files.isEmpty()) {
            throw new ValidationException("SeedCode.directory", dir, "a directory holding at least one file");
        }
        return new SeedCode(files, dir.toString());
    }

    /**
     * Reads a seed shipped on the class path: a resource directory with a {@code .seed-index} file that lists
     * one relative path per line, or {@code path = source} to place
     * another resource (relative to the directory) at {@code path}.
     *
     * @param resourceDir the resource directory, e.g. {@code dev/mlops/seed/modelbuild}
     * @return the seed
     */
    public static SeedCode fromClasspath(String resourceDir) {
        ClassLoader loader = SeedCode.class.getClassLoader();
        String index = read(loader, resourceDir + "/" + INDEX);
        Map<String, byte[]> files = new TreeMap<>();
        for (String line : index.split("\n")) {
            String rel = line.trim();
            if (rel.isEmpty() || rel.startsWith("#")) {
                continue;
            }
            // "path = source" places a shared resource (such as the data set) at path in the seed.
            String source = rel;
            int eq = rel.indexOf('=');
            if (eq > 0) {
                source = rel.substring(eq + 1).trim();
                rel = rel.substring(0, eq).trim();
            }
            files.put(rel, readBytes(loader, normalize(resourceDir + "/" + source)));
        }
        return new SeedCode(files, "classpath:" + resourceDir);
    }

    /**
     * Makes a seed from files in memory.
     *
     * @param files relative path to content
     * @return the seed
     */
    public static SeedCode ofFiles(Map<String, byte[]> files) {
        if (files.isEmpty()) {
            throw new ValidationException("SeedCode.files", "{}", "at least one file");
        }
        Map<String, byte[]> copy = new TreeMap<>();
        files.forEach((k, v) -> copy.put(k, v.clone()));
        return new SeedCode(copy, "memory");
    }

    /**
     * Returns a copy of this seed with one file added or replaced.
     *
     * @param path relative path
     * @param content the file's content
     * @return a new seed
     */
    public SeedCode withFile(String path, String content) {
        Map<String, byte[]> copy = new TreeMap<>(files);
        copy.put(path, content.getBytes(StandardCharsets.UTF_8));
        return new SeedCode(copy, origin);
    }

    /**
     * The files, by relative path with {@code /} separators, in path order.
     *
     * @return an unmodifiable map; do not modify the arrays
     */
    public Map<String, byte[]> files() {
        return files;
    }

    /**
     * A SHA-256 digest over the paths and contents, to tell seeds apart.
     *
     * @return hex digest
     */
    public String digest() {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            files.forEach((k, v) -> {
                md.update(k.getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
                md.update(v);
            });
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SeedCode && ((SeedCode) o).digest().equals(digest());
    }

    @Override
    public int hashCode() {
        return digest().hashCode();
    }

    @Override
    public String toString() {
        return "SeedCode{" + origin + ", " + files.size() + " files}";
    }

    private static String normalize(String resource) {
        java.util.Deque<String> parts = new java.util.ArrayDeque<>();
        for (String part : resource.split("/")) {
            if (part.equals("..")) {
                parts.pollLast();
            } else if (!part.isEmpty() && !part.equals(".")) {
                parts.addLast(part);
            }
        }
        return String.join("/", parts);
    }

    private static String read(ClassLoader loader, String name) {
        return new String(readBytes(loader, name), StandardCharsets.UTF_8);
    }

    private static byte[] readBytes(ClassLoader loader, String name) {
        try (InputStream in = loader.getResourceAsStream(name)) {
            if (in == null) {
                throw new MlopsClientException("Seed resource " + name + " is not on the class path", null, Map.of("resource", name));
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
