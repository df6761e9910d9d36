package dev.mlops.testkit.memory;

import dev.mlops.spi.Backend;
import dev.mlops.tck.OrchestratorCompatibilityKit;
import dev.mlops.testkit.FakeTicker;
import java.nio.file.Path;
import java.time.Duration;

/** The orchestrator kit on the in-memory orchestrator, with latency, a read lag and small log chunks on fake time. */
class InMemoryOrchestratorCompatibilityTest extends OrchestratorCompatibilityKit {
    @Override
    protected Backend newBackend(Path scratch) {
        return InMemoryBackend.builder().ticker(new FakeTicker()).latency(Duration.ofMillis(20))
                .readLag(Duration.ofSeconds(2)).logChunkSize(7).build();
    }
}
