package dev.mlops.aws.pipeline;

import dev.mlops.aws.AwsBackend;
import dev.mlops.aws.fakes.ActionOutcome;
import dev.mlops.aws.fakes.FakeCodePipeline;
import dev.mlops.aws.fakes.FakePipeline;
import dev.mlops.aws.fakes.FakePipelines;
import dev.mlops.aws.internal.pipeline.CodePipelineOrchestrator;
import dev.mlops.event.EventCursor;
import dev.mlops.event.EventPage;
import dev.mlops.event.ProjectListener;
import dev.mlops.spi.ArtifactStore;
import dev.mlops.spi.Backend;
import dev.mlops.spi.CommitRequest;
import dev.mlops.spi.Components;
import dev.mlops.spi.EndpointHost;
import dev.mlops.spi.ModelRegistry;
import dev.mlops.spi.MonitorRunner;
import dev.mlops.spi.Orchestrator;
import dev.mlops.spi.Page;
import dev.mlops.spi.PageRequest;
import dev.mlops.spi.ProjectDraft;
import dev.mlops.spi.ProjectRecord;
import dev.mlops.spi.ProjectStore;
import dev.mlops.spi.RepositoryInfo;
import dev.mlops.spi.Requirement;
import dev.mlops.spi.SourceRepositories;
import dev.mlops.spi.WaitPolicy;
import dev.mlops.tck.OrchestratorCompatibilityKit;
import dev.mlops.template.Capability;
import dev.mlops.template.PipelineSpec;
import dev.mlops.template.RepositorySpec;
import dev.mlops.template.Stage;
import dev.mlops.template.StageType;
import dev.mlops.template.Template;
import dev.mlops.testkit.memory.InMemoryBackend;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The orchestrator kit against {@link CodePipelineOrchestrator} on a {@link FakeCodePipeline}. The other components
 * come from the test kit's in-memory backend; its project store and repositories stand in for the project's stack
 * and CodeCommit, so they offer what the orchestrator requires, and the fake makes each project's pipelines when they
 * are first asked for, as the stack would have. Command stages run their command in a process, as a CodeBuild build
 * would; source actions read the head of the in-memory repository.
 */
class CodePipelineOrchestratorCompatibilityTest extends OrchestratorCompatibilityKit {

    @Override
    protected Backend newBackend(Path scratch) {
        FakeCodePipeline fake = FakeCodePipeline.start();
        InMemoryBackend memory = InMemoryBackend.create();
        ProjectStore store = new Stacked(memory.projectStore().orElseThrow());
        SourceRepositories repos = new CodeCommit(memory.repositories().orElseThrow());
        fake.declareOnDemand(name -> resolve(fake, store, repos, name));
        AwsBackend aws = FakeAwsBackends.builder(fake, scratch.resolve("cache")).build();
        return new Backend() {
            @Override
            public String name() {
                return "aws";
            }

            @Override
            public Optional<ProjectStore> projectStore() {
                return Optional.of(store);
            }

            @Override
            public Optional<SourceRepositories> repositories() {
                return Optional.of(repos);
            }

            @Override
            public Optional<Orchestrator> orchestrator() {
                return aws.orchestrator();
            }

            @Override
            public Optional<ModelRegistry> registry() {
                return memory.registry();
            }

            @Override
            public Optional<ArtifactStore> artifacts() {
                return memory.artifacts();
            }

            @Override
            public Optional<EndpointHost> endpoints() {
                return memory.endpoints();
            }

            @Override
            public Optional<MonitorRunner> monitors() {
                return memory.monitors();
            }

            @Override
            public void close() {
                org.assertj.core.api.Assertions.assertThat(fake.outputViolations())
                        .as("answers of the fake that break the model").isEmpty();
                try {
                    aws.close();
                    memory.close();
                } finally {
                    fake.close();
                }
            }
        };
    }

