package dev.mlops;

import dev.mlops.event.ProjectListener;
import dev.mlops.exception.ConflictException;
import dev.mlops.exception.NotFoundException;
import dev.mlops.exception.UnsupportedByBackendException;
import dev.mlops.exception.ValidationException;
import dev.mlops.internal.Backends;
import dev.mlops.internal.DefaultProject;
import dev.mlops.internal.Provisioner;
import dev.mlops.internal.Validation;
import dev.mlops.spi.ArtifactStore;
import dev.mlops.spi.Backend;
import dev.mlops.spi.BackendConfig;
import dev.mlops.spi.ComponentKind;
import dev.mlops.spi.Components;
import dev.mlops.spi.ConfigKey;
import dev.mlops.spi.EndpointHost;
import dev.mlops.spi.ImageBuilder;
import dev.mlops.spi.ModelRegistry;
import dev.mlops.spi.MonitorRunner;
import dev.mlops.spi.Orchestrator;
import dev.mlops.spi.Page;
import dev.mlops.spi.ProjectDraft;
import dev.mlops.spi.ProjectRecord;
import dev.mlops.spi.ProjectStore;
import dev.mlops.spi.SourceRepositories;
import dev.mlops.template.Template;
import dev.mlops.template.Templates;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Declares a project and creates it (or reattaches to it, if it exists with the same template): name, template,
 * the components it runs on, tags, listeners. Get one from {@link MlopsProjects#builder()}.
 *
 * <pre>{@code
 * Project project = MlopsProjects.builder()
 *         .name("abalone")
 *         .template(Templates.modelBuildTrainDeploy())
 *         .listener(event -> System.out.println(event.message()))
 *         .create();
 * }</pre>
 *
 * <p>Components are taken one by one ({@link #repositories}, {@link #orchestrator}, {@link #registry}, …); a
 * {@link #backend(Backend) backend} fills the kinds not given, and with none the default backend (the embedded
 * one) does. {@link #create()} checks the combination before anything is made.
 */
public final class ProjectBuilder {
    private String name;
    private String description = "";
    private Template template;
    private final List<Backend> backends = new ArrayList<>();
    private String backendName;
    private BackendConfig config = BackendConfig.empty();
    private final Components.Builder parts = Components.builder();
    private final Map<String, String> tags = new LinkedHashMap<>();
    private final Map<String, String> parameters = new LinkedHashMap<>();
    private final List<ProjectListener> listeners = new ArrayList<>();

    ProjectBuilder() {
    }

    /**
     * Sets the project's name.
     *
     * @param name 1 to 32 characters, a letter or digit first, then letters, digits and hyphens (SageMaker's rule)
     * @return this builder
     * @throws ValidationException if the name breaks the rule
     */
    public ProjectBuilder name(String name) {
        Validation.projectName("Project.name", name);
        this.name = name;
        return this;
    }

    /**
     * Sets a description.
     *
     * @param description up to 1024 characters
     * @return this builder
     */
    public ProjectBuilder description(String description) {
        if (description != null && description.length() > 1024) {
            throw new ValidationException("Project.description", description.substring(0, 40) + "…", "at most 1024 characters");
        }
        this.description = description == null ? "" : description;
        return this;
    }

    /**
     * Sets the template; by default {@link Templates#modelBuildTrainDeploy()}.
     *
     * @param template the template
     * @return this builder
     */
    public ProjectBuilder template(Template template) {
        this.template = Validation.notNull("Project.template", template, "a template, e.g. Templates.modelBuildTrainDeploy()");
        return this;
    }

    /**
     * Gives a template parameter's value.
     *
     * @param name the parameter
     * @param value its value
     * @return this builder
     */
    public ProjectBuilder parameter(String name, String value) {
        Validation.notBlank("Project.parameter.name", name);
        Validation.notNull("Project.parameter." + name, value, "a value (empty for none)");
        parameters.put(name, value);
        return this;
    }

    /**
     * Uses a backend made by the caller, who also closes it, for every component not given one by one. Several
     * backends may be given; the first that has a kind fills it.
     *
     * @param backend the backend
     * @return this builder
     */
    public ProjectBuilder backend(Backend backend) {
        backends.add(Validation.notNull("Project.backend", backend, "a backend, e.g. LocalBackend.create()"));
        return this;
    }

    /**
     * Uses a backend by name, found on the class path, for the components not given; the project closes it.
     *
     * @param name e.g. {@code local} or {@code aws}
     * @return this builder
     */
    public ProjectBuilder backend(String name) {
        Validation.notBlank("Project.backend", name);
        this.backendName = name;
        return this;
    }

    /**
     * Sets a setting of the backend made by name (or the default one).
     *
     * @param key the setting, e.g. {@link ConfigKey#HOME}
     * @param value its value
     * @param <T> the value's type
     * @return this builder
     */
    public <T> ProjectBuilder config(ConfigKey<T> key, T value) {
        Validation.notNull("Project.config.key", key, "a configuration key");
        this.config = config.with(key, value);
        return this;
    }

    /**
     * Sets the embedded backend's home directory (when it is made by the builder).
     *
     * @param home the directory
     * @return this builder
     */
    public ProjectBuilder home(Path home) {
        return config(ConfigKey.HOME, Validation.notNull("Project.home", home, "a directory"));
    }

    /**
     * Uses a project store.
     *
     * @param store the component
     * @return this builder
     */
    public ProjectBuilder projectStore(ProjectStore store) {
        parts.set(ComponentKind.PROJECT_STORE, store);
        return this;
    }

    /**
     * Uses source repositories (CodeCommit, GitHub, Bitbucket, local git).
     *
     * @param repositories the component
     * @return this builder
     */
    public ProjectBuilder repositories(SourceRepositories repositories) {
        parts.set(ComponentKind.REPOSITORIES, repositories);
        return this;
    }

    /**
     * Uses an orchestrator (the embedded engine, CodePipeline, Jenkins).
     *
     * @param orchestrator the component
     * @return this builder
     */
    public ProjectBuilder orchestrator(Orchestrator orchestrator) {
        parts.set(ComponentKind.ORCHESTRATOR, orchestrator);
        return this;
    }

    /**
     * Uses a model registry.
     *
     * @param registry the component
     * @return this builder
     */
    public ProjectBuilder registry(ModelRegistry registry) {
        parts.set(ComponentKind.REGISTRY, registry);
        return this;
    }

    /**
     * Uses an artifact store.
     *
     * @param artifacts the component
     * @return this builder
     */
    public ProjectBuilder artifacts(ArtifactStore artifacts) {
        parts.set(ComponentKind.ARTIFACTS, artifacts);
        return this;
    }

    /**
     * Uses an endpoint host.
     *
     * @param endpoints the component
     * @return this builder
     */
    public ProjectBuilder endpoints(EndpointHost endpoints) {
        parts.set(ComponentKind.ENDPOINTS, endpoints);
        return this;
    }

    /**
     * Uses a monitor runner.
     *
     * @param monitors the component
     * @return this builder
     */
    public ProjectBuilder monitors(MonitorRunner monitors) {
        parts.set(ComponentKind.MONITORS, monitors);
        return this;
    }

    /**
     * Uses an image builder.
     *
     * @param images the component
     * @return this builder
     */
    public ProjectBuilder images(ImageBuilder images) {
        parts.set(ComponentKind.IMAGES, images);
        return this;
    }

    /**
     * Adds a tag.
     *
     * @param key 1 to 128 characters, not starting with {@code aws:} or {@code sagemaker:} (those are set by the SDK)
     * @param value up to 256 characters
     * @return this builder
     */
    public ProjectBuilder tag(String key, String value) {
        if (key == null || key.isEmpty() || key.length() > 128) {
            throw new ValidationException("Project.tags.key", key, "1 to 128 characters");
        }
        if (key.startsWith("aws:") || key.startsWith("sagemaker:")) {
            throw new ValidationException("Project.tags.key", key, "free of the reserved prefixes aws: and sagemaker:");
        }
        if (value == null || value.length() > 256) {
            throw new ValidationException("Project.tags." + key, value, "at most 256 characters");
        }
        tags.put(key, value);
        return this;
    }

    /**
     * Adds a listener for the project's events (stage transitions, gates, registrations, deployments). When
     * {@link #create()} makes the project, the listener also receives the events of its making.
     *
     * @param listener the listener
     * @return this builder
     */
    public ProjectBuilder listener(ProjectListener listener) {
        listeners.add(Validation.notNull("Project.listener", listener, "a listener"));
        return this;
    }

    /**
     * Describes what {@link #create()} would make or change, against what exists, without changing anything.
     *
     * @return the plan; empty for an existing project with the same template
     */
    public Plan plan() {
        String n = requireName();
        Template t = resolvedTemplate();
        return withComponents(c -> Provisioner.plan(c, n, t));
    }

    /**
     * Creates the project, or reattaches to it if one of that name exists with the same template. Creating
     * provisions its repositories (seeded with the template's seed code, whose first commit starts the build
     * pipeline), its pipelines and its model group; the store assigns the project's id.
     *
     * @return the project; close it when done
     * @throws ValidationException if the name is missing or a required template parameter has no value
     * @throws UnsupportedByBackendException if the components cannot run the template, or one another
     * @throws ConflictException if the project exists with another template (the message lists the differences;
     *     apply them with {@link Project#update(Template)})
     */
    public Project create() {
        String n = requireName();
        Template t = resolvedTemplate();
        Composed composed = compose();
        try {
            composed.components.check(t);
            ProjectDraft draft = new ProjectDraft(n, t, tags, description);
            // Progress a remote store reports while it provisions (stack events, say) reaches the listeners at once.
            ProjectListener progress = e -> listeners.forEach(l -> l.onEvent(e));
            Provisioner.Created created = Provisioner.create(composed.components, draft, progress);
            if (created.madeNow()) {
                // A project made by this call: its listeners also hear how it was made (created, repositories seeded).
                composed.components.projects().events(n, dev.mlops.event.EventCursor.START, 10_000).events()
                        .forEach(e -> listeners.forEach(l -> l.onEvent(e)));
            }
            return new DefaultProject(composed.components, composed.owned, created.record(), listeners);
        } catch (RuntimeException e) {
            composed.close();
            throw e;
        }
    }

    /**
     * Opens the existing project of this builder's name on its components (a given home, a given backend).
     *
     * @return the project; close it when done
     * @throws NotFoundException if there is no such project
     */
    public Project open() {
        String n = requireName();
        Composed composed = compose();
        try {
            ProjectStore store = composed.components.projects();
            ProjectRecord record = store.find(n).orElseThrow(() -> new NotFoundException("project", n,
                    "the store holds " + names(store) + "; create it with MlopsProjects.builder()…create()"));
            return new DefaultProject(composed.components, composed.owned, record, listeners);
        } catch (RuntimeException e) {
            composed.close();
            throw e;
        }
    }

    /**
     * Lists the projects of this builder's store (a given home, a given backend); needs no name.
     *
     * @return the projects' names, sorted
     */
    public List<String> list() {
        return withComponents(c -> names(c.projects()));
    }

    private static List<String> names(ProjectStore store) {
        return Page.all(store::list).stream().map(ProjectRecord::name).toList();
    }

    private String requireName() {
        if (name == null) {
            throw new ValidationException("Project.name", null, "set: call name(...) first");
        }
        return name;
    }

    private Template resolvedTemplate() {
        Template t = template != null ? template : Templates.modelBuildTrainDeploy();
        for (Map.Entry<String, String> p : parameters.entrySet()) {
            t = t.withParameter(p.getKey(), p.getValue());
        }
        t.resolvedParameters();
        return t.withoutExcludedParts();
    }

    private <T> T withComponents(java.util.function.Function<Components, T> f) {
        Composed composed = compose();
        try {
            return f.apply(composed.components);
        } finally {
            composed.close();
        }
    }

    private Composed compose() {
        List<Backend> owned = new ArrayList<>();
        Components.Builder b = parts.copy();
        for (Backend given : backends) {
            b.fillFrom(given);
        }
        boolean complete = true;
        for (ComponentKind k : List.of(ComponentKind.PROJECT_STORE, ComponentKind.REPOSITORIES, ComponentKind.ORCHESTRATOR,
                ComponentKind.REGISTRY, ComponentKind.ARTIFACTS, ComponentKind.ENDPOINTS, ComponentKind.MONITORS)) {
            complete &= b.has(k);
        }
        if (!complete || backendName != null) {
            Backend made = Backends.create(backendName, config);
            owned.add(made);
            b.fillFrom(made);
        }
        return new Composed(b.build(), owned);
    }

    /** A composition and the backends this builder made for it. */
    private record Composed(Components components, List<Backend> owned) {
        void close() {
            owned.forEach(Backend::close);
        }
    }
}
