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
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Content-addressed files under the home directory: {@code artifacts/sha256/<2 hex>/<digest>/<file name>}. The
 * same content is stored once, whichever project or run made it; a copy is written to a temporary name and
 * moved into place so a reader never sees half a file.
 *
 * <p>An artifact's URI is relative to the home, {@code home:artifacts/sha256/ab/abcd…/model.tar.gz}, and is
 * resolved against the home of the backend that reads it: a copied or moved home is self-contained, and deleting
 * in one never touches another's files. URIs of older homes ({@code file:/…/artifacts/sha256/…}) are rewritten
 * when such a home is opened ({@link HomeMigration}); one that still points elsewhere is read, never deleted.
 *
 * <p>Every fetch checks the content against the digest its content-addressed path carries, and
 * {@link #fetch(String, String, String)} against a recorded digest as well: an artifact changed or replaced
 * after it was stored is refused, naming it and both digests, never served.
 */
final class LocalArtifactStore implements ArtifactStore {
    private static final Logger LOG = LoggerFactory.getLogger(LocalArtifactStore.class);
    /** The scheme of artifact URIs relative to the home. */
    static final String HOME_SCHEME = "home:";
    private static final Pattern DIGEST = Pattern.compile("[0-9a-f]{64}");

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
            if (!Files.exists(target) || !digest.equals(sha256(target))) {
                OwnerOnly.createDirectories(dir);
                Path tmp = Files.createTempFile(dir, ".part-", ""); // 0600 on POSIX, kept by writing into it
                try (java.io.OutputStream out = Files.newOutputStream(tmp, java.nio.file.StandardOpenOption.TRUNCATE_EXISTING)) {
                    Files.copy(file, out);
                }
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
        throw new dev.mlops.exception.NotFoundException("artifact", String.valueOf(uri),
                "the embedded artifact store holds home: (and older file:) URIs; this one belongs to another store");
    }

    /** @return whether a path is inside this home's artifact directory (so this store may delete it) */
    boolean owns(Path p) {
        return p.toAbsolutePath().normalize().startsWith(ctx.artifactDir());
    }

    /**
     * A readable file holding the artifact, checked against the digest in its content-addressed path.
     *
     * @throws NotFoundException if it does not exist
     * @throws MlopsBackendException if its content does not match its digest
     */
    @Override
    public Path fetch(String uri) {
        return fetch(uri, null, null);
    }

    /**
     * A readable file holding the artifact, checked against the digest in its content-addressed path and against
     * the digest recorded for it (a model version's lineage keeps {@code artifact.<kind>.sha256}).
     *
     * @param uri the artifact's URI
     * @param expectedSha256 the recorded digest, or null
     * @param what what the artifact is, for messages (e.g. "container xgboost of model version 3"), or null
     * @return the file
     * @throws NotFoundException if it does not exist
     * @throws MlopsBackendException (not retryable) if its content does not match a digest, naming the artifact,
     *         the expected and the actual digest
     */
    Path fetch(String uri, String expectedSha256, String what) {
        Path p = resolve(uri);
        if (!Files.isRegularFile(p)) {
            throw new NotFoundException("artifact", uri, "it was deleted from " + ctx.artifactDir());
        }
        String inPath = pathDigest(p);
        if (inPath == null && expectedSha256 == null) {
            return p;
        }
        String actual;
        try {
            actual = sha256(p);
        } catch (IOException e) {
            throw new MlopsBackendException("Cannot read artifact " + uri + " (" + p + "): " + e.getMessage(), e,
                    Map.of("uri", uri), true);
        }
        String label = (what == null ? "Artifact " : "Artifact " + what + ", ") + uri;
        if (expectedSha256 != null && !expectedSha256.equalsIgnoreCase(actual)) {
            throw mismatch(label, uri, p, expectedSha256, actual, "the digest recorded when it was registered");
        }
        if (inPath != null && !inPath.equals(actual)) {
            throw mismatch(label, uri, p, inPath, actual, "the digest its content-addressed path names");
        }
        return p;
    }

    /** An artifact whose content does not match its digest: not retryable, it needs the file put right. */
    static final class DigestMismatchException extends MlopsBackendException {
        private static final long serialVersionUID = 1L;

        DigestMismatchException(String message, Map<String, String> context) {
            super(message, null, context, false);
        }
    }

    private static MlopsBackendException mismatch(String label, String uri, Path p, String expected, String actual,
            String which) {
        String message = label + " was changed or replaced after it was stored: its content has sha256 " + actual
                + ", but " + which + " is sha256 " + expected + " (file " + p + "); refusing to load it. Register the"
                + " model again (run the build pipeline) or restore the file from a backup";
        LOG.error(message);
        return new DigestMismatchException(message, Map.of("uri", uri, "expectedSha256", expected, "actualSha256", actual));
    }

    /** The digest a content-addressed path {@code …/sha256/<xx>/<digest>/<file>} names, or null. */
    static String pathDigest(Path p) {
        int n = p.getNameCount();
        if (n < 4 || !p.getName(n - 4).toString().equals("sha256")) {
            return null;
        }
        String digest = p.getName(n - 2).toString();
        String prefix = p.getName(n - 3).toString();
        return DIGEST.matcher(digest).matches() && digest.startsWith(prefix) ? digest : null;
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
