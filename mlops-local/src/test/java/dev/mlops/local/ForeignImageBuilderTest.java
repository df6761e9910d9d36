package dev.mlops.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.Execution;
import dev.mlops.ExecutionStatus;
import dev.mlops.MlopsProjects;
import dev.mlops.Project;
import dev.mlops.event.ProjectEvent;
import dev.mlops.event.ProjectEventType;
import dev.mlops.spi.ImageBuilder;
import dev.mlops.spi.ImageVersionInfo;
import dev.mlops.spi.ProjectRecord;
import dev.mlops.template.Capability;
import dev.mlops.template.Templates;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An image builder of another backend composed with the embedded orchestrator: the BuildImage stage uses it, and
 * the engine still announces its new version and starts the model build.
 */
class ForeignImageBuilderTest {
    @TempDir
    Path dir;

    /** A builder that packs the context into a zip per build: another backend's, as far as the engine knows. */
    static final class ZipImages implements ImageBuilder {
        final Path out;
        final List<ImageVersionInfo> made = new CopyOnWriteArrayList<>();

        ZipImages(Path out) {
            this.out = out;
        }

        @Override
        public String backend() {
            return "zip";
        }

        @Override
        public Set<Capability> capabilities() {
            return Set.of(Capability.IMAGE_BUILDING);
        }

        @Override
        public ImageBuild build(ImageBuildRequest r) {
            int n = made.size() + 1;
            Path zip = out.resolve(r.image() + "-" + n + ".zip");
            try (OutputStream o = Files.newOutputStream(Files.createDirectories(out).resolve(zip.getFileName()));
                    ZipOutputStream z = new ZipOutputStream(o); Stream<Path> files = Files.walk(r.context())) {
                for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                    z.putNextEntry(new ZipEntry(r.context().relativize(f).toString()));
                    z.write(Files.readAllBytes(f));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            ImageVersionInfo v = new ImageVersionInfo(r.image(), n, "arn:zip:image-version/" + r.image() + "/" + n,
                    "sha256:" + "0".repeat(64), "sha256:" + "1".repeat(64), zip.toString(), "zip", r.sourceCommit(),
                    Instant.now());
            made.add(v);
            r.log().accept("zipped " + zip);
            return new ImageBuild(v, true);
        }

        @Override
        public List<ImageVersionInfo> versions(ProjectRecord project, String image) {
            return made.stream().filter(v -> v.image().equals(image)).toList();
        }
    }

    @Test
    void aComposedImageBuilder_buildsTheStage_andItsNewVersionStartsTheModelBuild() {
        ZipImages zips = new ZipImages(dir.resolve("zips"));
        List<ProjectEvent> events = new CopyOnWriteArrayList<>();
        String training = Templates.imageRepository("training");
        try (LocalBackend backend = LocalBackend.builder().home(dir.resolve("home")).build();
                Project project = MlopsProjects.builder().name("zipped").template(Templates.imageBuildModelBuildDeploy())
                        .parameter("IncludeProcessingImage", "false").parameter("IncludeInferenceImage", "false")
                        .images(zips).backend(backend).listener(events::add).create()) {
            Execution run = project.pipelines().named(training).awaitLatest(Flows.TIMEOUT);

            assertThat(run.status()).as("%s", run.stages()).isEqualTo(ExecutionStatus.Succeeded);
            assertThat(run.log("BuildImage")).contains("zipped ");
            assertThat(zips.made).singleElement().satisfies(v -> assertThat(Path.of(v.location())).isRegularFile());
            Flows.await("the model build started by the zipped image", () -> project.pipelines().build().executions()
                    .stream().anyMatch(e -> e.trigger().equals("image " + training + " version 1 (arn:zip:image-version/"
                            + training + "/1)")));
            Flows.await("the announcement", () -> events.stream().anyMatch(e -> e.type() == ProjectEventType.ImageVersionCreated
                    && e.subject().equals("arn:zip:image-version/" + training + "/1")));
            assertThat(project.backend()).contains("zip");
        }
    }
}
