package dev.mlops.local;

import static dev.mlops.local.Flows.ROW;
import static dev.mlops.local.Flows.TIMEOUT;
import static dev.mlops.local.Flows.awaitRunOf;
import static dev.mlops.local.Flows.describe;
import static dev.mlops.local.Flows.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.Execution;
import dev.mlops.ExecutionStatus;
import dev.mlops.Gate;
import dev.mlops.MlopsProjects;
import dev.mlops.ModelVersion;
import dev.mlops.Project;
import dev.mlops.event.EventCursor;
import dev.mlops.event.ProjectEvent;
import dev.mlops.event.ProjectEventType;
import dev.mlops.exception.MlopsBackendException;
import dev.mlops.exception.UnsupportedByBackendException;
import dev.mlops.spi.CommitInfo;
import dev.mlops.spi.CommitRequest;
import dev.mlops.spi.ProjectRecord;
import dev.mlops.spi.RepositoryInfo;
import dev.mlops.spi.SourceRepositories;
import dev.mlops.spi.WaitPolicy;
import dev.mlops.template.Capability;
import dev.mlops.template.RepositorySpec;
import dev.mlops.template.Templates;
import dev.mlops.testkit.memory.InMemoryBackend;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded orchestrator, registry and endpoints running from repositories it does not hold (as a team without
 * AWS would run from GitHub): heads are read and commits exported through the repositories' SPI, a remote component
 * is polled no faster than its wait policy allows, and failed reads never stop the engine.
 */
class ForeignRepositoriesTest {
    @TempDir
    Path home;

    private LocalBackend local;

    @BeforeEach
    void startLocal() {
        local = LocalBackend.builder().home(home).build();
    }

    @AfterEach
    void stopLocal() {
        local.close();
    }

    @Test
    void memoryRepositories_withTheEmbeddedBackend_buildApproveStagingGateProd_andCommitsStartBuilds() {
        try (InMemoryBackend memory = InMemoryBackend.builder().latency(Duration.ofMillis(2)).build()) {
            SourceRepositories repos = memory.repositories().orElseThrow();
            try (Project p = MlopsProjects.builder().name("foreign").repositories(repos).backend(local).create()) {
                String seed = p.repositories().named(Templates.MODEL_BUILD).headCommit();
                Execution build = p.pipelines().build().awaitLatest(TIMEOUT);
                assertThat(build.status()).as(describe(build)).isEqualTo(ExecutionStatus.Succeeded);
                assertThat(home.resolve("projects").resolve("foreign").resolve("repos"))
                        .as("no embedded git repository is made").doesNotExist();
                assertThat(memory.calls()).containsKeys("repositories.provision", "repositories.head", "repositories.export");

                ModelVersion v1 = p.models().version(1);
                assertThat(v1.lineage()).containsEntry("sourceCommit", seed);
                v1.approve("foreign repositories: good enough");
                p.environments().staging().awaitDeployed(v1, TIMEOUT);
                Gate gate = p.gates().awaitPending(v1, TIMEOUT);
                assertThat(p.environments().prod().deployedVersion()).isEmpty();
                gate.approve("foreign repositories: staging passed");
                p.environments().prod().awaitDeployed(v1, TIMEOUT);
                double answer = Double.parseDouble(p.environments().prod().endpoint().invoke(ROW).strip());
                assertThat(answer).isBetween(1.0, 30.0);
                Execution deploy = p.pipelines().deploy().awaitLatest(TIMEOUT);
                assertThat(deploy.status()).as(describe(deploy)).isEqualTo(ExecutionStatus.Succeeded);

                String commit = p.repositories().named(Templates.MODEL_BUILD).commit("Document the data",
                        Map.of("data/NOTES.md", "Abalone rings are age + 1.5 years\n"));
                Execution second = awaitRunOf(p.pipelines().build(), commit);
                assertThat(second.status()).as(describe(second)).isEqualTo(ExecutionStatus.Succeeded);
                assertThat(second.trigger()).contains(commit.substring(0, 7)).contains("Document the data");
                assertThat(events(p, ProjectEventType.RepositoryCommit)).extracting(e -> e.detail().get("commit"))
                        .contains(seed, commit);
            }
        }
    }

