package dev.mlops.aws.registry;

import dev.mlops.aws.AwsBackend;
import dev.mlops.spi.Backend;
import dev.mlops.spi.ProjectStore;
import dev.mlops.tck.ModelRegistryCompatibilityKit;
import dev.mlops.testkit.memory.InMemoryBackend;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/** The registry kit against the SageMaker Model Registry on moto; projects are recorded in the in-memory store. */
class SageMakerModelRegistryCompatibilityTest extends ModelRegistryCompatibilityKit {
    private LocalMoto moto;
    private InMemoryBackend memory;

    @Override
    protected Backend newBackend(Path scratch) {
        moto = LocalMoto.start();
        memory = InMemoryBackend.create();
        return AwsBackend.builder().region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
                .endpointOverride(moto.endpoint()).cacheDirectory(scratch.resolve("cache")).build();
    }

    @Override
    protected ProjectStore projectStore(Backend backend) {
        return new ProjectBuckets(memory.projectStore().orElseThrow(), moto.endpoint());
    }

    @AfterAll
    void stopMoto() {
        if (memory != null) {
            memory.close();
        }
        if (moto != null) {
            moto.close();
        }
    }
}
