package dev.mlops.local;

import dev.mlops.spi.Backend;
import dev.mlops.tck.ArtifactStoreCompatibilityKit;
import java.nio.file.Path;

/** The artifact store kit on the embedded content-addressed store. */
class LocalArtifactStoreCompatibilityTest extends ArtifactStoreCompatibilityKit {
    @Override
    protected Backend newBackend(Path scratch) {
        return LocalBackend.builder().home(scratch.resolve("home")).build();
    }
}