    /** The stack's pipeline of that name, if a stored project has one. */
    private static Optional<FakePipeline> resolve(FakeCodePipeline fake, ProjectStore store, SourceRepositories repos,
            String name) {
        for (ProjectRecord r : Page.all(store::list)) {
            for (PipelineSpec spec : r.template().pipelines()) {
                if (!r.resourceName(spec.role()).equals(name)) {
                    continue;
                }
                for (Stage s : spec.stages()) {
                    if (s.type() == StageType.SOURCE) {
                        fake.onAction(name, s.name(), c -> ActionOutcome.succeeded("read " + spec.sourceRepository())
                                .withRevision(repos.list(r).stream().filter(i -> i.role().equals(spec.sourceRepository()))
                                        .findFirst().orElseThrow().headCommit()));
                    } else if (s.type() == StageType.COMMAND) {
                        fake.onAction(name, s.name(), c -> run(s.command()));
                    }
                }
                return Optional.of(FakePipelines.of(r, spec));
            }
        }
        return Optional.empty();
    }

    /** Runs a command stage's command as its build would, its output the build's log. */
    private static ActionOutcome run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return ActionOutcome.failed("Command timed out: " + String.join(" ", command));
            }
            List<String> lines = List.of(("[Container] Running command " + String.join(" ", command) + "\n" + out)
                    .split("\n"));
            return p.exitValue() == 0 ? ActionOutcome.succeeded("Build succeeded").withLog(lines)
                    : ActionOutcome.failed("Error while executing command: " + String.join(" ", command)
                            + ". Reason: exit status " + p.exitValue()).withLog(lines);
        } catch (IOException e) {
            return ActionOutcome.failed("Could not run " + command + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ActionOutcome.failed("Interrupted");
        }
    }

    /** The in-memory store, standing in for a store whose stacks make the CodePipeline pipelines. */
    private static final class Stacked implements ProjectStore {
        private final ProjectStore d;

        Stacked(ProjectStore d) {
            this.d = d;
        }

        @Override
        public String backend() {
            return d.backend();
        }

        @Override
        public Set<Capability> capabilities() {
            Set<Capability> c = new HashSet<>(d.capabilities());
            c.add(CodePipelineOrchestrator.PIPELINES_PROVISIONED);
            return c;
        }

        @Override
        public List<Requirement> requirements(Components peers) {
            return d.requirements(peers);
        }

        @Override
        public WaitPolicy waitPolicy() {
            return d.waitPolicy();
        }

        @Override
        public Optional<ProjectRecord> find(String name) {
            return d.find(name);
        }

        @Override
        public Page<ProjectRecord> list(PageRequest page) {
            return d.list(page);
        }

        @Override
        public ProjectRecord create(ProjectDraft draft, ProjectListener progress) {
            return d.create(draft, progress);
        }

        @Override
        public boolean activate(ProjectRecord project) {
            return d.activate(project);
        }

        @Override
        public boolean isActive(ProjectRecord project) {
            return d.isActive(project);
        }

        @Override
        public ProjectRecord update(ProjectRecord project, Template template, String summary) {
            return d.update(project, template, summary);
        }

        @Override
        public EventPage events(String project, EventCursor after, int limit) {
            return d.events(project, after, limit);
        }

        @Override
        public void delete(ProjectRecord project) {
            d.delete(project);
        }
    }

    /** The in-memory repositories, standing in for CodeCommit. */
    private static final class CodeCommit implements SourceRepositories {
        private final SourceRepositories d;

        CodeCommit(SourceRepositories d) {
            this.d = d;
        }

        @Override
        public String backend() {
            return d.backend();
        }

        @Override
        public Set<Capability> capabilities() {
            Set<Capability> c = new HashSet<>(d.capabilities());
            c.add(CodePipelineOrchestrator.CODECOMMIT_REPOSITORIES);
            return c;
        }

        @Override
        public List<Requirement> requirements(Components peers) {
            return d.requirements(peers);
        }

        @Override
        public WaitPolicy waitPolicy() {
            return d.waitPolicy();
        }

        @Override
        public List<RepositoryInfo> list(ProjectRecord project) {
            return d.list(project);
        }

        @Override
        public RepositoryInfo provision(ProjectRecord project, RepositorySpec spec) {
            return d.provision(project, spec);
        }

        @Override
        public String commit(ProjectRecord project, String role, CommitRequest request) {
            return d.commit(project, role, request);
        }

        @Override
        public void deleteProject(ProjectRecord project) {
            d.deleteProject(project);
        }
    }
}
