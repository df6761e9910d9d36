package dev.mlops.local.internal;

import dev.mlops.spi.Components;
import dev.mlops.spi.ModelRegistry;
import dev.mlops.spi.MonitorRunner;
import dev.mlops.spi.ProjectRecord;
import dev.mlops.template.RepositorySpec;
import java.nio.file.Path;

/** Builds and wires the embedded backend's components around one {@link LocalContext}. */
public final class LocalComponents {
    private final LocalContext ctx;
    private final LocalRepositories repositories;
    private final LocalArtifactStore artifacts;
    private final Triggers triggers;
    private final LocalRegistry registry;
    private final SourceCompiler compiler;
    private final LocalEndpointHost endpoints;
    private final LocalOrchestrator orchestrator;
    private final LocalProjectStore projects;
    private final DataCapture capture;
    private final LocalMonitors monitors;
    private final LocalImageBuilder images;

    /**
     * Wires the components with the default image settings.
     *
     * @param ctx the shared context
     */
    public LocalComponents(LocalContext ctx) {
        this(ctx, ImageSettings.DEFAULTS);
    }

    /**
     * Wires the components.
     *
     * @param ctx the shared context
     * @param imageSettings how images are built
     */
    public LocalComponents(LocalContext ctx, ImageSettings imageSettings) {
        this.ctx = ctx;
        this.compiler = new SourceCompiler(ctx.home().resolve("cache").resolve("classes"));
        compiler.warmUp();
        this.repositories = new LocalRepositories(ctx, this::compileSeedAhead);
        this.artifacts = new LocalArtifactStore(ctx);
        LocalProjectStore[] store = new LocalProjectStore[1];
        this.triggers = new Triggers((tx, name) -> store[0].require(tx, name));
        this.registry = new LocalRegistry(ctx, triggers);
        this.endpoints = new LocalEndpointHost(ctx);
        this.capture = new DataCapture(ctx);
        this.monitors = new LocalMonitors(ctx, capture, arn -> ModelPredictor.load(registry.byArn(arn).orElseThrow(
                () -> new dev.mlops.exception.NotFoundException("model version", arn,
                        "a monitoring schedule names it, but it is not in the embedded model registry")), artifacts));
        this.images = new LocalImageBuilder(ctx, triggers, compiler, imageSettings);
        this.orchestrator = new LocalOrchestrator(ctx, this::engine);
        this.projects = new LocalProjectStore(ctx, repositories, artifacts, orchestrator::detachAll);
        store[0] = projects;
    }

    /**
     * Starts compiling a freshly seeded repository's code in the background: the build pipeline's
     * {@code pipelines/} (its Build stage starts within a second) and the deploy repository's endpoint tests
     * ({@code test/}, run by the staging test stage), so that neither waits for a whole compile on the critical path.
     */
    private void compileSeedAhead(ProjectRecord project, RepositorySpec r) {
        Path dir = repositories.path(project, r.role());
        String head = repositories.head(dir, r.branch());
        if (head != null) {
            compiler.compileAhead(root -> repositories.checkout(dir, head, root), "pipelines", "test");
        }
    }

    /**
     * The engine of one project on a composition: the embedded registry is used in the engine's own
     * transactions, another backend's through its SPI and its events.
     */
    private LocalEngine engine(ProjectRecord project, Components components) {
        ModelRegistry composed = components.registry();
        String group = project.template().parameterValues().getOrDefault("SourceModelPackageGroupName", "");
        Fence fence = new Fence(ctx, project.name());
        RegistryPort port = composed == registry ? new OwnRegistryPort(ctx, registry, fence)
                : new ForeignRegistryPort(ctx, composed, triggers, group.isEmpty() ? project.nameId() : group, fence);
        MlPipelineRunner mlRunner = new MlPipelineRunner(ctx, port, artifacts, compiler);
        EndpointManager manager = new EndpointManager(ctx, artifacts, triggers, capture, fence);
        StageActions actions = new StageActions(ctx, components.repositories(), port, mlRunner, compiler, manager, monitors, artifacts,
                images, components.images().orElse(images), fence);
        return new LocalEngine(ctx, projects, project, new RepositoryWatch(ctx, components.repositories(), triggers),
                new ExecutionRunner(ctx, actions, fence),
                manager, port, monitors, fence);
    }

    /** @return the project store */
    public LocalProjectStore projects() {
        return projects;
    }

    /** @return the repositories */
    public LocalRepositories repositories() {
        return repositories;
    }

    /** @return the orchestrator */
    public LocalOrchestrator orchestrator() {
        return orchestrator;
    }

    /** @return the registry */
    public LocalRegistry registry() {
        return registry;
    }

    /** @return the artifact store */
    public LocalArtifactStore artifacts() {
        return artifacts;
    }

    /** @return the endpoint host */
    public LocalEndpointHost endpoints() {
        return endpoints;
    }

    /** @return the image builder */
    public LocalImageBuilder images() {
        return images;
    }

    /** @return the monitor runner */
    public MonitorRunner monitors() {
        return monitors;
    }

    /** Stops every engine and closes the state store. */
    public void close() {
        orchestrator.closeAll();
        compiler.close();
        capture.close();
        repositories.closeAll();
        ctx.close();
    }
}
