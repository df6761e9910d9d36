package dev.mlops.testkit.memory;

import dev.mlops.exception.MlopsBackendException;
import dev.mlops.exception.MlopsClientException;
import dev.mlops.exception.NotFoundException;
import dev.mlops.exception.ValidationException;
import dev.mlops.spi.ArtifactRef;
import dev.mlops.spi.ArtifactStore;
import dev.mlops.spi.ProjectRecord;
import dev.mlops.spi.WaitPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * In-memory artifacts, by content: {@code memory://artifacts/sha256/<digest>/<file name>}. The same content under
 * the same name is stored once. {@link #fetch} writes the bytes to a file under a temporary directory that the
 * backend deletes when it is closed. Unlike the other components, reads do not lag writes (object stores such as S3
 * read their writes).
 */
public final class InMemoryArtifactStore implements ArtifactStore {
    private static final String PREFIX = "memory://artifacts/sha256/";

    private final MemoryState state;
    private final WaitPolicy policy;
    private final Map<String, byte[]> objects = new HashMap<>();
    private final Map<String, Path> fetched = new HashMap<>();
    private Path scratch;

    InMemoryArtifactStore(MemoryState state, WaitPolicy policy) {
        this.state = state;
        this.policy = policy;
    }

    @Override
    public String backend() {
        return MemoryState.BACKEND;
    }

    @Override
    public WaitPolicy waitPolicy() {
        return policy;
    }

    @Override
    public ArtifactRef put(ProjectRecord project, Path file) {
        if (file == null) {
            throw new ValidationException("ArtifactStore.put.file", null, "a readable file");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new MlopsClientException("Cannot store artifact " + file + ": no such file", e, Map.of("file", file.toString()));
        } catch (IOException e) {
            throw new MlopsBackendException("Cannot read artifact " + file + ": " + e.getMessage(), e);
        }
        String name = file.getFileName().toString();
        return state.call("artifacts.put", () -> putNow(name, bytes));
    }

    @Override
    public Path fetch(String uri) {
        if (uri == null || uri.isBlank()) {
            throw new ValidationException("ArtifactStore.fetch.uri", uri, "the URI of a stored artifact");
        }
        return state.call("artifacts.fetch", () -> {
            byte[] bytes = objects.get(uri);
            if (bytes == null) {
                throw new NotFoundException("artifact", uri, uri.startsWith(PREFIX) ? "it is not in the memory store"
                        : "the memory store holds only " + PREFIX + "… URIs");
            }
            Path known = fetched.get(uri);
            if (known != null && Files.isRegularFile(known)) {
                return known;
            }
            try {
                if (scratch == null) {
                    scratch = Files.createTempDirectory("mlops-memory-artifacts-");
                }
                String rest = uri.substring(PREFIX.length());
                Path dir = Files.createDirectories(scratch.resolve(rest.substring(0, rest.indexOf('/'))));
                Path out = dir.resolve(rest.substring(rest.indexOf('/') + 1));
                Files.write(out, bytes);
                fetched.put(uri, out);
                return out;
            } catch (IOException e) {
                throw new MlopsBackendException("Cannot write artifact " + uri + " to a temporary file: " + e.getMessage(), e);
            }
        });
    }

    /** Stores bytes under a name without counting a call (under the lock). */
    ArtifactRef putNow(String name, byte[] bytes) {
        String digest = sha256(bytes);
        String uri = PREFIX + digest + "/" + name;
        objects.putIfAbsent(uri, bytes.clone());
        return new ArtifactRef(uri, digest, bytes.length);
    }

    /** Deletes the fetched files. */
    void close() {
        state.locked(() -> {
            if (scratch != null) {
                try (var files = Files.walk(scratch)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                } catch (IOException e) {
                    // best effort: a temporary directory
                }
            }
            return null;
        });
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "InMemoryArtifactStore";
    }
}
