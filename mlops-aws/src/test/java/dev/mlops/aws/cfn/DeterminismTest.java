package dev.mlops.aws.cfn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.template.Templates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two renders of the same input are byte-identical, and writeTo writes exactly files(). */
class DeterminismTest {
    @TempDir
    Path dir;

    @Test
    void twoRenders_writeByteIdenticalFiles() throws Exception {
        List<Path> first = new CloudFormationRenderer().render(Templates.modelBuildTrainDeploy(), "abalone").writeTo(dir.resolve("a"));
        List<Path> second = new CloudFormationRenderer().render(Templates.modelBuildTrainDeploy(), "abalone").writeTo(dir.resolve("b"));

        assertThat(first).extracting(p -> p.getFileName().toString())
                .containsExactly("abalone-project.json", "abalone-deploy-staging.json", "abalone-deploy-prod.json");
        for (int i = 0; i < first.size(); i++) {
            assertThat(Files.readAllBytes(second.get(i))).isEqualTo(Files.readAllBytes(first.get(i)));
        }
        RenderedProject a = new CloudFormationRenderer().render(Templates.modelBuildTrainDeploy(), "abalone");
        RenderedProject b = new CloudFormationRenderer().render(Templates.modelBuildTrainDeploy(), "abalone");
        assertThat(a.seedArchives().get(0).zip()).isEqualTo(b.seedArchives().get(0).zip());
        assertThat(a.seedArchives()).isEqualTo(b.seedArchives());
    }

    @Test
    void writeTo_createsTheFolder_writesFilesAsCanonicalJson_andReplacesOldFiles() throws Exception {
        RenderedProject rendered = new CloudFormationRenderer().render(Templates.modelDeploy(), "churn");
        Path out = dir.resolve("nested/out");
        Files.createDirectories(out);
        Files.writeString(out.resolve("churn-project.json"), "old");

        List<Path> written = rendered.writeTo(out);

        assertThat(written).hasSize(3);
        for (Path p : written) {
            String text = Files.readString(p);
            assertThat(text).isEqualTo(rendered.files().get(p.getFileName().toString()))
                    .endsWith("}\n").doesNotContain("\r").startsWith("{\n  \"AWSTemplateFormatVersion\": \"2010-09-09\",\n");
        }
        assertThat(Files.readString(out.resolve("churn-project.json"))).isEqualTo(rendered.projectStackJson());
        assertThat(Files.readString(out.resolve("churn-deploy-prod.json"))).contains("\"Default\": \"churn\"");
        // keys are sorted at every level
        String project = rendered.projectStackJson();
        assertThat(project.indexOf("\"Parameters\"")).isLessThan(project.indexOf("\"Resources\""));
        assertThat(project.indexOf("\"MlOpsArtifactsBucket\"")).isLessThan(project.indexOf("\"ModelDeployPipeline\""));
    }

    @Test
    void accessorsReturnCopies_soTheRenderedProjectCannotBeChanged() {
        RenderedProject rendered = new CloudFormationRenderer().render(Templates.modelBuildTrain(), "abalone");

        rendered.projectStack().remove("Resources");
        rendered.endpointStacks();

        assertThat(rendered.projectStack().has("Resources")).isTrue();
        assertThat(rendered.toString()).isEqualTo("RenderedProject{abalone from model-building-training: [abalone-project.json], 1 seed archives}");
    }
}
