package dev.mlops.aws.endpoints;

import dev.mlops.spi.Backend;
import dev.mlops.tck.EndpointHostCompatibilityKit;
import java.nio.file.Path;
import org.junit.jupiter.api.Disabled;

/**
 * The endpoint host kit does not apply to an emulator: it lets the seed commit's build register version 1 and the
 * deploy pipeline make the staging endpoint through the composition's orchestrator. The embedded and in-memory
 * orchestrators deploy only to their own hosts; the CodePipeline orchestrator needs the seed's SageMaker pipeline to
 * run (moto runs none) and the deploy stack to make the endpoint {@code <name>-staging} (moto's CloudFormation names
 * SageMaker resources itself, ignoring {@code EndpointName}). It applies against an AWS account; on moto the host's
 * contract (describe with the served package, invoke with and without an inference id, unknown endpoints, undeploy
 * once) is checked by {@link SageMakerEndpointsTest}.
 */
@Disabled("needs a composition that builds and deploys onto SageMaker endpoints: an AWS account, not moto")
class SageMakerEndpointsCompatibilityTest extends EndpointHostCompatibilityKit {
    @Override
    protected Backend newBackend(Path scratch) {
        throw new AssertionError("runs only against an AWS account");
    }
}
