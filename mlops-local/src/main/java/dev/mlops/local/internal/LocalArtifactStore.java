package dev.mlops.local.internal;

import dev.mlops.exception.MlopsBackendException;
import dev.mlops.exception.NotFoundException;
import dev.mlops.spi.ArtifactRef;
import dev.mlops.spi.ArtifactStore;
import dev.mlops.spi.ProjectRecord;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Content-addressed files under the home directory: {@code artifacts/sha256/<2 hex>/<digest>/<file name>}. The
 * same content is stored once, whichever project or run made it; a copy is written to a temporary name and
 * moved into place so a reader never sees half a file.
 */
final class LocalArtifactStore implements ArtifactStore {
    private final LocalContext ctx;

    LocalArtifactStore(LocalContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public String backend() {
        return LocalContext.BACKEND;
    }

    @Override
    public dev.mlops.spi.WaitPolicy waitPolicy() {
        return ctx.waitPolicy();
    }

    @Override
    public java.util.Set<dev.mlops.template.Capability> capabilities() {
        return java.util.Set.of(LocalOrchestrator.EMBEDDED_FILES);
    }

    @Override
    public ArtifactRef put(ProjectRecord project, Path file) {
        try {
            String digest = sha256(file);
            Path dir = ctx.artifactDir().resolve("sha256").resolve(digest.substring(0, 2)).resolve(digest);
            Path target = dir.resolve(file.getFileName().toString());
            if (!Files.exists(target)) {
                Files.createDirectories(dir);
                Path tmp = Files.createTempFile(dir, ".part-", "");
                Files.copy(file, tmp, StandardCopyOption.REPLACE_EXISTING);
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            return new ArtifactRef(target.toUri().toString(), digest, Files.size(target));
        } catch (IOException e) {
            throw new MlopsBackendException("Cannot store artifact " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Path fetch(String uri) {
        Path p = filePath(uri).orElseThrow(() -> new NotFoundException("artifact", String.valueOf(uri),
                "the embedded artifact store holds file: URIs under " + ctx.artifactDir()
                        + "; this one belongs to another store"));
        if (!Files.isRegularFile(p)) {
            throw new NotFoundException("artifact", uri, "it was deleted from " + ctx.artifactDir());
        }
        return p;
    }

    /**
     * The local file a {@code file:} URI names; empty for a URI of another store ({@code s3://}, {@code memory://}…)
     * or one that is not a URI.
     */
    static Optional<Path> filePath(String uri) {
        if (uri == null) {
            return Optional.empty();
        }
        try {
            URI u = URI.create(uri);
            return "file".equalsIgnoreCase(u.getScheme()) ? Optional.of(Path.of(u)) : Optional.empty();
        } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            return Optional.empty();
        }
    }

    /**
     * The file of an artifact this store holds: a {@code file:} URI under the artifact directory. Deleting a
     * project deletes only these, never a file elsewhere that a version of another store happens to name.
     */
    static Optional<Path> ownedFile(Path artifactDir, String uri) {
        Path root = artifactDir.toAbsolutePath().normalize();
        return filePath(uri).map(p -> p.toAbsolutePath().normalize()).filter(p -> p.startsWith(root) && !p.equals(root));
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
