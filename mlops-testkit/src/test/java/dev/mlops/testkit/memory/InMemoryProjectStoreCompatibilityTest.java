package dev.mlops.testkit.memory;

import dev.mlops.spi.Backend;
import dev.mlops.tck.ProjectStoreCompatibilityKit;
import dev.mlops.testkit.FakeTicker;
import java.nio.file.Path;
import java.time.Duration;

/** The project store kit on the in-memory store, with latency and a read lag on fake time. */
class InMemoryProjectStoreCompatibilityTest extends ProjectStoreCompatibilityKit {
    @Override
    protected Backend newBackend(Path scratch) {
        return InMemoryBackend.builder().ticker(new FakeTicker()).latency(Duration.ofMillis(20))
                .readLag(Duration.ofSeconds(2)).build();
    }
}
