package dev.mlops.testkit.memory;

import dev.mlops.spi.Backend;
import dev.mlops.tck.ModelRegistryCompatibilityKit;
import dev.mlops.testkit.FakeTicker;
import java.nio.file.Path;

/** The registry kit on an in-memory registry that offers no approval events: those are refused, the rest holds. */
class InMemoryRegistryWithoutEventsCompatibilityTest extends ModelRegistryCompatibilityKit {
    @Override
    protected Backend newBackend(Path scratch) {
        return InMemoryBackend.builder().ticker(new FakeTicker()).approvalEvents(false).build();
    }
}
