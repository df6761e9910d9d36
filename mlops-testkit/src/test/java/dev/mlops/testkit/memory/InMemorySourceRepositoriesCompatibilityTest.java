package dev.mlops.testkit.memory;

import dev.mlops.spi.Backend;
import dev.mlops.tck.SourceRepositoriesCompatibilityKit;
import dev.mlops.testkit.FakeTicker;
import java.nio.file.Path;
import java.time.Duration;

/** The repositories kit on the in-memory repositories, with latency and a read lag on fake time. */
class InMemorySourceRepositoriesCompatibilityTest extends SourceRepositoriesCompatibilityKit {
    @Override
    protected Backend newBackend(Path scratch) {
        return InMemoryBackend.builder().ticker(new FakeTicker()).latency(Duration.ofMillis(20))
                .readLag(Duration.ofSeconds(2)).build();
    }
}
