package dev.mlops.local;

import dev.mlops.spi.Backend;
import dev.mlops.tck.OrchestratorCompatibilityKit;
import java.nio.file.Path;

/** The orchestrator kit on the embedded engine. */
class LocalOrchestratorCompatibilityTest extends OrchestratorCompatibilityKit {
    @Override
    protected Backend newBackend(Path scratch) {
        return LocalBackend.builder().home(scratch.resolve("home")).build();
    }
}
