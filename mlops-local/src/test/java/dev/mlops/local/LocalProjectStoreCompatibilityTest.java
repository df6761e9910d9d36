package dev.mlops.local;

import dev.mlops.spi.Backend;
import dev.mlops.tck.ProjectStoreCompatibilityKit;
import java.nio.file.Path;

/** The project store kit on the embedded backend's store. */
class LocalProjectStoreCompatibilityTest extends ProjectStoreCompatibilityKit {
    @Override
    protected Backend newBackend(Path scratch) {
        return LocalBackend.builder().home(scratch.resolve("home")).build();
    }
}
