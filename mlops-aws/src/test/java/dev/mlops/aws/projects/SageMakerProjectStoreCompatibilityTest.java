package dev.mlops.aws.projects;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.aws.fixtures.MotoServer;
import dev.mlops.aws.fixtures.ValidatingInterceptor;
import dev.mlops.spi.Backend;
import dev.mlops.tck.ProjectStoreCompatibilityKit;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;

/**
 * The project store kit on the SageMaker store: S3, IAM, STS and CloudFormation on moto, SageMaker's project operations
 * on the fake, every request validated against its botocore model.
 */
class SageMakerProjectStoreCompatibilityTest extends ProjectStoreCompatibilityKit {
    private final ValidatingInterceptor interceptor = new ValidatingInterceptor();
    private FakeSageMakerProjects fake;

    @Override
    protected Backend newBackend(Path scratch) {
        MotoServer moto = MotoServer.shared();
        ProjectsFixture.role(moto.endpoint(), ProjectsFixture.STUDIO + "LaunchRole", "cloudformation.amazonaws.com");
        fake = new FakeSageMakerProjects(moto.endpoint());
        return ProjectsFixture.backend(moto.endpoint(), fake.endpoint(), interceptor).cacheDirectory(scratch.resolve("cache"))
                .build();
    }

    @AfterAll
    void noViolations() {
        interceptor.assertNoViolations();
        assertThat(fake.violations()).isEmpty();
        fake.close();
    }
}
