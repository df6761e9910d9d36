package dev.mlops.local.internal;

import dev.mlops.exception.MlopsBackendException;
import dev.mlops.exception.MlopsClientException;
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
import java.util.Map;

/**
 * Content-addressed files under the home directory: {@code artifacts/sha256/<2 hex>/<digest>/<file name>}. The
 * same content is stored once, whichever project or run made it; a copy is written to a temporary name and
 * moved into place so a reader never sees half a file.
 *
 * <p>An artifact's URI is relative to the home, {@code home:artifacts/sha256/ab/abcd…/model.tar.gz}, and is
 * resolved against the home of the backend that reads it: a copied or moved home is self-contained, and deleting
 * in one never touches another's files. URIs of older homes ({@code file:/…/artifacts/sha256/…}) are rewritten
 * when such a home is opened ({@link HomeMigration}); one that still points elsewhere is read, never deleted.
 */
final class LocalArtifactStore implements ArtifactStore {
    /** The scheme of artifact URIs relative to the home. */
    static final String HOME_SCHEME = "home:";

    private final LocalContext ctx;

    LocalArtifactStore(LocalContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public String backend() {
        return LocalContext.BACKEND;
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
            return new ArtifactRef(uriOf(target), digest, Files.size(target));
        } catch (IOException e) {
            throw new MlopsBackendException("Cannot store artifact " + file + ": " + e.getMessage(), e);
        }
    }

    /** The URI of a file under the home: {@code home:} and its path relative to the home, with '/'. */
    String uriOf(Path file) {
        Path rel = ctx.home().relativize(file.toAbsolutePath().normalize());
        StringBuilder sb = new StringBuilder(HOME_SCHEME);
        for (int i = 0; i < rel.getNameCount(); i++) {
            sb.append(i == 0 ? "" : "/").append(rel.getName(i));
        }
        return sb.toString();
    }

    /**
     * Where an artifact URI points on this machine: a {@code home:} URI under this backend's home, a {@code file:}
     * URI (of an older home) where it says.
     *
     * @param uri the artifact's URI
     * @return the path (which may not exist)
     * @throws MlopsClientException if the URI is neither, or a {@code home:} URI leaves the home
     */
    Path resolve(String uri) {
        if (uri != null && uri.startsWith(HOME_SCHEME)) {
            String rel = uri.substring(HOME_SCHEME.length());
            Path p = ctx.home().resolve(rel).normalize();
            if (rel.isEmpty() || Path.of(rel).isAbsolute() || !p.startsWith(ctx.home())) {
                throw new MlopsClientException("Artifact URI " + uri + " leaves the home " + ctx.home(), null,
                        Map.of("uri", uri));
            }
            return p;
        }
        if (uri != null && uri.startsWith("file:")) {
            return Path.of(URI.create(uri));
        }
        throw new MlopsClientException("Artifact URI " + uri + " is not one of the embedded artifact store's (home:…"
                + " or file:…)", null, Map.of("uri", String.valueOf(uri)));
    }

    /** @return whether a path is inside this home's artifact directory (so this store may delete it) */
    boolean owns(Path p) {
        return p.toAbsolutePath().normalize().startsWith(ctx.artifactDir());
    }

    @Override
    public Path fetch(String uri) {
        Path p = resolve(uri);
        if (!Files.isRegularFile(p)) {
            throw new NotFoundException("artifact", uri, "it was deleted from " + ctx.artifactDir());
        }
        return p;
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
