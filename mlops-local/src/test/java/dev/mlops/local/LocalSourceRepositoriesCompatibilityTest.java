package dev.mlops.local;

import dev.mlops.spi.Backend;
import dev.mlops.tck.SourceRepositoriesCompatibilityKit;
import java.nio.file.Path;

/** The repositories kit on the embedded backend's git repositories. */
class LocalSourceRepositoriesCompatibilityTest extends SourceRepositoriesCompatibilityKit {
    @Override
    protected Backend newBackend(Path scratch) {
        return LocalBackend.builder().home(scratch.resolve("home")).build();
    }
}
