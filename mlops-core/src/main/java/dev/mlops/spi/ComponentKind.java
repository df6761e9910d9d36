package dev.mlops.spi;

/** The kinds of component a project is run by; a composition holds one of each. */
public enum ComponentKind {
    /** Where projects are recorded ({@link ProjectStore}). */
    PROJECT_STORE("project store"),
    /** Source repositories ({@link SourceRepositories}). */
    REPOSITORIES("repositories"),
    /** The CI/CD orchestrator ({@link Orchestrator}). */
    ORCHESTRATOR("orchestrator"),
    /** The model registry ({@link ModelRegistry}). */
    REGISTRY("registry"),
    /** The artifact store ({@link ArtifactStore}). */
    ARTIFACTS("artifact store"),
    /** The endpoint host ({@link EndpointHost}). */
    ENDPOINTS("endpoint host"),
    /** The monitor runner ({@link MonitorRunner}). */
    MONITORS("monitor runner"),
    /** The image builder ({@link ImageBuilder}). */
    IMAGES("image builder");

    private final String label;

    ComponentKind(String label) {
        this.label = label;
    }

    /**
     * How messages name the kind.
     *
     * @return e.g. {@code endpoint host}
     */
    public String label() {
        return label;
    }
}
