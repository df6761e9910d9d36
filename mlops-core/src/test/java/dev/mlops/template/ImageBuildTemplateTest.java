package dev.mlops.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.exception.ValidationException;
import dev.mlops.spi.TemplateCodec;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The image-building template: per image kind a repository and an Source → BuildImage pipeline, each included by its
 * parameter; the model build starts on each image's new version; the parts left out take their triggers with them.
 */
class ImageBuildTemplateTest {
    @Test
    void everyImage_isIncludedByDefault_andItsVersionsStartTheModelBuild() {
        Template t = Templates.imageBuildModelBuildDeploy();

        assertThat(t.withoutExcludedParts()).isSameAs(t);
        assertThat(t.parameters()).extracting(TemplateParameter::name)
                .containsExactly("IncludeProcessingImage", "IncludeTrainingImage", "IncludeInferenceImage");
        assertThat(t.pipeline("training-imagebuild").orElseThrow().stages()).extracting(Stage::type)
                .containsExactly(StageType.SOURCE, StageType.IMAGE_BUILD);
        assertThat(t.pipeline(Templates.MODEL_BUILD).orElseThrow().triggers()).containsExactly(
                Trigger.onCommit(Templates.MODEL_BUILD), Trigger.onImageVersion("processing-imagebuild"),
                Trigger.onImageVersion("training-imagebuild"), Trigger.onImageVersion("inference-imagebuild"));
        assertThat(t.capabilities()).contains(Capability.IMAGE_BUILDING);
    }

    @Test
    void anImageLeftOut_losesItsRepositoryPipelineAndTrigger_andTheStoredTemplateReadsBackEqual() {
        Template t = Templates.imageBuildModelBuildDeploy().withParameter("IncludeTrainingImage", "False")
                .withoutExcludedParts();

        assertThat(t.repositories()).extracting(RepositorySpec::role).containsExactly(Templates.MODEL_BUILD,
                Templates.MODEL_DEPLOY, "processing-imagebuild", "inference-imagebuild");
        assertThat(t.pipelines()).extracting(PipelineSpec::role).doesNotContain("training-imagebuild");
        assertThat(t.pipeline(Templates.MODEL_BUILD).orElseThrow().triggers())
                .doesNotContain(Trigger.onImageVersion("training-imagebuild")).hasSize(3);
        assertThat(TemplateCodec.decode(TemplateCodec.encode(t))).isEqualTo(t);
        assertThat(TemplateCodec.decode(TemplateCodec.encode(Templates.imageBuildModelBuildDeploy())))
                .isEqualTo(Templates.imageBuildModelBuildDeploy());
    }

    @Test
    void aPartIncludedByAnUndeclaredParameter_isRefusedNamingIt() {
        RepositorySpec repo = ImmutableRepositorySpec.builder().role("extra").seed(Templates.imageBuildSeed())
                .includedBy("IncludeExtra").build();

        assertThatThrownBy(() -> Templates.modelBuildTrain().toBuilder().addRepositories(repo).build())
                .isInstanceOf(ValidationException.class)
                .hasMessageStartingWith("RepositorySpec.includedBy = \"IncludeExtra\" is invalid: must be a parameter the"
                        + " template declares");
        assertThat(List.of(Templates.imageBuildSeed().files().keySet().toArray())).contains("Dockerfile", "buildspec.yml",
                "image.properties", "src/image/Main.java", "README.md");
    }
}
