package dev.mlops.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.Execution;
import dev.mlops.ExecutionStatus;
import dev.mlops.GateStatus;
import dev.mlops.MlopsProjects;
import dev.mlops.ModelApprovalStatus;
import dev.mlops.ModelVersion;
import dev.mlops.Plan;
import dev.mlops.Project;
import dev.mlops.exception.ValidationException;
import dev.mlops.local.LocalBackend;
import dev.mlops.spi.ModelRegistry;
import dev.mlops.template.ApprovalGate;
import dev.mlops.template.SeedCode;
import dev.mlops.template.Stage;
import dev.mlops.template.Template;
import dev.mlops.template.Templates;
import dev.mlops.testkit.memory.InMemoryBackend;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "How user code reads" blocks, run in the order a reader meets them on the embedded backend in a
 * temporary home: create and promote version 1, change the template, promote version 2 through the new stage,
 * reject version 3 at the gate from a second handle, roll prod back to version 1, and compose a registry of another
 * backend.
 */
class ReadmeDocTest {
    @TempDir
    Path home;
    @TempDir
    Path work;

    @BeforeEach
    void homeAndUser() {
        // The README's code makes its backend by name: the home and user come from these properties.
        System.setProperty("mlops.home", home.toString());
        System.setProperty("mlops.local.user", "ana");
    }

    @AfterEach
    void clear() {
        System.clearProperty("mlops.home");
        System.clearProperty("mlops.local.user");
    }

    @Test
    void theReadmeFlow_fromCreateToRollback() throws Exception {
        // tag::flow[]
        try (Project project = MlopsProjects.builder()
                .name("abalone")                                   // 1–32 chars, SageMaker's rule, checked at once
                .template(Templates.modelBuildTrainDeploy())       // seed code, stages and gates of the original
                .listener(event -> System.out.println(event.message()))
                .create()) {                                       // reattaches if it exists with this template

            Execution build = project.pipelines().build().awaitLatest(Duration.ofMinutes(5));
            ModelVersion candidate = project.models().pendingApproval().first().orElseThrow();
            System.out.println(candidate.metrics());               // {mse=4.81, mse.standard_deviation=2.19}
            candidate = candidate.approve("MSE below 6.0 on the test split");   // starts the deploy pipeline

            project.environments().staging().awaitDeployed(candidate, Duration.ofMinutes(2));
            project.gates().awaitPending(candidate, Duration.ofMinutes(2)).approve("staging tests passed");   // this version's gate
            project.environments().prod().awaitDeployed(candidate, Duration.ofMinutes(2));

            String rings = project.environments().prod().endpoint().invoke("M,0.455,0.365,0.095,0.514,0.2245,0.101,0.15");
            assertThat(build.status()).isEqualTo(ExecutionStatus.Succeeded); // docs:hide
            assertThat(candidate.metrics()).containsKey("mse"); // docs:hide
            assertThat(Double.parseDouble(rings.trim())).isBetween(1.0, 29.0); // docs:hide
        }
        // end::flow[]

        Path seed = work.resolve("my-seed/modelbuild");
        SeedCode.fromClasspath("dev/mlops/seed/modelbuild").files().forEach((file, bytes) -> write(seed.resolve(file), bytes));
        Path seedDir = seed;
        // tag::template[]
        Template mine = Templates.modelBuildTrainDeploy()
                .withSeedCode("modelbuild", SeedCode.fromDirectory(seedDir))   // e.g. Path.of("my-seed/modelbuild")
                .withStageAfter("TestStaging", Stage.command("LoadTest", "sh", "load-test.sh").environment("staging").build())
                .withApprovalGate(ApprovalGate.manual("ApproveDeployment").approvers("ana", "ben").build());
        // end::template[]

        try (Project project = MlopsProjects.open("abalone")) {
            // The create() of the README refuses another template for an existing project.
            assertThatThrownBy(() -> MlopsProjects.builder().name("abalone").template(mine).create())
                    .hasMessageContaining("LoadTest");
            // tag::plan[]
            Plan plan = project.plan(mine);                  // ~ pipeline sagemaker-abalone-p-…-modeldeploy: stage LoadTest (COMMAND) added
            project.update(mine);                            // applies it; the next runs have the stage
            // end::plan[]
            assertThat(plan.toString()).contains("LoadTest");
            assertThat(project.template().pipeline("modeldeploy").orElseThrow().stages())
                    .extracting(Stage::name).contains("LoadTest");

            // Version 2 goes to prod through the new stage, which runs the deploy repository's script.
            project.repositories().named("modeldeploy").commit("a load test", Map.of("load-test.sh",
                    "test -n \"$ENDPOINT_URL\" && echo \"load test against $ENDPOINT_URL\"\n"));
            ModelVersion v2 = newApprovedVersion(project);
            project.environments().staging().awaitDeployed(v2, Duration.ofMinutes(2));
            project.gates().awaitPending(v2, Duration.ofMinutes(2)).approve("load test passed");
            project.environments().prod().awaitDeployed(v2, Duration.ofMinutes(2));
            Execution deployV2 = project.pipelines().deploy().latestExecution().orElseThrow();
            assertThat(deployV2.log("LoadTest")).contains("exited with 0");

            // Version 3 reaches the gate; another handle rejects it there.
            ModelVersion v3 = newApprovedVersion(project);
            project.gates().awaitPending(v3, Duration.ofMinutes(2));
            rejectFromAnotherHandle();
            assertThat(project.gates().pending().first()).isEmpty();
            assertThat(project.environments().prod().deployedVersion().orElseThrow().version()).isEqualTo(2);

            // tag::rollback[]
            Execution rollback = project.environments().prod().rollbackTo(project.models().version(1), "v2 regressed");
            project.gates().awaitPending(project.models().version(1), Duration.ofMinutes(2)).approve("roll back");   // still gated
            project.environments().staging().undeploy("not needed over the weekend");
            // end::rollback[]
            project.environments().prod().awaitDeployed(project.models().version(1), Duration.ofMinutes(2));
            assertThat(rollback.await(Duration.ofMinutes(2)).status()).isEqualTo(ExecutionStatus.Succeeded);
            assertThat(project.environments().staging().deployedVersion()).isEmpty();
            project.delete();
        }
    }

