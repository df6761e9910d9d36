package dev.mlops.local;

import dev.mlops.spi.Backend;
import dev.mlops.tck.ModelRegistryCompatibilityKit;
import java.nio.file.Path;

/** The registry kit on the embedded model registry. */
class LocalModelRegistryCompatibilityTest extends ModelRegistryCompatibilityKit {
    @Override
    protected Backend newBackend(Path scratch) {
        return LocalBackend.builder().home(scratch.resolve("home")).build();
    }
}