    @Test
    void transientHeadFailures_ofARemoteComponent_doNotStopTheEngine_andItIsPolledNoFasterThanItsPolicy() {
        try (InMemoryBackend memory = InMemoryBackend.builder().build()) {
            // two reads of every three fail as a throttled host's would
            Flaky flaky = new Flaky(memory.repositories().orElseThrow(), n -> n % 3 != 0 ? retryable() : null);
            long started = System.nanoTime();
            try (Project p = MlopsProjects.builder().name("flaky").repositories(flaky).backend(local).create()) {
                Execution build = p.pipelines().build().awaitLatest(TIMEOUT);
                assertThat(build.status()).as(describe(build)).isEqualTo(ExecutionStatus.Succeeded);
                String commit = p.repositories().named(Templates.MODEL_BUILD).commit("Shallower trees",
                        Map.of("data/NOTES.md", "depth 4\n"));
                Execution second = awaitRunOf(p.pipelines().build(), commit);
                assertThat(second.status()).as(describe(second)).isEqualTo(ExecutionStatus.Succeeded);
                assertThat(flaky.failed.get()).as("reads that failed").isPositive();
                assertThat(events(p, ProjectEventType.RepositoryReadFailed)).as("retryable failures are not reported")
                        .isEmpty();
                double seconds = (System.nanoTime() - started) / 1e9;
                int repositories = p.repositories().all().size();
                // the memory component's policy starts at 1 s: one read per repository per second at most
                assertThat(flaky.reads.get()).as("head reads in %.1f s", seconds)
                        .isLessThanOrEqualTo((int) (repositories * (seconds + 2)));
            }
        }
    }

    @Test
    void aHeadFailureRetryingWillNotFix_isRecordedOnceAsAnEvent_andStartsNothing() throws Exception {
        try (InMemoryBackend memory = InMemoryBackend.builder().build()) {
            Flaky revoked = new Flaky(memory.repositories().orElseThrow(), n -> new MlopsBackendException(
                    "401 Bad credentials: the token was revoked", null, Map.of(), false));
            try (Project p = MlopsProjects.builder().name("revoked").repositories(revoked).backend(local).create()) {
                int repositories = p.repositories().all().size();
                List<ProjectEvent> failed = eventually("a RepositoryReadFailed event per repository", () -> {
                    List<ProjectEvent> found = events(p, ProjectEventType.RepositoryReadFailed);
                    return found.size() >= repositories ? Optional.of(found) : Optional.empty();
                });
                assertThat(failed.get(0).message()).contains("401 Bad credentials").contains("flaky")
                        .contains("no pipeline starts");
                Thread.sleep(1_500);
                assertThat(events(p, ProjectEventType.RepositoryReadFailed)).as("recorded once").hasSize(repositories);
                assertThat(p.pipelines().build().latestExecution()).isEmpty();
            }
        }
    }

    @Test
    void repositoriesThatCannotBeRead_areRefusedBeforeAnythingIsMade_namingTheCapability() {
        try (InMemoryBackend memory = InMemoryBackend.create()) {
            Flaky writeOnly = new Flaky(memory.repositories().orElseThrow(), n -> null);
            writeOnly.readable = false;
            assertThatThrownBy(() -> MlopsProjects.builder().name("unreadable").repositories(writeOnly).backend(local)
                    .create())
                    .isInstanceOf(UnsupportedByBackendException.class)
                    .hasMessageContaining("local orchestrator with the flaky repositories")
                    .hasMessageContaining("repositories.readable");
            assertThat(local.projectStore().orElseThrow().find("unreadable")).isEmpty();
            assertThat(memory.calls()).doesNotContainKey("repositories.provision");
        }
    }

    private static List<ProjectEvent> events(Project p, ProjectEventType type) {
        return p.events(EventCursor.START).events().stream().filter(e -> e.type() == type).toList();
    }

    private static MlopsBackendException retryable() {
        return new MlopsBackendException("503 Service Unavailable", null, Map.of(), true);
    }

    /** Another backend's repositories whose head reads fail as a function of the read's number says. */
    private static final class Flaky implements SourceRepositories {
        final SourceRepositories delegate;
        final java.util.function.IntFunction<RuntimeException> failure;
        final AtomicInteger reads = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();
        boolean readable = true;

        Flaky(SourceRepositories delegate, java.util.function.IntFunction<RuntimeException> failure) {
            this.delegate = delegate;
            this.failure = failure;
        }

        @Override
        public String backend() {
            return "flaky";
        }

        @Override
        public Set<Capability> capabilities() {
            Set<Capability> all = new java.util.HashSet<>(delegate.capabilities());
            if (!readable) {
                all.remove(Capability.READABLE_REPOSITORIES);
            }
            return all;
        }

        @Override
        public WaitPolicy waitPolicy() {
            return delegate.waitPolicy();
        }

        @Override
        public List<RepositoryInfo> list(ProjectRecord project) {
            return delegate.list(project);
        }

        @Override
        public RepositoryInfo provision(ProjectRecord project, RepositorySpec spec) {
            return delegate.provision(project, spec);
        }

        @Override
        public String commit(ProjectRecord project, String role, CommitRequest request) {
            return delegate.commit(project, role, request);
        }

        @Override
        public Optional<CommitInfo> head(ProjectRecord project, String role) {
            RuntimeException e = failure.apply(reads.incrementAndGet());
            if (e != null) {
                failed.incrementAndGet();
                throw e;
            }
            return delegate.head(project, role);
        }

        @Override
        public void export(ProjectRecord project, String role, String commit, Path target) {
            delegate.export(project, role, commit, target);
        }

        @Override
        public void deleteProject(ProjectRecord project) {
            delegate.deleteProject(project);
        }
    }
}