    private void rejectFromAnotherHandle() {
        // tag::reject[]
        try (Project project = MlopsProjects.open("abalone")) {
            project.gates().pending().forEach(gate -> gate.reject("metrics regressed"));
        }
        // end::reject[]
        try (Project project = MlopsProjects.open("abalone")) {
            assertThat(project.gates().pending().first()).isEmpty();
            assertThat(project.pipelines().deploy().latestExecution().orElseThrow().await(Duration.ofMinutes(1)).status())
                    .isNotEqualTo(ExecutionStatus.Succeeded);
        }
    }

    private static ModelVersion newApprovedVersion(Project project) {
        int before = project.models().versions().size();
        project.pipelines().build().start().await(Duration.ofMinutes(5));
        ModelVersion v = project.models().pendingApproval().first().orElseThrow();
        assertThat(v.version()).isEqualTo(before + 1);
        return v.approve("next version");
    }

    @Test
    void aComponentOfAnotherBackend() throws Exception {
        try (InMemoryBackend memory = InMemoryBackend.builder().approvalEvents(true).build()) {
            ModelRegistry otherRegistry = memory.registry().orElseThrow();
            // tag::compose[]
            MlopsProjects.builder().name("abalone")
                    .registry(otherRegistry)                 // one component from elsewhere
                    .backend(LocalBackend.create())          // the rest from the embedded backend
                    .create();
            // end::compose[]
            try (LocalBackend local = LocalBackend.builder().home(home).build();
                 Project project = MlopsProjects.open("abalone", local)) {
                assertThat(project.models().group()).isNotEmpty();
                assertThat(project.status().toString()).contains("abalone");
                project.delete();
            }
        }
        // A bad name is refused at once, naming the rule.
        assertThatThrownBy(() -> MlopsProjects.builder().name("not a name!").create())
                .isInstanceOf(ValidationException.class);
    }

    private static void write(Path file, byte[] bytes) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, bytes);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
