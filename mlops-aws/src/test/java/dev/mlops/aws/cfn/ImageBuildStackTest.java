package dev.mlops.aws.cfn;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.template.Template;
import dev.mlops.template.Templates;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The image-building template renders, per selected image, an ECR repository and a SageMaker image, a privileged
 * CodeBuild project running the seed's build spec, the image pipeline with its commit and schedule rules, and the
 * rule on a new image version that starts the model build; deterministically, and only for the images selected.
 */
class ImageBuildStackTest {
    private final CloudFormationRenderer renderer = new CloudFormationRenderer();

    private JsonNode stack(Template t) {
        return Json.parse(renderer.render(t, "abalone").projectStackJson());
    }

    @Test
    void eachImage_hasItsRepositoriesBuildPipelineAndRules_andItsVersionsStartTheModelBuild() {
        JsonNode stack = stack(Templates.imageBuildModelBuildDeploy());
        JsonNode r = stack.get("Resources");

        assertThat(Json.resourcesOfType(stack, "AWS::ECR::Repository")).containsExactly(
                "InferenceImagebuildEcrRepository", "ProcessingImagebuildEcrRepository", "TrainingImagebuildEcrRepository");
        assertThat(Json.resourcesOfType(stack, "AWS::SageMaker::Image")).hasSize(3);
        JsonNode ecr = r.at("/TrainingImagebuildEcrRepository/Properties");
        assertThat(ecr.at("/RepositoryName/Fn::Sub").asText()).isEqualTo("sagemaker-${SageMakerProjectId}-training-imagebuild");
        assertThat(ecr.path("ImageTagMutability").asText()).isEqualTo("IMMUTABLE");
        JsonNode image = r.at("/TrainingImagebuildSageMakerImage/Properties");
        assertThat(image.at("/ImageName/Fn::Sub").asText()).isEqualTo("sagemaker-${SageMakerProjectId}-training-imagebuild");
        assertThat(image.at("/ImageRoleArn/Fn::Sub").asText()).endsWith("AmazonSageMakerServiceCatalogProductsExecutionRole");

        JsonNode build = r.at("/TrainingImagebuildBuildProject/Properties");
        assertThat(build.at("/Environment/PrivilegedMode").asBoolean()).isTrue();
        assertThat(build.at("/Source/BuildSpec").asText()).isEqualTo("buildspec.yml");
        assertThat(build.at("/Environment/EnvironmentVariables").findValuesAsText("Name")).contains("IMAGE_REPO_URI",
                "ECR_REPOSITORY_NAME", "SAGEMAKER_IMAGE_NAME", "AWS_REGION");
        assertThat(Templates.imageBuildSeed().files()).containsKeys("buildspec.yml", "Dockerfile", "image.properties");

        JsonNode stages = r.at("/TrainingImagebuildPipeline/Properties/Stages");
        assertThat(stages.at("/1/Name").asText()).isEqualTo("BuildImage");
        assertThat(stages.at("/1/Actions/0/Name").asText()).isEqualTo("BuildAndPushImage");
        assertThat(stages.at("/1/Actions/0/Configuration/ProjectName/Ref").asText()).isEqualTo("TrainingImagebuildBuildProject");
        assertThat(r.at("/TrainingImagebuildCodeCommitEventRule/Properties/EventPattern/detail-type/0").asText())
                .isEqualTo("CodeCommit Repository State Change");
        // Every image rule's name and target id fit EventBridge's 64 characters with a 32-character project name and a 20-character id.
        for (String rule : Json.resourcesOfType(stack, "AWS::Events::Rule")) {
            if (rule.contains("Imagebuild")) {
                for (String field : List.of("/Name/Fn::Sub", "/Targets/0/Id/Fn::Sub")) {
                    String text = r.at("/" + rule + "/Properties" + field).asText();
                    assertThat(text.replace("${SageMakerProjectName}", "n".repeat(32)).replace("${SageMakerProjectId}",
                            "i".repeat(20))).as(rule + field).isNotEmpty().hasSizeLessThanOrEqualTo(64);
                }
            }
        }
        assertThat(r.at("/TrainingImagebuildScheduleRule/Properties/ScheduleExpression/Ref").asText())
                .isEqualTo("ImageBuildScheduleExpression");
        assertThat(stack.at("/Parameters/ImageBuildScheduleExpression/Default").asText()).isEqualTo("rate(7 days)");

        JsonNode version = r.at("/ModelBuildTrainingImagebuildImageVersionRule/Properties");
        assertThat(version.at("/EventPattern/source/0").asText()).isEqualTo("aws.sagemaker");
        assertThat(version.at("/EventPattern/detail-type/0").asText()).isEqualTo("SageMaker Image Version State Change");
        assertThat(version.at("/EventPattern/detail/ImageArn/0/Fn::GetAtt").toString())
                .isEqualTo("[\"TrainingImagebuildSageMakerImage\",\"ImageArn\"]");
        assertThat(version.at("/EventPattern/detail/ImageVersionStatus").toString()).contains("CREATED");
        assertThat(version.at("/Targets/0/Arn/Fn::Sub").asText()).endsWith("${ModelBuildPipeline}");
    }

    @Test
    void imagesLeftOutByTheirParameter_renderNothing_andTheRestIsTemplateC() {
        Template one = Templates.imageBuildModelBuildDeploy().withParameter("IncludeProcessingImage", "false")
                .withParameter("IncludeInferenceImage", "FALSE").withoutExcludedParts();
        JsonNode stack = stack(one);

        assertThat(Json.resourcesOfType(stack, "AWS::ECR::Repository")).containsExactly("TrainingImagebuildEcrRepository");
        assertThat(Json.resourcesOfType(stack, "AWS::CodePipeline::Pipeline")).containsExactlyInAnyOrder(
                "ModelBuildPipeline", "ModelDeployPipeline", "TrainingImagebuildPipeline");
        assertThat(Json.fieldNames(stack.get("Resources"))).noneMatch(id -> id.contains("Processing") || id.contains("Inference"));
        JsonNode c = Json.parse(renderer.render(Templates.modelBuildTrainDeploy(), "abalone").projectStackJson());
        for (String id : List.of("ModelDeployPipeline", "ModelBuildPipeline", "SageMakerModelPipelineBuildProject")) {
            assertThat(stack.at("/Resources/" + id)).as(id).isEqualTo(c.at("/Resources/" + id));
        }
    }

    @Test
    void twoRenders_areByteIdentical() {
        assertThat(renderer.render(Templates.imageBuildModelBuildDeploy(), "abalone").files())
                .isEqualTo(renderer.render(Templates.imageBuildModelBuildDeploy(), "abalone").files());
    }
}
