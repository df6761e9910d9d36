package dev.mlops.local;

import dev.mlops.spi.Backend;
import dev.mlops.tck.BackendCompatibilityKit;
import java.nio.file.Path;

/** Runs the backend compatibility kit on the embedded backend, with its home in the kit's scratch directory. */
class LocalBackendCompatibilityTest extends BackendCompatibilityKit {
    @Override
    protected Backend newBackend(Path scratch) {
        return LocalBackend.builder().home(scratch.resolve("home")).build();
    }
}
