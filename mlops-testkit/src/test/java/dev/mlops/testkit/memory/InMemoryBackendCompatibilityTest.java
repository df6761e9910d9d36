package dev.mlops.testkit.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.spi.Backend;
import dev.mlops.tck.BackendCompatibilityKit;
import dev.mlops.testkit.FakeTicker;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * The whole-backend kit on the in-memory backend, on fake time that starts now (the kit compares creation times
 * with the wall clock), with a small latency per call.
 */
class InMemoryBackendCompatibilityTest extends BackendCompatibilityKit {
    private InMemoryBackend memory;

    @Override
    protected Backend newBackend(Path scratch) {
        memory = InMemoryBackend.builder().ticker(new FakeTicker(Instant.now())).latency(Duration.ofMillis(5)).build();
        return memory;
    }

    /** Its endpoints have {@code memory://} addresses, not HTTP ones: none of the host's endpoints has it any more. */
    @Override
    protected void assertEndpointGone(String url) {
        InMemoryEndpointHost host = (InMemoryEndpointHost) memory.endpoints().orElseThrow();
        assertThat(host.deployed()).noneSatisfy(e -> assertThat(e.url()).contains(URI.create(url)));
    }
}
