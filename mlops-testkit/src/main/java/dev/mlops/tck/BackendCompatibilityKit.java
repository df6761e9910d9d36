package dev.mlops.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.Environment;
import dev.mlops.Execution;
import dev.mlops.ExecutionStatus;
import dev.mlops.Gate;
import dev.mlops.MlopsProjects;
import dev.mlops.ModelApprovalStatus;
import dev.mlops.ModelVersion;
import dev.mlops.Project;
import dev.mlops.StageExecution;
import dev.mlops.event.ProjectEvent;
import dev.mlops.event.ProjectEventType;
import dev.mlops.exception.IllegalStateTransitionException;
import dev.mlops.exception.MlopsClientException;
import dev.mlops.exception.MlopsException;
import dev.mlops.exception.NotFoundException;
import dev.mlops.spi.Backend;
import dev.mlops.template.Template;
import dev.mlops.template.Templates;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The behaviour every backend owes the public API, checked through that API only: project creation and
 * reattachment, the two triggers of the original templates (a commit starts the build pipeline; any
 * approval-status change of a model version, rejections included, starts the deploy pipeline), the model
 * registry's approval state machine, the deploy pipeline's staging → gate → prod order, rollback on
 * rejection, event delivery and deletion.
 *
 * <h2>How a backend module runs it</h2>
 *
 * Put {@code dev.mlops:mlops-testkit} with scope {@code test} on the backend module's test class path (it brings
 * JUnit Jupiter's API and AssertJ), and subclass the kit:
 *
 * <pre>{@code
 * class AwsBackendCompatibilityTest extends BackendCompatibilityKit {
 *     @Override
 *     protected Backend newBackend(Path scratch) {
 *         return AwsBackend.builder().region("eu-west-1").workDir(scratch).build();
 *     }
 *
 *     @Override
 *     protected String projectName(String hint) {
 *         return "tck-" + hint + "-" + runId;     // unique per run on a shared account, at most 32 characters
 *     }
 *
 *     @Override
 *     protected Duration timeout() {
 *         return Duration.ofMinutes(40);          // real training jobs and endpoints are slow
 *     }
 * }
 * }</pre>
 *
 * <p>Only {@link #newBackend(Path)} is required. The other hooks have defaults that suit the embedded backend:
 * {@link #template()} (the template under test), {@link #projectName(String)}, {@link #timeout()} (every wait
 * in the kit) and {@link #sampleRow()} (one CSV row the deployed model must answer). Override
 * {@link #assertEndpointGone(String)} if an endpoint of a deleted project cannot be checked by URL.
 *
 * <p>Cost: the kit makes four projects, trains four or five models and deploys to five endpoints; one
 * project is shared by the tests that only observe it, and each test that changes state has its own. A
 * backend that cannot clean up after a failed run should make names unique per run in
 * {@link #projectName(String)}. Tests do not depend on each other's order: each reaches the state it needs
 * through an idempotent step of the shared fixture.
 *
 * <p>Each component also has a kit of its own, checked through the SPI, for modules that offer one component
 * (a registry, an orchestrator): {@link ProjectStoreCompatibilityKit}, {@link SourceRepositoriesCompatibilityKit},
 * {@link ModelRegistryCompatibilityKit}, {@link OrchestratorCompatibilityKit}, {@link ArtifactStoreCompatibilityKit}
 * and {@link EndpointHostCompatibilityKit}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class BackendCompatibilityKit {

    /** Scratch space for the backend, shared by the kit's tests. */
    @TempDir
    static Path scratch;

    private Backend backend;
    private Project shared;
    private final List<ProjectEvent> sharedEvents = new CopyOnWriteArrayList<>();
    private ModelVersion sharedV1;
    private boolean sharedInProd;
    private Optional<ModelVersion> prodWhileGatePending;
    private MlopsException prodEndpointWhileGatePending;

    /**
     * Makes the backend under test. Called once; the kit closes it after the last test.
     *
     * @param scratch an empty directory the backend may use (the embedded backend's home)
     * @return the backend
     */
    protected abstract Backend newBackend(Path scratch);

    /**
     * The template the kit's projects are made from: one with the build and deploy pipelines, staging and
     * prod and the {@code ApproveDeployment} gate.
     *
     * @return by default {@link Templates#modelBuildTrainDeploy()}
     */
    protected Template template() {
        return Templates.modelBuildTrainDeploy();
    }

    /**
     * The name of one of the kit's projects.
     *
     * @param hint a short lower-case word naming the test's purpose
     * @return a valid project name, by default the hint
     */
    protected String projectName(String hint) {
        return hint;
    }

    /**
     * How long any one wait may take (a build, a deployment, a gate to be reached).
     *
     * @return by default 3 minutes
     */
    protected Duration timeout() {
        return Duration.ofMinutes(3);
    }

    /**
     * A CSV row without label that the seed model answers with one number.
     *
     * @return an abalone row by default
     */
    protected String sampleRow() {
        return "M,0.455,0.365,0.095,0.514,0.2245,0.101,0.15";
    }

    /**
     * Checks that the endpoint at this URL no longer answers, after its project was deleted.
     *
     * @param url the endpoint's URL before deletion
     */
    protected void assertEndpointGone(String url) {
        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        java.net.http.HttpRequest ping = java.net.http.HttpRequest.newBuilder(java.net.URI.create(url).resolve("/ping"))
                .timeout(Duration.ofSeconds(5)).build();
        try {
            int status = http.send(ping, java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
            assertThat(status).as("GET %s/ping after the project was deleted", url).isNotEqualTo(200);
        } catch (java.io.IOException refused) {
            // nothing listens any more: gone
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @BeforeAll
    void startBackend() {
        backend = newBackend(scratch);
    }

    @AfterAll
    void stopBackend() {
        if (shared != null) {
            shared.close();
        }
        if (backend != null) {
            backend.close();
        }
    }

    /**
     * The backend under test.
     *
     * @return the backend {@link #newBackend(Path)} made
     */
    protected final Backend backend() {
        return backend;
    }

    // ---------------------------------------------------------------- shared fixture (idempotent steps)

    private synchronized Project shared() {
        if (shared == null) {
            shared = MlopsProjects.builder().name(projectName("tck-flow")).template(template()).backend(backend)
                    .listener(sharedEvents::add).create();
        }
        return shared;
    }

    /** The shared project's first model version, registered by the build the seed commit started. */
    private synchronized ModelVersion sharedV1() {
        if (sharedV1 == null) {
            Execution build = shared().pipelines().build().awaitLatest(timeout());
            assertThat(build.status()).as("the seed commit's build %s", describe(build)).isEqualTo(ExecutionStatus.Succeeded);
            sharedV1 = shared().models().version(1);
        }
        return sharedV1;
    }

    /** Approves version 1, observes prod while the gate is pending, approves the gate and waits for prod. */
    private synchronized void sharedInProd() {
        if (sharedInProd) {
            return;
        }
        ModelVersion v1 = sharedV1();
        v1.approve("tck: MSE below 6.0");
        Project p = shared();
        p.environments().staging().awaitDeployed(v1, timeout());
        Gate gate = p.gates().awaitPending(timeout());
        prodWhileGatePending = p.environments().prod().deployedVersion();
        try {
            p.environments().prod().endpoint().invoke(sampleRow());
        } catch (MlopsException e) {
            prodEndpointWhileGatePending = e;
        }
        gate.approve("tck: staging tests passed");
        p.environments().prod().awaitDeployed(v1, timeout());
        // The endpoint serves before the run records its last stage: wait for the run itself to end.
        p.pipelines().deploy().awaitLatest(timeout());
        sharedInProd = true;
    }

    // ---------------------------------------------------------------- projects

    @Test
    void create_whenSameNameAndTemplateAgain_thenReattachesToTheSameProject() {
        Project first = shared();
        try (Project again = MlopsProjects.builder().name(first.name()).template(template()).backend(backend).create()) {
            assertThat(again.id()).isEqualTo(first.id());
            assertThat(again.tags()).containsEntry("sagemaker:project-name", first.name())
                    .containsEntry("sagemaker:project-id", first.id());
            assertThat(again.repositories().all()).extracting(r -> r.headCommit())
                    .containsExactlyElementsOf(first.repositories().all().stream().map(r -> r.headCommit()).toList());
        }
        // closing the second handle leaves the first one working
        assertThat(first.models().group()).isEqualTo(first.name() + "-" + first.id());
    }

    @Test
    void create_whenSameNameWithAnotherTemplate_thenRefusesNamingTheExistingTemplate() {
        Project first = shared();
        assertThatThrownBy(() -> MlopsProjects.builder().name(first.name()).template(Templates.modelBuildTrain())
                .backend(backend).create())
                .isInstanceOf(MlopsClientException.class)
                .hasMessageContaining(first.name())
                .hasMessageContaining(first.template().id());
        try (Project still = MlopsProjects.open(first.name(), backend)) {
            assertThat(still.template().id()).isEqualTo(first.template().id());
            assertThat(still.id()).isEqualTo(first.id());
        }
    }

    @Test
    void open_whenProjectExists_thenSeesTheSameRepositoriesPipelinesAndVersions() {
        ModelVersion v1 = sharedV1();
        try (Project reopened = MlopsProjects.open(shared().name(), backend)) {
            assertThat(reopened.id()).isEqualTo(shared().id());
            assertThat(reopened.template().id()).isEqualTo(template().id());
            assertThat(reopened.repositories().all()).extracting(r -> r.role())
                    .containsExactlyInAnyOrder(Templates.MODEL_BUILD, Templates.MODEL_DEPLOY);
            assertThat(reopened.pipelines().build().executions()).isNotEmpty();
            assertThat(reopened.models().version(1).arn()).isEqualTo(v1.arn());
        }
    }

    @Test
    void open_whenNoSuchProject_thenNotFoundNamingIt() {
        assertThatThrownBy(() -> MlopsProjects.open(projectName("tck-nothing-here"), backend))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining(projectName("tck-nothing-here"));
    }

    // ---------------------------------------------------------------- build trigger and registration

    @Test
    void seedCommit_startsTheBuildPipelineAtThatCommit() {
        sharedV1();
        String seed = shared().repositories().named(Templates.MODEL_BUILD).headCommit();
        List<Execution> builds = shared().pipelines().build().executions();
        Execution first = builds.get(builds.size() - 1);
        assertThat(first.sourceCommit()).contains(seed);
        assertThat(first.trigger()).contains(seed.substring(0, 7));
        assertThat(first.stages()).extracting(StageExecution::status).containsOnly(ExecutionStatus.Succeeded);
    }

    @Test
    void build_registersAPendingVersionWithMetricsAndLineage() {
        ModelVersion v1 = sharedV1();
        Execution build = shared().pipelines().build().executions().get(shared().pipelines().build().executions().size() - 1);
        assertThat(v1.version()).isEqualTo(1);
        assertThat(v1.group()).isEqualTo(shared().models().group());
        assertThat(v1.metrics()).containsKey("mse");
        assertThat(v1.metrics().get("mse")).isBetween(0.0, 6.0);
        assertThat(v1.lineage()).containsEntry("sourceCommit", build.sourceCommit().orElseThrow())
                .containsEntry("pipelineExecution", build.id());
        assertThat(v1.containers()).isNotEmpty();
        assertThat(v1.history()).isNotEmpty();
    }

    // ---------------------------------------------------------------- approval state machine

    @Test
    void approve_whenAlreadyApproved_thenIllegalStateTransitionAndNothingChanges() {
        sharedInProd();
        ModelVersion v1 = shared().models().version(1);
        int historyBefore = v1.history().size();
        int deploysBefore = shared().pipelines().deploy().executions().size();
        assertThatThrownBy(() -> v1.approve("again"))
                .isInstanceOf(IllegalStateTransitionException.class)
                .hasMessageContaining("already Approved");
        ModelVersion now = v1.refresh();
        assertThat(now.status()).isEqualTo(ModelApprovalStatus.Approved);
        assertThat(now.history()).hasSize(historyBefore);
        assertThat(shared().pipelines().deploy().executions()).hasSize(deploysBefore);
    }

    @Test
    void version_whenUnknown_thenNotFoundNamingTheGroupsVersions() {
        sharedV1();
        assertThatThrownBy(() -> shared().models().version(99))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("99")
                .hasMessageContaining(shared().models().group());
    }

    @Test
    void approvalAndRejection_followThePendingApprovedRejectedStateMachine() {
        try (Project p = MlopsProjects.builder().name(projectName("tck-states")).template(template()).backend(backend).create()) {
            Execution seedBuild = p.pipelines().build().awaitLatest(timeout());
            assertThat(seedBuild.status()).as("the seed commit's build %s", describe(seedBuild)).isEqualTo(ExecutionStatus.Succeeded);
            ModelVersion v1 = p.models().version(1);
            assertThat(v1.status()).isEqualTo(ModelApprovalStatus.PendingManualApproval);
            assertThat(p.models().pendingApproval()).containsExactly(v1);
            assertThat(p.models().latestApproved()).isEmpty();

            ModelVersion rejected = v1.reject("tck: not yet");
            assertThat(rejected.status()).isEqualTo(ModelApprovalStatus.Rejected);
            assertThat(rejected.decision()).hasValueSatisfying(d -> assertThat(d).contains("tck: not yet"));
            assertThatThrownBy(() -> rejected.reject("twice")).isInstanceOf(IllegalStateTransitionException.class);
            assertThat(p.models().pendingApproval()).isEmpty();

            ModelVersion approved = rejected.approve("tck: reconsidered");
            assertThat(approved.status()).isEqualTo(ModelApprovalStatus.Approved);
            assertThat(p.models().latestApproved()).contains(approved);
            assertThat(approved.history()).hasSize(3); // registered, rejected, approved
            p.delete();
        }
    }

    // ---------------------------------------------------------------- deploy trigger and ordering

    @Test
    void approval_startsTheDeployPipelineForThatVersion() {
        sharedInProd();
        List<Execution> deploys = shared().pipelines().deploy().executions();
        assertThat(deploys).anySatisfy(e -> {
            assertThat(e.trigger()).contains("1").contains("Approved");
            assertThat(e.status()).isEqualTo(ExecutionStatus.Succeeded);
        });
    }

    @Test
    void deploy_goesStagingThenTestThenGateThenProd() {
        sharedInProd();
        Execution deploy = shared().pipelines().deploy().executions().stream()
                .filter(e -> e.status() == ExecutionStatus.Succeeded).findFirst().orElseThrow();
        List<String> names = deploy.stages().stream().map(StageExecution::name).toList();
        assertThat(names).containsSubsequence("DeployStaging", "ApproveDeployment", "DeployProd");
        List<StageExecution> stages = deploy.stages();
        for (int i = 1; i < stages.size(); i++) {
            assertThat(stages.get(i).startedAt().orElseThrow())
                    .as("stage %s starts after %s ended", stages.get(i).name(), stages.get(i - 1).name())
                    .isAfterOrEqualTo(stages.get(i - 1).endedAt().orElseThrow());
        }
        ModelVersion v1 = shared().models().version(1);
        assertThat(shared().environments().staging().deployedVersion()).contains(v1);
        assertThat(shared().environments().prod().deployedVersion()).contains(v1);
        String answer = shared().environments().prod().endpoint().invoke(sampleRow()).strip();
        assertThat(Double.parseDouble(answer)).isBetween(1.0, 30.0);
    }

    @Test
    void prod_whileTheGateIsPending_hasNoVersionAndNoEndpoint() {
        sharedInProd();
        assertThat(prodWhileGatePending).as("prod's deployed version while ApproveDeployment was pending").isEmpty();
        assertThat(prodEndpointWhileGatePending).as("invoking prod while ApproveDeployment was pending")
                .isInstanceOf(NotFoundException.class);
        assertThat(prodEndpointWhileGatePending.getMessage()).contains(shared().environments().prod().endpointName());
    }

    @Test
    void rejection_redeploysTheNewestApprovedVersion() {
        try (Project p = MlopsProjects.builder().name(projectName("tck-rollback")).template(template()).backend(backend).create()) {
            Environment staging = p.environments().staging();
            Execution seedBuild = p.pipelines().build().awaitLatest(timeout());
            assertThat(seedBuild.status()).as("the seed commit's build %s", describe(seedBuild)).isEqualTo(ExecutionStatus.Succeeded);
            ModelVersion v1 = p.models().version(1).approve("tck: first");
            staging.awaitDeployed(v1, timeout());

            Execution second = p.pipelines().build().start().await(timeout());
            assertThat(second.status()).as("the second build %s", describe(second)).isEqualTo(ExecutionStatus.Succeeded);
            ModelVersion v2 = p.models().version(2).approve("tck: second");
            staging.awaitDeployed(v2, timeout());

            v2.reject("tck: worse in staging");
            staging.awaitDeployed(v1, timeout());
            assertThat(p.models().latestApproved()).contains(v1);
            Execution rollback = p.pipelines().deploy().executions().get(0);
            assertThat(rollback.trigger()).contains("2").contains("Rejected");
            assertThat(Double.parseDouble(staging.endpoint().invoke(sampleRow()).strip())).isBetween(1.0, 30.0);
            p.delete();
        }
    }

    // ---------------------------------------------------------------- events

    @Test
    void listeners_receiveEveryEventOnceInOrder_matchingTheStoredHistory() {
        sharedInProd();
        String prodEndpoint = shared().environments().prod().endpointName();
        eventually("the prod deployment's event to reach the listener", () -> sharedEvents.stream()
                .filter(e -> e.type() == ProjectEventType.EndpointInService && e.subject().equals(prodEndpoint)).findFirst());
        List<ProjectEvent> received = new ArrayList<>(sharedEvents);
        // Delivery is at least once, and keeps each subject's order: what the listener heard is what the store holds.
        List<ProjectEvent> stored = new ArrayList<>();
        dev.mlops.event.EventPage page = shared().events(dev.mlops.event.EventCursor.START);
        while (!page.events().isEmpty()) {
            stored.addAll(page.events());
            page = shared().events(page.next());
        }
        List<ProjectEvent> distinct = received.stream().distinct().toList();
        assertThat(stored).containsAll(distinct);
        for (String subject : distinct.stream().map(ProjectEvent::subject).distinct().toList()) {
            assertThat(distinct.stream().filter(e -> e.subject().equals(subject)).toList()).as("events of %s", subject)
                    .isEqualTo(stored.stream().filter(e -> e.subject().equals(subject) && distinct.contains(e)).toList());
        }
        assertThat(received).extracting(ProjectEvent::type).containsSubsequence(
                ProjectEventType.RepositorySeeded, ProjectEventType.ProjectCreated, ProjectEventType.RepositoryCommit, ProjectEventType.ExecutionStarted, ProjectEventType.ModelRegistered,
                ProjectEventType.ModelApprovalChanged, ProjectEventType.EndpointInService, ProjectEventType.GatePending,
                ProjectEventType.GateApproved, ProjectEventType.EndpointInService);
        assertThat(received).allSatisfy(e -> assertThat(e.project()).isEqualTo(shared().name()));
    }

    // ---------------------------------------------------------------- delete

    @Test
    void delete_removesTheProjectItsVersionsAndEndpoints() {
        String name = projectName("tck-delete");
        String url;
        String oldId;
        Project p = MlopsProjects.builder().name(name).template(template()).backend(backend).create();
        try {
            oldId = p.id();
            Execution seedBuild = p.pipelines().build().awaitLatest(timeout());
            assertThat(seedBuild.status()).as("the seed commit's build %s", describe(seedBuild)).isEqualTo(ExecutionStatus.Succeeded);
            ModelVersion v1 = p.models().version(1).approve("tck");
            p.environments().staging().awaitDeployed(v1, timeout());
            url = p.environments().staging().endpoint().url().toString();
            p.gates().awaitPending(timeout());
            p.delete();
        } finally {
            p.close();
        }
        java.time.Instant deletedAt = java.time.Instant.now();
        assertThatThrownBy(() -> MlopsProjects.open(name, backend)).isInstanceOf(NotFoundException.class);
        assertEndpointGone(url);
        // The name is free again, and nothing of the old project shows through.
        try (Project again = MlopsProjects.builder().name(name).template(template()).backend(backend).create()) {
            assertThat(again.id()).isNotEqualTo(oldId);
            assertThat(again.gates().all()).isEmpty();
            assertThat(again.environments().staging().deployedVersion()).isEmpty();
            assertThat(again.models().versions()).allSatisfy(v -> assertThat(v.createdAt()).isAfterOrEqualTo(deletedAt));
            assertThat(again.pipelines().deploy().executions()).allSatisfy(e -> assertThat(e.startedAt()).isAfterOrEqualTo(deletedAt));
            assertThat(again.events(dev.mlops.event.EventCursor.START).events()).noneMatch(e -> e.type() == ProjectEventType.GatePending);
            again.delete();
        }
    }

    // ---------------------------------------------------------------- helpers

    /**
     * Polls until the supplier has a value, for facts the API has no await for (such as what a listener
     * received); fails after {@link #timeout()}.
     *
     * @param what what is awaited, for the failure message
     * @param poll the check
     * @param <T> the value's type
     * @return the value
     */
    protected final <T> T eventually(String what, Supplier<Optional<T>> poll) {
        long deadline = System.nanoTime() + timeout().toNanos();
        while (true) {
            Optional<T> v = poll.get();
            if (v.isPresent()) {
                return v.get();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out after " + timeout() + " waiting for " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private static String describe(Execution e) {
        StringBuilder sb = new StringBuilder(e.toString());
        for (StageExecution s : e.stages()) {
            sb.append("\n  ").append(s.name()).append(' ').append(s.status()).append(": ").append(s.summary());
        }
        return sb.toString();
    }
}
