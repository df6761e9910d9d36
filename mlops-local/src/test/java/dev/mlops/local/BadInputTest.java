package dev.mlops.local;

import static dev.mlops.local.Flows.ROW;
import static dev.mlops.local.Flows.TIMEOUT;
import static dev.mlops.local.Flows.awaitRunOf;
import static dev.mlops.local.Flows.describe;
import static dev.mlops.local.Flows.stage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.Endpoint;
import dev.mlops.Execution;
import dev.mlops.ExecutionStatus;
import dev.mlops.Gate;
import dev.mlops.MlopsProjects;
import dev.mlops.ModelApprovalStatus;
import dev.mlops.ModelVersion;
import dev.mlops.Project;
import dev.mlops.StageExecution;
import dev.mlops.exception.IllegalStateTransitionException;
import dev.mlops.exception.MlopsClientException;
import dev.mlops.exception.NotFoundException;
import dev.mlops.exception.UnsupportedByBackendException;
import dev.mlops.exception.ValidationException;
import dev.mlops.template.Template;
import dev.mlops.template.Templates;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bad input of every kind: each is refused (or fails its run) with a message that says what, where and why,
 * and leaves the state store as it was. Build failures share one project; each bad commit restores the seed
 * and changes one thing, so the tests do not depend on each other's order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputTest {
    @TempDir
    static Path dir;
    private LocalBackend backend;
    private Project project;

    @BeforeAll
    void projectWithVersion1() {
        backend = LocalBackend.builder().home(dir.resolve("home")).build();
        project = MlopsProjects.builder().name("badinput").backend(backend).create();
        assertThat(project.pipelines().build().awaitLatest(TIMEOUT).status()).isEqualTo(ExecutionStatus.Succeeded);
    }

    @AfterAll
    void close() {
        project.close();
        backend.close();
    }

    private List<String> projectNames() {
        return MlopsProjects.builder().backend(backend).list();
    }

    // ------------------------------------------------------------------ project and template

    @ParameterizedTest
    @ValueSource(strings = {"", "abcdefghijklmnopqrstuvwxyz0123456", "-abalone", "abalone-", "aba lone"})
    void invalidProjectName_isRefusedNamingFieldValueAndRule(String name) {
        assertThatThrownBy(() -> MlopsProjects.builder().name(name))
                .isInstanceOfSatisfying(ValidationException.class, e -> {
                    assertThat(e.field()).isEqualTo("Project.name");
                    assertThat(e.getMessage()).contains("\"" + name + "\"").contains("1 to 32 characters")
                            .contains("a letter or digit first");
                });
        assertThatThrownBy(() -> MlopsProjects.open(name, backend)).isInstanceOf(ValidationException.class);
        assertThat(projectNames()).containsExactly("badinput");
    }

    @Test
    void aLeadingDigitName_makesAnEmbeddedProject() {
        Template bare = Template.builder().id("bare").displayName("Bare").build();
        try (Project digits = MlopsProjects.builder().name("1abalone").template(bare).backend(backend).create()) {
            assertThat(digits.name()).isEqualTo("1abalone");
            assertThat(projectNames()).contains("1abalone");
            digits.delete();
        }
        assertThat(projectNames()).containsExactly("badinput");
    }

    @Test
    void createWithoutAName_isRefusedSayingWhatToCall() {
        assertThatThrownBy(() -> MlopsProjects.builder().backend(backend).create())
                .isInstanceOf(ValidationException.class).hasMessageContaining("Project.name").hasMessageContaining("name(...)");
    }

    @Test
    void templateMissingARequiredParameter_isRefusedNamingIt() {
        assertThatThrownBy(() -> MlopsProjects.builder().name("thirdparty").template(Templates.thirdPartyGitCodePipeline())
                .backend(backend).create())
                .isInstanceOfSatisfying(ValidationException.class, e -> {
                    assertThat(e.field()).isEqualTo("Template.parameters.ModelBuildCodeRepositoryFullname");
                    assertThat(e.getMessage()).contains(Templates.thirdPartyGitCodePipeline().id());
                });
        assertThat(projectNames()).containsExactly("badinput");
        assertThat(dir.resolve("home/projects/thirdparty")).doesNotExist();
    }

    @Test
    void templatesTheLocalBackendCannotRun_areRefusedNamingTheCapabilityAndAnAlternative() {
        Template jenkins = Templates.thirdPartyGitJenkins()
                .withParameter("ModelBuildCodeRepositoryFullname", "acme/build")
                .withParameter("ModelDeployCodeRepositoryFullname", "acme/deploy");
        assertThatThrownBy(() -> MlopsProjects.builder().name("jenkins").template(jenkins).backend(backend).create())
                .isInstanceOf(UnsupportedByBackendException.class)
                .hasMessageContaining("orchestrator.jenkins").hasMessageContaining("Templates.modelBuildTrainDeploy()");
        assertThat(projectNames()).containsExactly("badinput");
        assertThat(dir.resolve("home/projects/jenkins")).doesNotExist();
    }

    // ------------------------------------------------------------------ builds that fail

    /** Commits the seed code with some files changed, runs the build it triggers, and checks nothing was registered. */
    private Execution failedBuildOf(String message, Map<String, String> changes) {
        Map<String, String> files = new LinkedHashMap<>();
        Templates.modelBuildSeed().files().forEach((path, bytes) -> files.put(path, new String(bytes, StandardCharsets.UTF_8)));
        files.putAll(changes);
        int versionsBefore = project.models().versions().size();
        String commit = project.repositories().named(Templates.MODEL_BUILD).commit(message, files);
        Execution build = awaitRunOf(project.pipelines().build(), commit);
        assertThat(build.status()).as(describe(build)).isEqualTo(ExecutionStatus.Failed);
        assertThat(stage(build, "Source").status()).isEqualTo(ExecutionStatus.Succeeded);
        assertThat(stage(build, "Build").status()).isEqualTo(ExecutionStatus.Failed);
        assertThat(project.models().versions()).as("versions after a failed build").hasSize(versionsBefore);
        assertThat(project.models().versions()).noneMatch(v -> commit.equals(v.lineage().get("sourceCommit")));
        return build;
    }

    private static String seedData() {
        return new String(Templates.modelBuildSeed().files().get("data/abalone.csv"), StandardCharsets.UTF_8);
    }

    @Test
    void missingDataFile_failsTheBuildNamingTheFile() {
        Map<String, String> changes = new LinkedHashMap<>();
        changes.put("data/abalone.csv", null);
        StageExecution build = stage(failedBuildOf("Remove the data", changes), "Build");
        assertThat(build.summary()).contains("data/abalone.csv").contains("does not exist");
    }

    @Test
    void dataLineWithTooFewColumns_failsTheBuildNamingFileAndLine() {
        List<String> lines = seedData().lines().toList();
        String broken = String.join("\n", lines.subList(0, 2)) + "\nM,0.455,0.365\n" + String.join("\n", lines.subList(3, lines.size())) + "\n";
        StageExecution build = stage(failedBuildOf("Truncated row", Map.of("data/abalone.csv", broken)), "Build");
        assertThat(build.summary()).contains("PreprocessAbaloneData").contains("abalone.csv line 3").contains("has 3 columns");
    }

    @Test
    void dataLineWithTextForTheLabel_failsTheBuildNamingFileLineAndColumn() {
        List<String> lines = seedData().lines().toList();
        String bad = lines.get(4).substring(0, lines.get(4).lastIndexOf(',')) + ",eleven";
        String broken = String.join("\n", lines.subList(0, 4)) + "\n" + bad + "\n" + String.join("\n", lines.subList(5, lines.size())) + "\n";
        StageExecution build = stage(failedBuildOf("Label as text", Map.of("data/abalone.csv", broken)), "Build");
        assertThat(build.summary()).contains("abalone.csv line 5").contains("rings").contains("\"eleven\"").contains("not a number");
    }

    @Test
    void stepThatThrows_failsTheBuildNamingTheStep() throws Exception {
        String preprocess = new String(Templates.modelBuildSeed().files().get("pipelines/abalone/Preprocess.java"), StandardCharsets.UTF_8);
        String throwing = preprocess.replace("List<String[]> features = new ArrayList<>();",
                "if (true) { throw new IllegalStateException(\"the feature store is down\"); }\n        List<String[]> features = new ArrayList<>();");
        assertThat(throwing).isNotEqualTo(preprocess);
        Execution run = failedBuildOf("Read from the feature store", Map.of("pipelines/abalone/Preprocess.java", throwing));
        assertThat(stage(run, "Build").summary()).contains("PreprocessAbaloneData").contains("the feature store is down");
    }

    @Test
    void seedCodeThatDoesNotCompile_failsTheBuildNamingFileAndLine() {
        String broken = "package pipelines.abalone;\n\npublic final class Preprocess {\n    int x = ;\n}\n";
        Execution run = failedBuildOf("Half-written script", Map.of("pipelines/abalone/Preprocess.java", broken));
        assertThat(stage(run, "Build").summary()).contains("do not compile").contains("Preprocess.java:4");
        assertThat(run.log("Build")).contains("Preprocess.java:4");
    }

    // ------------------------------------------------------------------ endpoint requests and decisions

    private synchronized Endpoint staging() {
        ModelVersion v1 = project.models().version(1);
        if (v1.status() != ModelApprovalStatus.Approved) {
            v1 = v1.approve("for the endpoint tests");
        }
        project.environments().staging().awaitDeployed(v1, TIMEOUT);
        return project.environments().staging().endpoint();
    }

    @Test
    void endpointRequestWithTooFewColumns_isRefusedNamingTheRow() {
        Endpoint staging = staging();
        assertThatThrownBy(() -> staging.invoke(ROW + "\nM,0.455,0.365\n"))
                .isInstanceOf(MlopsClientException.class)
                .hasMessageContaining(staging.name()).hasMessageContaining("row 2").hasMessageContaining("8");
        assertThat(Double.parseDouble(staging.invoke(ROW).strip())).isBetween(1.0, 30.0);
    }

    @Test
    void endpointRequestWithText_isRefusedNamingRowAndColumn() {
        Endpoint staging = staging();
        assertThatThrownBy(() -> staging.invoke("M,0.455,0.365,heavy,0.514,0.2245,0.101,0.15"))
                .isInstanceOf(MlopsClientException.class)
                .hasMessageContaining("row 1").hasMessageContaining("column 4").hasMessageContaining("heavy");
        assertThat(Double.parseDouble(staging.invoke(ROW).strip())).isBetween(1.0, 30.0);
    }

    @Test
    void approvingTwice_orAVersionThatDoesNotExist_changesNothing() {
        staging();
        ModelVersion v1 = project.models().version(1);
        int deploys = project.pipelines().deploy().executions().size();
        assertThatThrownBy(() -> v1.approve("again"))
                .isInstanceOf(IllegalStateTransitionException.class).hasMessageContaining("/1 is already Approved");
        assertThatThrownBy(() -> project.models().version(42))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("badinput-").hasMessageContaining("/42");
        assertThat(v1.refresh().history()).hasSize(2);
        assertThat(project.pipelines().deploy().executions()).hasSize(deploys);
    }

    @Test
    void decidingAGateTwice_isRefusedSayingItIsNoLongerPending() {
        staging();
        Gate gate = project.gates().awaitPending(TIMEOUT);
        Gate approved = gate.approve("first decision");
        assertThatThrownBy(() -> gate.reject("second decision"))
                .isInstanceOf(IllegalStateTransitionException.class)
                .hasMessageContaining("ApproveDeployment").hasMessageContaining("Approved").hasMessageContaining("only once");
        assertThat(project.gates().all()).filteredOn(g -> g.id().equals(gate.id())).singleElement()
                .satisfies(g -> {
                    assertThat(g.status()).isEqualTo(dev.mlops.GateStatus.Approved);
                    assertThat(g.decision()).contains(approved.decision().orElseThrow());
                });
    }
}
