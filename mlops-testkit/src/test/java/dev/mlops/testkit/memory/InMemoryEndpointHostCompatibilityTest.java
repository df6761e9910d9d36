package dev.mlops.testkit.memory;

import dev.mlops.spi.Backend;
import dev.mlops.tck.EndpointHostCompatibilityKit;
import dev.mlops.testkit.FakeTicker;
import java.nio.file.Path;
import java.time.Duration;

/** The endpoint host kit on the in-memory host, with latency and a read lag on fake time. */
class InMemoryEndpointHostCompatibilityTest extends EndpointHostCompatibilityKit {
    @Override
    protected Backend newBackend(Path scratch) {
        return InMemoryBackend.builder().ticker(new FakeTicker()).latency(Duration.ofMillis(20))
                .readLag(Duration.ofSeconds(2)).build();
    }
}
