package dev.mlops.spi;

import dev.mlops.template.Capability;
import java.util.Set;

/**
 * A bundle of the components that run projects: a project store, source repositories, an orchestrator, a
 * model registry, an artifact store, an endpoint host, a monitor runner and an image builder. The embedded
 * local backend is the default; others come from backend modules (see {@link BackendProvider}).
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
     * What the backend can do; a template needing more is refused before anything is made.
     *
     * @return the capabilities
     */
    Set<Capability> capabilities();

    /**
     * Project records and the per-process work on them.
     *
     * @return the project store
     */
    ProjectStore projects();

    /**
     * Source repositories.
     *
     * @return the component
     */
    SourceRepositories repositories();

    /**
     * The pipeline orchestrator.
     *
     * @return the component
     */
    Orchestrator orchestrator();

    /**
     * The model registry.
     *
     * @return the component
     */
    ModelRegistry modelRegistry();

    /**
     * The artifact store.
     *
     * @return the component
     */
    ArtifactStore artifacts();

    /**
     * The endpoint host.
     *
     * @return the component
     */
    EndpointHost endpoints();

    /**
     * The monitor runner.
     *
     * @return the component
     */
    MonitorRunner monitors();

    /**
     * The image builder.
     *
     * @return the component
     */
    ImageBuilder images();

    /** Releases what the backend holds in this process. */
    @Override
    void close();
}
