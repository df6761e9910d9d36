package dev.mlops.aws.artifacts;

import dev.mlops.aws.fixtures.MotoServer;
import dev.mlops.aws.fixtures.ValidatingInterceptor;
import dev.mlops.aws.registry.KitBackend;
import dev.mlops.aws.registry.MotoBackends;
import dev.mlops.aws.registry.ProjectBuckets;
import dev.mlops.spi.Backend;
import dev.mlops.tck.ArtifactStoreCompatibilityKit;
import dev.mlops.testkit.memory.InMemoryBackend;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;

/**
 * The artifact store kit against S3 on moto, every request validated against the botocore model. The kit's project
 * is recorded in the in-memory store, which makes its artifact bucket {@code sagemaker-project-<id>} as the project's
 * stack would. moto is not reset between the kit's tests: the kit's project (and bucket) lives for the whole class.
 */
class S3ArtifactsCompatibilityTest extends ArtifactStoreCompatibilityKit {
    private final ValidatingInterceptor validator = new ValidatingInterceptor();

    @Override
    protected Backend newBackend(Path scratch) {
        MotoServer moto = MotoServer.shared();
        InMemoryBackend memory = InMemoryBackend.create();
        return new KitBackend(MotoBackends.builder(moto.endpoint(), validator, scratch.resolve("cache")).build(), memory,
                new ProjectBuckets(memory.projectStore().orElseThrow(), moto.endpoint()));
    }

    @AfterAll
    void noInvalidRequests() {
        validator.assertNoViolations();
    }
}
