package dev.mlops.local;

import static dev.mlops.local.Flows.ROW;
import static dev.mlops.local.Flows.TIMEOUT;
import static dev.mlops.local.Flows.awaitRunOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.Environment;
import dev.mlops.Execution;
import dev.mlops.ExecutionStatus;
import dev.mlops.Gate;
import dev.mlops.GateStatus;
import dev.mlops.MlopsProjects;
import dev.mlops.ModelVersion;
import dev.mlops.Plan;
import dev.mlops.PlannedChange;
import dev.mlops.Project;
import dev.mlops.StageExecution;
import dev.mlops.event.EventCursor;
import dev.mlops.event.ProjectEventType;
import dev.mlops.exception.ConflictException;
import dev.mlops.exception.IllegalStateTransitionException;
import dev.mlops.exception.MlopsException;
import dev.mlops.exception.NotFoundException;
import dev.mlops.exception.ProjectClosedException;
import dev.mlops.exception.ValidationException;
import dev.mlops.template.Stage;
import dev.mlops.template.Template;
import dev.mlops.template.Templates;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a new user hit, one test each, in the order of a project's life: a failed build explained by the README's
 * own {@code pendingApproval().get(0)}, gates that name their model version, rollback and undeploy, a changed
 * template refused at create and applied by update, exceptions that stay inside the documented root, and calls on
 * a closed or deleted project. Every one of these failed before core v2.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NewUserFixesTest {
    private static final String NAME = "newuser";
    private static final String PIPELINE_FILE = "pipelines/abalone/AbalonePipeline.java";

    @TempDir
    static Path home;
    private LocalBackend backend;
    private Project project;
    private ModelVersion v1;
    private ModelVersion v2;

    @BeforeAll
    void seedBuild() {
        backend = LocalBackend.builder().home(home).build();
        project = MlopsProjects.builder().name(NAME).template(Templates.modelBuildTrainDeploy()).backend(backend).create();
        assertThat(project.pipelines().build().awaitLatest(TIMEOUT).status()).isEqualTo(ExecutionStatus.Succeeded);
        v1 = project.models().version(1);
    }

    @AfterAll
    void close() {
        project.close();
        backend.close();
    }

    private static String seedPipeline() throws IOException {
        try (InputStream in = NewUserFixesTest.class.getClassLoader()
                .getResourceAsStream("dev/mlops/seed/modelbuild/" + PIPELINE_FILE)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    @Order(1)
    void readmesGetZeroAfterAFailedBuild_isANotFoundThatSaysTheBuildFailed() {
        v1 = v1.approve("first model");
        String broken = project.repositories().named(Templates.MODEL_BUILD).commit("Break the pipeline",
                Map.of(PIPELINE_FILE, "this is not Java"));
        Execution build = awaitRunOf(project.pipelines().build(), broken);
        assertThat(build.status()).isEqualTo(ExecutionStatus.Failed);

        // Before: ArrayIndexOutOfBoundsException, outside the documented root.
        assertThatThrownBy(() -> project.models().pendingApproval().get(0))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("pending approval").hasMessageContaining(build.id()).hasMessageContaining("failed");
        assertThat(project.models().pendingApproval().first()).isEmpty();
    }

    @Test
    @Order(2)
    void aGateNamesItsModelVersion_andAwaitPendingForAVersionSkipsTheSupersededGate() throws IOException {
        Gate first = project.gates().awaitPending(v1, TIMEOUT);
        assertThat(first.modelVersion()).contains(v1);
        assertThat(first.modelArn()).contains(v1.arn());
        assertThat(first.status()).isEqualTo(GateStatus.Pending);

        String fixed = project.repositories().named(Templates.MODEL_BUILD).commit("Fewer boosting rounds",
                Map.of(PIPELINE_FILE, seedPipeline().replace("\"num_round\", \"50\"", "\"num_round\", \"25\"")));
        assertThat(awaitRunOf(project.pipelines().build(), fixed).status()).isEqualTo(ExecutionStatus.Succeeded);
        v2 = project.models().pendingApproval().first().orElseThrow().approve("second model");

        // Before: awaitPending() right after the approval returned the superseded gate of v1's run.
        Gate second = project.gates().awaitPending(v2, TIMEOUT);
        assertThat(second.id()).isNotEqualTo(first.id());
        assertThat(second.modelVersion()).contains(v2);
        Flows.await("the v1 gate to expire", () -> first.refresh().status() == GateStatus.Expired);
        assertThatThrownBy(() -> first.approve("too late")).isInstanceOf(IllegalStateTransitionException.class);

        second.approve("staging fine");
        project.environments().prod().awaitDeployed(v2, TIMEOUT);
    }

    @Test
    @Order(3)
    void prodCanBeRolledBackToAnApprovedVersion_throughTheGate_andAnEnvironmentUndeployed() {
        Environment prod = project.environments().prod();
        assertThat(prod.deployedVersion()).contains(v2);
        v2 = v2.reject("regressed on last week's traffic");
        // Rejecting re-deploys the newest approved version, but prod keeps v2 until its gate is decided.
        assertThat(prod.deployedVersion()).contains(v2);
        assertThatThrownBy(() -> prod.rollbackTo(v2, "it is rejected"))
                .isInstanceOf(IllegalStateTransitionException.class).hasMessageContaining("Rejected");

        Execution rollback = prod.rollbackTo(v1, "v2 regressed");
        assertThat(rollback.trigger()).contains("rollback").contains("version 1").contains("v2 regressed");
        // The gate of the rollback's own run: the run the rejection started for v1 may reach its gate first, and
        // is superseded there by the rollback (its gate expires).
        Gate gate = Flows.eventually("the rollback's gate", () -> project.gates().pending().stream()
                .filter(g -> g.executionId().equals(rollback.id())).findFirst());
        assertThat(gate.modelVersion()).contains(v1);
        assertThat(prod.deployedVersion()).as("no rollback reaches prod around the gate").contains(v2);
        gate.approve("roll back");
        prod.awaitDeployed(v1, TIMEOUT);
        assertThat(Double.parseDouble(prod.endpoint().invoke(ROW).strip())).isBetween(1.0, 30.0);
        assertThat(project.events(EventCursor.START).events())
                .anyMatch(e -> e.type() == ProjectEventType.RollbackRequested && e.detail().get("modelArn").equals(v1.arn()));

        Environment staging = project.environments().staging();
        String url = staging.endpoint().url().toString();
        assertThat(staging.undeploy("staging not needed over the weekend")).isTrue();
        assertThat(staging.deployedVersion()).isEmpty();
        assertThatThrownBy(staging::endpoint).isInstanceOf(NotFoundException.class);
        Flows.await("the staging server to stop", () -> !answers(url));
        assertThat(staging.undeploy("again")).isFalse();
        assertThat(prod.deployedVersion()).contains(v1);
    }

    private static boolean answers(String url) {
        try {
            java.net.HttpURLConnection c = (java.net.HttpURLConnection) java.net.URI.create(url).resolve("/ping").toURL()
                    .openConnection(java.net.Proxy.NO_PROXY);
            c.setConnectTimeout(500);
            c.setReadTimeout(500);
            return c.getResponseCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    @Order(4)
    void createWithAChangedTemplate_refusesListingTheDifferences_andUpdateAppliesThem() {
        Template changed = project.template().withStageAfter("TestStaging",
                Stage.command("LoadTest", "true").environment("staging").build());

        // Before: create() silently reattached and dropped the added stage.
        assertThatThrownBy(() -> MlopsProjects.builder().name(NAME).template(changed).backend(backend).create())
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("stage LoadTest").hasMessageContaining("project.update")
                .satisfies(e -> assertThat(((ConflictException) e).differences()).singleElement().asString()
                        .contains("modeldeploy").contains("LoadTest"));

        Plan plan = project.plan(changed);
        assertThat(plan.changes()).extracting(PlannedChange::action).containsExactly(PlannedChange.Action.UPDATE);
        assertThat(project.plan(project.template()).isEmpty()).isTrue();
        assertThat(MlopsProjects.builder().name(NAME).template(project.template()).backend(backend).plan().isEmpty())
                .as("an unchanged project plans to nothing").isTrue();

        Plan applied = project.update(changed);
        assertThat(applied.changes()).isEqualTo(plan.changes());
        assertThat(project.template()).isEqualTo(changed);
        try (Project again = MlopsProjects.builder().name(NAME).template(changed).backend(backend).create()) {
            assertThat(again.template()).isEqualTo(changed);
        }

        Execution deploy = project.pipelines().deploy().start();
        StageExecution loadTest = Flows.eventually("the added stage to run", () -> deploy.refresh().stages().stream()
                .filter(s -> s.name().equals("LoadTest") && s.status() == ExecutionStatus.Succeeded).findFirst());
        assertThat(loadTest.name()).isEqualTo("LoadTest");
        project.gates().awaitPending(v1, TIMEOUT).reject("no change wanted");
    }

    @Test
    @Order(5)
    void exceptionsStayInTheDocumentedRoot() {
        var prod = project.environments().prod().endpoint();
        // Before: a raw NullPointerException.
        assertThatThrownBy(() -> prod.invoke(null)).isInstanceOf(ValidationException.class)
                .hasMessageContaining("Endpoint.invoke.body");
        // Before: JGit's InvalidPathException, and a commit outside the tree was attempted.
        assertThatThrownBy(() -> project.repositories().named(Templates.MODEL_BUILD).commit("escape",
                Map.of("../../x", "boom"))).isInstanceOf(ValidationException.class).hasMessageContaining("../../x");
        assertThatThrownBy(() -> project.repositories().named(Templates.MODEL_BUILD).commit(null, Map.of("a", "b")))
                .isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> project.gates().awaitPending(null, TIMEOUT)).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> project.events(null)).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> project.models().byArn("arn:nothing")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> MlopsProjects.builder().template(null)).isInstanceOf(MlopsException.class);
    }

    @Test
    @Order(6)
    void projectsAreListedAndOpenedInAGivenHome_andAClosedOrDeletedHandleSaysSo() {
        assertThat(MlopsProjects.list(home)).containsExactly(NAME);
        try (Project other = MlopsProjects.open(NAME, home)) {
            assertThat(other.id()).isEqualTo(project.id());
            assertThat(other.models().version(1)).isEqualTo(v1);
        }
        assertThatThrownBy(() -> MlopsProjects.open("absent", home)).isInstanceOf(NotFoundException.class)
                .hasMessageContaining(NAME);

        Project handle = MlopsProjects.open(NAME, backend);
        handle.close();
        handle.close();
        // Before: "State store … failed: database connection closed" (or a working call on a closed handle).
        assertThatThrownBy(handle::models).isInstanceOf(ProjectClosedException.class).hasMessageContaining("closed")
                .hasMessageContaining("MlopsProjects.open");
        assertThatThrownBy(() -> handle.events(EventCursor.START)).isInstanceOf(ProjectClosedException.class);

        Path scratch = home.resolve("scratch-home");
        Project doomed = MlopsProjects.builder().name("doomed").home(scratch).create();
        doomed.delete();
        assertThatThrownBy(doomed::gates).isInstanceOf(ProjectClosedException.class).hasMessageContaining("deleted");
        assertThat(MlopsProjects.list(scratch)).isEmpty();
        assertThat(Files.isDirectory(scratch.resolve("projects").resolve("doomed"))).isFalse();
        assertThat(Optional.of(project.models().version(1))).contains(v1);
    }
}
