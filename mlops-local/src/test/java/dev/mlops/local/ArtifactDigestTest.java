package dev.mlops.local;

import static dev.mlops.local.Flows.TIMEOUT;
import static dev.mlops.local.Flows.describe;
import static dev.mlops.local.Flows.stage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.Execution;
import dev.mlops.ExecutionStatus;
import dev.mlops.MlopsProjects;
import dev.mlops.ModelVersion;
import dev.mlops.Project;
import dev.mlops.exception.MlopsBackendException;
import dev.mlops.pipeline.ml.internal.TarReader;
import dev.mlops.template.Templates;
import java.io.BufferedInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7, item 6: artifacts are verified against their recorded digest when they are loaded. A swapped
 * {@code model.tar.gz} (another valid model) fails the deploy, naming the artifact and both digests, instead of
 * being served; a garbage artifact fails the restore of an endpoint that served it, loudly, and the store says
 * the endpoint failed.
 */
class ArtifactDigestTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    @Test
    void aSwappedModelArtifact_failsTheDeploy_namingItAndBothDigests() throws Exception {
        try (LocalBackend backend = LocalBackend.builder().home(home).build();
             Project project = MlopsProjects.builder().name("swapped").template(Templates.modelBuildTrainDeploy())
                     .backend(backend).create()) {
            assertThat(project.pipelines().build().awaitLatest(TIMEOUT).status()).isEqualTo(ExecutionStatus.Succeeded);
            ModelVersion v1 = project.models().version(1);
            String uri = v1.containers().get("xgboost");
            String expected = v1.lineage().get("artifact.xgboost.sha256");
            Path file = backend.artifacts().orElseThrow().fetch(uri);

            // another valid XGBoost model in its place: the same trees, another base score
            byte[] model;
            try (InputStream tar = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
                model = TarReader.read(tar, "xgboost-model").orElseThrow();
            }
            ObjectNode root = (ObjectNode) JSON.readTree(model);
            ((ObjectNode) root.path("learner").path("learner_model_param")).put("base_score", "2.5E1");
            Files.write(file, JSON.writeValueAsBytes(root));
            String actual = sha256(file);

            v1.approve("looks good");
            Execution deploy = Flows.awaitRun(project.pipelines().deploy(), "the deploy run of v1",
                    e -> e.trigger().contains("Approved"));
            assertThat(deploy.status()).as(describe(deploy)).isEqualTo(ExecutionStatus.Failed);
            assertThat(stage(deploy, "DeployStaging").summary())
                    .contains("xgboost").contains(uri).contains(expected).contains(actual);
            assertThat(project.environments().staging().deployedVersion()).isEmpty();
            assertThatThrownBy(() -> backend.artifacts().orElseThrow().fetch(uri))
                    .isInstanceOf(MlopsBackendException.class).hasMessageContaining(actual)
                    .satisfies(e -> assertThat(((MlopsBackendException) e).retryable()).isFalse());
        }
    }

    @Test
    void aGarbageArtifact_failsTheRestoreLoudly_andTheEndpointIsFailed() throws Exception {
        Path file;
        String uri;
        try (LocalBackend backend = LocalBackend.builder().home(home).build();
             Project project = MlopsProjects.builder().name("garbage").template(Templates.modelBuildTrainDeploy())
                     .backend(backend).create()) {
            assertThat(project.pipelines().build().awaitLatest(TIMEOUT).status()).isEqualTo(ExecutionStatus.Succeeded);
            ModelVersion v1 = project.models().version(1).approve("good");
            project.environments().staging().awaitDeployed(v1, TIMEOUT);
            uri = v1.containers().get("preprocessor");
            file = backend.artifacts().orElseThrow().fetch(uri);
        }
        byte[] garbage = new byte[4096];
        new Random(7).nextBytes(garbage);
        Files.write(file, garbage);
        String actual = sha256(file);

        try (LocalBackend backend = LocalBackend.builder().home(home).build();
             Project project = MlopsProjects.open("garbage", backend)) {
            Flows.await("the store to say the staging endpoint failed", () -> "Failed".equals(status(home, "garbage-staging")));
            assertThatThrownBy(() -> project.environments().staging().endpoint().invoke(Flows.ROW))
                    .isInstanceOf(RuntimeException.class);
            assertThatThrownBy(() -> backend.artifacts().orElseThrow().fetch(uri))
                    .isInstanceOf(MlopsBackendException.class).hasMessageContaining(uri).hasMessageContaining(actual)
                    .hasMessageContaining(file.getParent().getFileName().toString());
        }
    }

    private static String status(Path home, String endpoint) {
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + home.resolve("state.db"));
             var ps = c.prepareStatement("SELECT status FROM endpoints WHERE name=?")) {
            ps.setString(1, endpoint);
            try (var rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (java.sql.SQLException e) {
            return null;
        }
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
