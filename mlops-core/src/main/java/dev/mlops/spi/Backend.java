package dev.mlops.spi;

import java.util.Optional;

/**
 * A set of components from one place (the embedded backend, AWS, GitHub, Jenkins…), each optional: a
 * GitHub module offers only repositories, a Jenkins module only an orchestrator. The project builder takes
 * components one by one and lets a backend fill the rest:
 *
 * <pre>{@code
 * MlopsProjects.builder().name("abalone")
 *         .registry(sageMakerRegistry)          // one component from here
 *         .backend(LocalBackend.create())       // the rest from there
 *         .create();
 * }</pre>
 *
 * <p>A backend is shared by the projects opened with it and closed by whoever made it.
 */
public interface Backend extends AutoCloseable {

    /**
     * The backend's name, e.g. {@code local}.
     *
     * @return the name
     */
    String name();

    /**
     * Where projects are recorded.
     *
     * @return the component, if this backend has one
     */
    default Optional<ProjectStore> projectStore() {
        return Optional.empty();
    }

    /**
     * Source repositories.
     *
     * @return the component, if this backend has one
     */
    default Optional<SourceRepositories> repositories() {
        return Optional.empty();
    }

    /**
     * The pipeline orchestrator.
     *
     * @return the component, if this backend has one
     */
    default Optional<Orchestrator> orchestrator() {
        return Optional.empty();
    }

    /**
     * The model registry.
     *
     * @return the component, if this backend has one
     */
    default Optional<ModelRegistry> registry() {
        return Optional.empty();
    }

    /**
     * The artifact store.
     *
     * @return the component, if this backend has one
     */
    default Optional<ArtifactStore> artifacts() {
        return Optional.empty();
    }

    /**
     * The endpoint host.
     *
     * @return the component, if this backend has one
     */
    default Optional<EndpointHost> endpoints() {
        return Optional.empty();
    }

    /**
     * The monitor runner.
     *
     * @return the component, if this backend has one
     */
    default Optional<MonitorRunner> monitors() {
        return Optional.empty();
    }

    /**
     * The image builder.
     *
     * @return the component, if this backend has one
     */
    default Optional<ImageBuilder> images() {
        return Optional.empty();
    }

    /** Releases what the backend holds in this process. */
    @Override
    void close();
}
