package dev.mlops.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.Execution;
import dev.mlops.ExecutionStatus;
import dev.mlops.MlopsProjects;
import dev.mlops.ModelVersion;
import dev.mlops.Project;
import dev.mlops.event.ProjectEvent;
import dev.mlops.event.ProjectEventType;
import dev.mlops.spi.ImageVersionInfo;
import dev.mlops.spi.ProjectRecord;
import dev.mlops.template.Templates;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image-building template on the embedded backend: each image repository's commit builds a Java image with Jib
 * (offline, to an OCI tarball), a new image version starts the model build, whose registered version, once
 * approved, is deployed; a commit that leaves the build context as it was makes no version and starts nothing.
 */
class ImageBuildFlowTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TRAINING = Templates.imageRepository("training");
    private static final String PROCESSING = Templates.imageRepository("processing");

    @TempDir
    Path home;

    @Test
    void imageVersion_startsTheModelBuild_whoseApprovedVersionIsDeployed_andAnUnchangedContextMakesNoVersion()
            throws Exception {
        List<ProjectEvent> events = new CopyOnWriteArrayList<>();
        try (LocalBackend backend = LocalBackend.builder().home(home).build();
                Project project = MlopsProjects.builder().name("images").template(Templates.imageBuildModelBuildDeploy())
                        .parameter("IncludeInferenceImage", "false").listener(events::add).backend(backend).create()) {
            assertThat(project.repositories().all()).extracting(r -> r.role())
                    .containsExactlyInAnyOrder("modelbuild", "modeldeploy", PROCESSING, TRAINING);
            assertThat(project.pipelines().all()).extracting(p -> p.role())
                    .containsExactlyInAnyOrder("modelbuild", "modeldeploy", PROCESSING, TRAINING);

            Execution imageRun = project.pipelines().named(TRAINING).awaitLatest(Flows.TIMEOUT);
            assertThat(imageRun.status()).as("%s\n%s", imageRun.stages(), imageRun.log("BuildImage"))
                    .isEqualTo(ExecutionStatus.Succeeded);
            assertThat(imageRun.stages().get(1).summary()).isEqualTo("image " + TRAINING + " version 1 built with jib");
            ProjectRecord record = backend.projectStore().orElseThrow().find("images").orElseThrow();
            ImageVersionInfo v1 = backend.images().orElseThrow().versions(record, TRAINING).get(0);
            assertThat(v1.version()).isEqualTo(1);
            assertThat(v1.builtWith()).isEqualTo("jib");
            assertThat(v1.contextDigest()).matches("sha256:[0-9a-f]{64}");
            assertThat(v1.imageDigest()).matches("sha256:[0-9a-f]{64}");
            checkOciTarball(Path.of(v1.location()));

            // The new version started the model build; its registered version, approved, goes to staging.
            Flows.await("a model build started by the training image", () -> project.pipelines().build().executions()
                    .stream().anyMatch(e -> e.trigger().startsWith("image " + TRAINING + " version 1")));
            Flows.await("the image events", () -> events.stream().filter(e -> e.type() == ProjectEventType.ImageVersionCreated)
                    .count() == 2);
            Execution build = Flows.eventually("a finished model build", () -> project.pipelines().build().latestExecution()
                    .map(Execution::refresh).filter(e -> e.status().isTerminal() && e.status() != ExecutionStatus.Superseded));
            assertThat(build.status()).as("%s", build.stages()).isEqualTo(ExecutionStatus.Succeeded);
            ModelVersion candidate = Flows.eventually("a registered version",
                    () -> project.models().pendingApproval().first());
            candidate = candidate.approve("built on image version 1");
            project.environments().staging().awaitDeployed(candidate, Flows.TIMEOUT);

            // A change to the context makes version 2; restoring the files gives the context of version 1 again:
            // no version, no model build.
            String main = "src/image/Main.java";
            String original = new String(Templates.imageBuildSeed().files().get(main), StandardCharsets.UTF_8);
            String changed = project.repositories().named(TRAINING).commit("say more",
                    Map.of(main, original.replace("is present", "is there")));
            assertThat(Flows.awaitRunOf(project.pipelines().named(TRAINING), changed).stages().get(1).summary())
                    .isEqualTo("image " + TRAINING + " version 2 built with jib");
            int buildsBefore = Flows.eventually("the build of version 2", () -> {
                List<Execution> all = project.pipelines().build().executions();
                return all.stream().anyMatch(e -> e.trigger().startsWith("image " + TRAINING + " version 2"))
                        ? java.util.Optional.of(all.size()) : java.util.Optional.empty();
            });
            String restored = project.repositories().named(TRAINING).commit("say it as before", Map.of(main, original));
            Execution same = Flows.awaitRunOf(project.pipelines().named(TRAINING), restored);
            assertThat(same.status()).isEqualTo(ExecutionStatus.Succeeded);
            assertThat(same.stages().get(1).summary()).startsWith("image " + TRAINING + " unchanged: context sha256:")
                    .endsWith(" is version 1");
            assertThat(backend.images().orElseThrow().versions(record, TRAINING)).extracting(ImageVersionInfo::version)
                    .containsExactly(1, 2);
            assertThat(project.pipelines().build().executions()).hasSize(buildsBefore);
            assertThat(events).filteredOn(e -> e.type() == ProjectEventType.ImageVersionCreated)
                    .extracting(ProjectEvent::subject).hasSize(3).allMatch(s -> s.startsWith("arn:mlops:local:image-version/"));
        }
    }

    /** The tarball is an OCI image: an index, a manifest, a config whose entry point runs the main class. */
    private static void checkOciTarball(Path tar) throws IOException {
        Map<String, byte[]> entries = new HashMap<>();
        try (InputStream in = Files.newInputStream(tar); TarArchiveInputStream t = new TarArchiveInputStream(in)) {
            for (TarArchiveEntry e; (e = t.getNextEntry()) != null; ) {
                if (!e.isDirectory()) {
                    entries.put(e.getName(), t.readAllBytes());
                }
            }
        }
        assertThat(entries).containsKeys("oci-layout", "index.json");
        JsonNode index = JSON.readTree(entries.get("index.json"));
        String manifestDigest = index.at("/manifests/0/digest").asText();
        JsonNode manifest = JSON.readTree(entries.get("blobs/sha256/" + manifestDigest.substring(7)));
        assertThat(manifest.path("mediaType").asText()).isEqualTo("application/vnd.oci.image.manifest.v1+json");
        JsonNode config = JSON.readTree(entries.get("blobs/sha256/" + manifest.at("/config/digest").asText().substring(7)));
        assertThat(config.at("/config/Entrypoint").toString()).contains("java", "/app/classes", "image.Main");
        assertThat(manifest.path("layers").size()).isGreaterThanOrEqualTo(1);
        boolean hasMain = false;
        for (JsonNode layer : manifest.path("layers")) {
            byte[] blob = entries.get("blobs/sha256/" + layer.path("digest").asText().substring(7));
            try (TarArchiveInputStream l = new TarArchiveInputStream(new java.util.zip.GZIPInputStream(
                    new java.io.ByteArrayInputStream(blob)))) {
                for (TarArchiveEntry e; (e = l.getNextEntry()) != null; ) {
                    hasMain |= e.getName().endsWith("app/classes/image/Main.class");
                }
            }
        }
        assertThat(hasMain).as("a layer holds /app/classes/image/Main.class").isTrue();
    }
}
