package dev.mlops.local.internal;

import dev.mlops.spi.MonitorRunner;
import dev.mlops.spi.ProjectRecord;
import dev.mlops.template.RepositorySpec;
import java.nio.file.Path;
import java.util.List;

/** Builds and wires the embedded backend's components around one {@link LocalContext}. */
public final class LocalComponents {
    private final LocalContext ctx;
    private final LocalRepositories repositories;
    private final LocalArtifactStore artifacts;
    private final Triggers triggers;
    private final LocalRegistry registry;
    private final SourceCompiler compiler;
    private final MlPipelineRunner mlRunner;
    private final LocalEndpointHost endpoints;
    private final LocalOrchestrator orchestrator;
    private final LocalProjectStore projects;
    private final DataCapture capture;
    private final LocalMonitors monitors;

    /**
     * Wires the components.
     *
     * @param ctx the shared context
     */
    public LocalComponents(LocalContext ctx) {
        this.ctx = ctx;
        this.repositories = new LocalRepositories(ctx);
        this.artifacts = new LocalArtifactStore(ctx);
        LocalProjectStore[] store = new LocalProjectStore[1];
        this.triggers = new Triggers(name -> store[0].require(name));
        this.registry = new LocalRegistry(ctx, triggers);
        this.compiler = new SourceCompiler(ctx.home().resolve("cache").resolve("classes"));
        compiler.warmUp();
        this.mlRunner = new MlPipelineRunner(ctx, registry, artifacts, compiler);
        this.endpoints = new LocalEndpointHost(ctx);
        this.capture = new DataCapture(ctx);
        this.monitors = new LocalMonitors(ctx, capture, arn -> ModelPredictor.load(registry.byArn(arn).orElseThrow(
                () -> new dev.mlops.exception.NotFoundException("model version", arn,
                        "a monitoring schedule names it, but it is not in the model registry")), artifacts));
        this.orchestrator = new LocalOrchestrator(ctx);
        this.projects = new LocalProjectStore(ctx, repositories, this::engine, this::compileSeedAhead);
        store[0] = projects;
    }

    /**
     * Starts compiling a new project's seed code in the background: the build pipeline's {@code pipelines/}
     * (its Build stage starts within a second) and the deploy repository's endpoint tests ({@code test/}, run
     * by the staging test stage), so that neither waits for a whole compile on the critical path.
     */
    private void compileSeedAhead(ProjectRecord project) {
        for (RepositorySpec r : project.template().repositories()) {
            Path dir = repositories.path(project, r.role());
            String head = repositories.head(dir, r.branch());
            if (head != null) {
                compiler.compileAhead(root -> repositories.checkout(dir, head, root), "pipelines", "test");
            }
        }
    }

    private LocalEngine engine(ProjectRecord project) {
        EndpointManager manager = new EndpointManager(ctx, artifacts, triggers, capture);
        StageActions actions = new StageActions(ctx, repositories, registry, mlRunner, compiler, manager, endpoints, monitors,
                artifacts);
        return new LocalEngine(ctx, project, repositories, triggers, new ExecutionRunner(ctx, actions), manager, registry,
                monitors);
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

    /** @return the monitor runner */
    public MonitorRunner monitors() {
        return monitors;
    }

    /** Stops every engine and closes the state store. */
    public void close() {
        projects.closeAll();
        capture.close();
        repositories.closeAll();
        ctx.close();
    }
}
