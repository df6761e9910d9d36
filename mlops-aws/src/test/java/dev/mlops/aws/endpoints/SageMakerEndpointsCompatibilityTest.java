package dev.mlops.aws.endpoints;

import dev.mlops.aws.AwsBackend;
import dev.mlops.aws.fixtures.ValidatingInterceptor;
import dev.mlops.aws.sim.AwsSimulation;
import dev.mlops.spi.ArtifactStore;
import dev.mlops.spi.Backend;
import dev.mlops.spi.EndpointHost;
import dev.mlops.spi.ModelRegistry;
import dev.mlops.spi.MonitorRunner;
import dev.mlops.spi.Orchestrator;
import dev.mlops.spi.ProjectStore;
import dev.mlops.spi.SourceRepositories;
import dev.mlops.tck.EndpointHostCompatibilityKit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The endpoint host kit on SageMaker endpoints, in the whole AWS backend on the simulation of AWS: the seed commit's
 * build registers version 1, its approval starts the deploy pipeline, and the deploy makes the staging endpoint the
 * kit checks (describe, invoke, unknown endpoints, undeploy once). Every request is validated against the service
 * models; the simulation closes with the backend.
 */
class SageMakerEndpointsCompatibilityTest extends EndpointHostCompatibilityKit {
    @Override
    protected Backend newBackend(Path scratch) {
        AwsSimulation aws;
        try {
            aws = AwsSimulation.start(0, 1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ValidatingInterceptor validator = new ValidatingInterceptor();
        AwsBackend backend = aws.backend(scratch, validator).build();
        return new Backend() {
            @Override
            public String name() {
                return backend.name();
            }

            @Override
            public Optional<ProjectStore> projectStore() {
                return backend.projectStore();
            }

            @Override
            public Optional<SourceRepositories> repositories() {
                return backend.repositories();
            }

            @Override
            public Optional<Orchestrator> orchestrator() {
                return backend.orchestrator();
            }

            @Override
            public Optional<ModelRegistry> registry() {
                return backend.registry();
            }

            @Override
            public Optional<ArtifactStore> artifacts() {
                return backend.artifacts();
            }

            @Override
            public Optional<EndpointHost> endpoints() {
                return backend.endpoints();
            }

            @Override
            public Optional<MonitorRunner> monitors() {
                return backend.monitors();
            }

            @Override
            public void close() {
                try {
                    backend.close();
                } finally {
                    aws.close();
                    validator.assertNoViolations();
                }
            }
        };
    }
}
