package dev.mlops.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.exception.MlopsClientException;
import dev.mlops.exception.MlopsException;
import dev.mlops.exception.NotFoundException;
import dev.mlops.spi.ArtifactRef;
import dev.mlops.spi.ArtifactStore;
import dev.mlops.spi.Backend;
import dev.mlops.spi.ProjectRecord;
import dev.mlops.spi.ProjectStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract of an {@link ArtifactStore}, checked through the SPI: a stored file comes back byte for byte under
 * its file name, its reference carries its SHA-256 and size, the same content gets the same digest and other content
 * another, and an artifact it does not hold (or a URI of another store) is a {@link NotFoundException}, a file that
 * does not exist an {@link MlopsException}.
 *
 * <p>{@link #missingUri(ArtifactRef)} makes the URI of an artifact the store does not hold from one it does; the
 * default replaces the digest in the URI, which suits content-addressed stores.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ArtifactStoreCompatibilityKit {

    /** Scratch space for the backend and the kit's files. */
    @TempDir
    static Path scratch;

    private Backend backend;
    private ArtifactStore artifacts;
    private ProjectStore store;
    private ProjectRecord project;

    /** Makes the kit; subclasses name the backend in {@link #newBackend(Path)}. */
    protected ArtifactStoreCompatibilityKit() {
    }

    /**
     * Makes the backend that holds the artifact store under test. Called once; the kit closes it after the last test.
     *
     * @param scratch an empty directory the backend may use
     * @return the backend
     */
    protected abstract Backend newBackend(Path scratch);

    /**
     * The artifact store under test.
     *
     * @param backend the backend
     * @return by default the backend's own
     */
    protected ArtifactStore artifacts(Backend backend) {
        return backend.artifacts().orElseThrow(() -> new AssertionError(backend.name() + " has no artifact store"));
    }

    /**
     * The URI of an artifact the store does not hold, made from one it does.
     *
     * @param known a stored artifact
     * @return by default its URI with another digest
     */
    protected String missingUri(ArtifactRef known) {
        String other = known.sha256().startsWith("0") ? "1" + known.sha256().substring(1) : "0" + known.sha256().substring(1);
        if (!known.uri().contains(known.sha256())) {
            throw new AssertionError("the URI " + known.uri() + " does not hold the digest: override missingUri");
        }
        return known.uri().replace(known.sha256(), other);
    }

    @BeforeAll
    void startBackend() {
        backend = newBackend(scratch.resolve("backend"));
        artifacts = artifacts(backend);
        store = backend.projectStore().orElseThrow(() -> new AssertionError(backend.name() + " has no project store"));
        project = Kits.record(store, Kits.name("artifacts"), Kits.bare("tck-artifacts"));
    }

    @AfterAll
    void stopBackend() {
        try {
            if (project != null) {
                store.delete(project);
            }
        } finally {
            Kits.close(backend);
        }
    }

    private static Path file(String dir, String name, String content) {
        try {
            Path d = Files.createDirectories(scratch.resolve("files").resolve(dir));
            return Files.writeString(d.resolve(name), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void put_thenFetch_givesTheSameBytes_underTheFileName() throws IOException {
        String content = "tck model bytes \u00e9\n".repeat(100);
        Path f = file("one", "model.tar.gz", content);
        ArtifactRef ref = artifacts.put(project, f);
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        assertThat(ref.uri()).isNotBlank();
        assertThat(ref.sha256()).isEqualTo(sha256(bytes));
        assertThat(ref.size()).isEqualTo(bytes.length);
        Path fetched = artifacts.fetch(ref.uri());
        assertThat(fetched).isRegularFile();
        assertThat(fetched.getFileName().toString()).isEqualTo("model.tar.gz");
        assertThat(Files.readAllBytes(fetched)).isEqualTo(bytes);
        assertThat(Files.readAllBytes(artifacts.fetch(ref.uri()))).as("a second fetch").isEqualTo(bytes);
    }

    @Test
    void put_ofTheSameContent_givesTheSameDigest_andOtherContentAnother() {
        ArtifactRef a = artifacts.put(project, file("a", "data.csv", "1,2,3\n"));
        ArtifactRef b = artifacts.put(project, file("b", "data.csv", "1,2,3\n"));
        ArtifactRef c = artifacts.put(project, file("c", "data.csv", "4,5,6\n"));
        assertThat(b.sha256()).isEqualTo(a.sha256());
        assertThat(b.size()).isEqualTo(a.size());
        assertThat(c.sha256()).isNotEqualTo(a.sha256());
        assertThat(c.uri()).isNotEqualTo(a.uri());
    }

    @Test
    void put_ofAnEmptyFile_isStoredToo() throws IOException {
        ArtifactRef ref = artifacts.put(project, file("empty", "empty.txt", ""));
        assertThat(ref.size()).isZero();
        assertThat(Files.size(artifacts.fetch(ref.uri()))).isZero();
    }

    @Test
    void fetch_ofAnArtifactTheStoreDoesNotHold_isNotFound() {
        ArtifactRef known = artifacts.put(project, file("known", "model.bin", "known"));
        String missing = missingUri(known);
        assertThatThrownBy(() -> artifacts.fetch(missing)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void fetch_ofAnotherStoresUri_isAClientError() {
        for (String uri : new String[] {"tck-store://bucket/key/model.tar.gz", "s3://tck-bucket/none/model.tar.gz"}) {
            assertThatThrownBy(() -> artifacts.fetch(uri)).as(uri).isInstanceOf(MlopsClientException.class);
        }
    }

    @Test
    void put_ofAFileThatDoesNotExist_isRefused() {
        Path none = scratch.resolve("files").resolve("no-such-file.bin");
        assertThatThrownBy(() -> artifacts.put(project, none)).isInstanceOf(MlopsException.class);
    }

    @Test
    void component_namesItsBackend_andHasAWaitPolicy() {
        assertThat(artifacts.backend()).isNotBlank();
        assertThat(artifacts.waitPolicy()).isNotNull();
    }
}
