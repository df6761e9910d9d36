package dev.mlops.aws.registry;

import dev.mlops.aws.AwsBackend;
import dev.mlops.spi.ArtifactStore;
import dev.mlops.spi.Backend;
import dev.mlops.spi.EndpointHost;
import dev.mlops.spi.ModelRegistry;
import dev.mlops.spi.ProjectStore;
import dev.mlops.spi.SourceRepositories;
import dev.mlops.testkit.memory.InMemoryBackend;
import java.util.Optional;

/**
 * The AWS backend's components with the testkit's in-memory project store (standing in for the SageMaker project
 * store, built elsewhere), for the kits that read the project store from the backend itself.
 */
public final class KitBackend implements Backend {
    private final AwsBackend aws;
    private final InMemoryBackend memory;
    private final ProjectStore store;

    /**
     * Composes the two.
     *
     * @param aws the AWS backend under test
     * @param memory the in-memory backend
     * @param store its project store, possibly wrapped
     */
    public KitBackend(AwsBackend aws, InMemoryBackend memory, ProjectStore store) {
        this.aws = aws;
        this.memory = memory;
        this.store = store;
    }

    @Override
    public String name() {
        return aws.name();
    }

    @Override
    public Optional<ProjectStore> projectStore() {
        return Optional.of(store);
    }

    @Override
    public Optional<ArtifactStore> artifacts() {
        return aws.artifacts();
    }

    @Override
    public Optional<ModelRegistry> registry() {
        return aws.registry();
    }

    @Override
    public Optional<EndpointHost> endpoints() {
        return aws.endpoints();
    }

    @Override
    public Optional<SourceRepositories> repositories() {
        return aws.repositories();
    }

    @Override
    public void close() {
        try {
            aws.close();
        } finally {
            memory.close();
        }
    }
}
