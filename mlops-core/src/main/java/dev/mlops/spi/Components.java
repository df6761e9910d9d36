package dev.mlops.spi;

import dev.mlops.exception.UnsupportedByBackendException;
import dev.mlops.exception.ValidationException;
import dev.mlops.template.Capability;
import dev.mlops.template.Template;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The components one project runs on, one of each kind, possibly from different backends. The project builder
 * composes it; {@link #check(Template)} refuses, before anything is made, a composition whose components miss a
 * capability the template or another component needs.
 */
public final class Components {
    private final Map<ComponentKind, Component> parts;

    private Components(Map<ComponentKind, Component> parts) {
        this.parts = parts;
    }

    /**
     * Starts a composition.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The project store.
     *
     * @return the component
     */
    public ProjectStore projects() {
        return (ProjectStore) require(ComponentKind.PROJECT_STORE);
    }

    /**
     * The source repositories.
     *
     * @return the component
     */
    public SourceRepositories repositories() {
        return (SourceRepositories) require(ComponentKind.REPOSITORIES);
    }

    /**
     * The orchestrator.
     *
     * @return the component
     */
    public Orchestrator orchestrator() {
        return (Orchestrator) require(ComponentKind.ORCHESTRATOR);
    }

    /**
     * The model registry.
     *
     * @return the component
     */
    public ModelRegistry registry() {
        return (ModelRegistry) require(ComponentKind.REGISTRY);
    }

    /**
     * The artifact store.
     *
     * @return the component
     */
    public ArtifactStore artifacts() {
        return (ArtifactStore) require(ComponentKind.ARTIFACTS);
    }

    /**
     * The endpoint host.
     *
     * @return the component
     */
    public EndpointHost endpoints() {
        return (EndpointHost) require(ComponentKind.ENDPOINTS);
    }

    /**
     * The monitor runner.
     *
     * @return the component
     */
    public MonitorRunner monitors() {
        return (MonitorRunner) require(ComponentKind.MONITORS);
    }

    /**
     * The image builder, if the composition has one.
     *
     * @return the component
     */
    public Optional<ImageBuilder> images() {
        return Optional.ofNullable((ImageBuilder) parts.get(ComponentKind.IMAGES));
    }

    /**
     * A component by kind.
     *
     * @param kind the kind
     * @return the component, if the composition has one
     */
    public Optional<Component> get(ComponentKind kind) {
        return Optional.ofNullable(parts.get(kind));
    }

    private Component require(ComponentKind kind) {
        Component c = parts.get(kind);
        if (c == null) {
            throw new UnsupportedByBackendException("composition", "provide a " + kind.label(),
                    "pass one to the project builder, or a backend that has one");
        }
        return c;
    }

    /**
     * The backends the components come from, by kind, for messages and {@code Project.backend()}.
     *
     * @return e.g. {@code {orchestrator=local, registry=memory, …}}
     */
    public Map<ComponentKind, String> backends() {
        Map<ComponentKind, String> out = new EnumMap<>(ComponentKind.class);
        parts.forEach((k, c) -> out.put(k, c.backend()));
        return out;
    }

    /**
     * Checks that the components offer what the template and each other need.
     *
     * @param template the template to run
     * @throws UnsupportedByBackendException naming the first missing link: which component needs what from which
     */
    public void check(Template template) {
        List<String> problems = problems(template);
        if (!problems.isEmpty()) {
            boolean templateNeeds = problems.stream().anyMatch(p -> p.startsWith("template "))
                    && !template.id().equals(dev.mlops.template.Templates.modelBuildTrainDeploy().id());
            throw new UnsupportedByBackendException(String.join("+", new TreeSet<>(backends().values())),
                    "run template " + template.id() + " on this composition: " + String.join("; ", problems),
                    "compose components that offer what is missing (or one backend that has them all)"
                            + (templateNeeds ? ", or use a template that needs only what these components offer,"
                                    + " such as Templates.modelBuildTrainDeploy()" : ""));
        }
    }

    /**
     * What {@link #check(Template)} would refuse, one line per missing link.
     *
     * @param template the template to run
     * @return the problems, empty if the composition can run it
     */
    public List<String> problems(Template template) {
        List<String> out = new ArrayList<>();
        for (ComponentKind kind : List.of(ComponentKind.PROJECT_STORE, ComponentKind.REPOSITORIES,
                ComponentKind.ORCHESTRATOR, ComponentKind.REGISTRY, ComponentKind.ARTIFACTS, ComponentKind.ENDPOINTS,
                ComponentKind.MONITORS)) {
            if (!parts.containsKey(kind)) {
                out.add("no " + kind.label() + " was given, and no backend fills it");
            }
        }
        for (Capability need : template.capabilities()) {
            if (parts.values().stream().noneMatch(c -> c.capabilities().contains(need))) {
                out.add("template " + template.id() + " needs " + need + ", which none of "
                        + describe() + " offers");
            }
        }
        for (Map.Entry<ComponentKind, Component> e : parts.entrySet()) {
            for (Requirement r : e.getValue().requirements(this)) {
                Component other = parts.get(r.kind());
                Set<Capability> offered = other == null ? Set.of() : other.capabilities();
                if (!offered.contains(r.capability())) {
                    out.add("a " + e.getValue().backend() + " " + e.getKey().label() + " with the "
                            + (other == null ? "missing" : other.backend()) + " " + r.kind().label() + " needs "
                            + r.why() + " (capability " + r.capability() + ")");
                }
            }
        }
        return out;
    }

    private String describe() {
        List<String> names = new ArrayList<>();
        parts.forEach((k, c) -> names.add(c.backend() + " " + k.label()));
        return names.toString();
    }

    @Override
    public String toString() {
        return "Components" + backends();
    }

    /** Composes components; later calls for a kind win, and {@link #fillFrom(Backend)} fills only what is unset. */
    public static final class Builder {
        private final Map<ComponentKind, Component> parts = new EnumMap<>(ComponentKind.class);

        private Builder() {
        }

        /**
         * Sets a component.
         *
         * @param kind its kind
         * @param component the component
         * @return this builder
         * @throws ValidationException if the component is null or not of that kind
         */
        public Builder set(ComponentKind kind, Component component) {
            Class<?> type = switch (kind) {
                case PROJECT_STORE -> ProjectStore.class;
                case REPOSITORIES -> SourceRepositories.class;
                case ORCHESTRATOR -> Orchestrator.class;
                case REGISTRY -> ModelRegistry.class;
                case ARTIFACTS -> ArtifactStore.class;
                case ENDPOINTS -> EndpointHost.class;
                case MONITORS -> MonitorRunner.class;
                case IMAGES -> ImageBuilder.class;
            };
            if (!type.isInstance(component)) {
                throw new ValidationException("Project." + kind.name().toLowerCase(java.util.Locale.ROOT),
                        component == null ? null : component.getClass().getName(), "a " + type.getSimpleName());
            }
            parts.put(kind, component);
            return this;
        }

        /**
         * Fills every kind not set yet from a backend.
         *
         * @param backend the backend
         * @return this builder
         */
        public Builder fillFrom(Backend backend) {
            backend.projectStore().ifPresent(c -> parts.putIfAbsent(ComponentKind.PROJECT_STORE, c));
            backend.repositories().ifPresent(c -> parts.putIfAbsent(ComponentKind.REPOSITORIES, c));
            backend.orchestrator().ifPresent(c -> parts.putIfAbsent(ComponentKind.ORCHESTRATOR, c));
            backend.registry().ifPresent(c -> parts.putIfAbsent(ComponentKind.REGISTRY, c));
            backend.artifacts().ifPresent(c -> parts.putIfAbsent(ComponentKind.ARTIFACTS, c));
            backend.endpoints().ifPresent(c -> parts.putIfAbsent(ComponentKind.ENDPOINTS, c));
            backend.monitors().ifPresent(c -> parts.putIfAbsent(ComponentKind.MONITORS, c));
            backend.images().ifPresent(c -> parts.putIfAbsent(ComponentKind.IMAGES, c));
            return this;
        }

        /**
         * A builder holding the same components, to fill without changing this one.
         *
         * @return the copy
         */
        public Builder copy() {
            Builder b = new Builder();
            b.parts.putAll(parts);
            return b;
        }

        /**
         * Whether a kind is set.
         *
         * @param kind the kind
         * @return {@code true} if set
         */
        public boolean has(ComponentKind kind) {
            return parts.containsKey(kind);
        }

        /**
         * Builds the composition (unchecked: call {@link Components#check(Template)}).
         *
         * @return the components
         */
        public Components build() {
            return new Components(new EnumMap<>(parts));
        }
    }
}
