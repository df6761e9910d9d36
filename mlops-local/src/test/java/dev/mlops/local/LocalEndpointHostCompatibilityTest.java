package dev.mlops.local;

import dev.mlops.spi.Backend;
import dev.mlops.tck.EndpointHostCompatibilityKit;
import java.nio.file.Path;

/** The endpoint host kit on the embedded HTTP endpoints, serving the abalone model the seed build trains. */
class LocalEndpointHostCompatibilityTest extends EndpointHostCompatibilityKit {
    @Override
    protected Backend newBackend(Path scratch) {
        return LocalBackend.builder().home(scratch.resolve("home")).build();
    }
}
