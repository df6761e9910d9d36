package dev.mlops.testkit.memory;

import dev.mlops.spi.Backend;
import dev.mlops.tck.ArtifactStoreCompatibilityKit;
import dev.mlops.testkit.FakeTicker;
import java.nio.file.Path;
import java.time.Duration;

/** The artifact store kit on the in-memory store. */
class InMemoryArtifactStoreCompatibilityTest extends ArtifactStoreCompatibilityKit {
    @Override
    protected Backend newBackend(Path scratch) {
        return InMemoryBackend.builder().ticker(new FakeTicker()).latency(Duration.ofMillis(20)).build();
    }
}
