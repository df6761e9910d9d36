package dev.mlops.aws.registry;

import dev.mlops.aws.fixtures.MotoServer;
import dev.mlops.aws.fixtures.ValidatingInterceptor;
import dev.mlops.spi.Backend;
import dev.mlops.spi.ProjectStore;
import dev.mlops.tck.ModelRegistryCompatibilityKit;
import dev.mlops.testkit.memory.InMemoryBackend;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;

/**
 * The registry kit against the SageMaker Model Registry on moto, every request validated against the botocore model.
 * Projects are recorded in the testkit's in-memory store (the SageMaker project store is built elsewhere), which also
 * makes each project's artifact bucket, as the project's stack would. The kit's events test checks the refusal:
 * SageMaker has no event feed, so the registry does not offer {@code registry.approval-events}.
 */
class SageMakerModelRegistryCompatibilityTest extends ModelRegistryCompatibilityKit {
    private final ValidatingInterceptor validator = new ValidatingInterceptor();
    private MotoServer moto;
    private InMemoryBackend memory;

    @Override
    protected Backend newBackend(Path scratch) {
        moto = MotoServer.shared();
        memory = InMemoryBackend.create();
        return MotoBackends.builder(moto.endpoint(), validator, scratch.resolve("cache")).build();
    }

    @Override
    protected ProjectStore projectStore(Backend backend) {
        return new ProjectBuckets(memory.projectStore().orElseThrow(), moto.endpoint());
    }

    @AfterAll
    void noInvalidRequests() {
        memory.close();
        validator.assertNoViolations();
    }
}
