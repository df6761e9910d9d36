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
        EndpointManager manager = new EndpointManager(ctx, artifacts, triggers);
        StageActions actions = new StageActions(ctx, repositories, registry, mlRunner, compiler, manager, endpoints);
        return new LocalEngine(ctx, project, repositories, triggers, new ExecutionRunner(ctx, actions), manager, registry);
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

    /** @return the monitor runner: no schedules are deployed by the embedded backend's templates yet */
    public MonitorRunner monitors() {
        return project -> List.of();
    }

    /** Stops every engine and closes the state store. */
    public void close() {
        projects.closeAll();
        repositories.closeAll();
        ctx.close();
    }
}
