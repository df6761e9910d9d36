package dev.mlops.aws.cfn;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.template.Stage;
import dev.mlops.template.Template;
import dev.mlops.template.Templates;
import java.io.ByteArrayInputStream;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;

/**
 * The project stack has the originals' logical ids, physical names, tags, event patterns, pipeline layout,
 * bucket protections and roles (research notes §1.3–§1.5).
 */
class ProjectStackTest {
    private static final String N_I = "sagemaker-${SageMakerProjectName}-${SageMakerProjectId}";
    private static final String ROLE = "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/service-role/AmazonSageMakerServiceCatalogProducts";

    private final CloudFormationRenderer renderer = new CloudFormationRenderer();

    private JsonNode stack(Template template) {
        return Json.parse(renderer.render(template, "abalone", AwsRoles.defaults()).projectStackJson());
    }

    private static JsonNode resource(JsonNode stack, String id) {
        JsonNode r = stack.at("/Resources/" + id);
        assertThat(r.isMissingNode()).as("resource " + id).isFalse();
        return r;
    }

    private static String sub(JsonNode node) {
        return node.get("Fn::Sub").asText();
    }

    @Test
    void buildTrainDeploy_hasTheOriginalsResources_withTheirLogicalIdsTypesAndNames() {
        JsonNode stack = stack(Templates.modelBuildTrainDeploy());

        Map<String, String> types = new TreeMap<>();
        stack.get("Resources").properties().forEach(e -> types.put(e.getKey(), e.getValue().get("Type").asText()));
        assertThat(types).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                Map.entry("MlOpsArtifactsBucket", "AWS::S3::Bucket"),
                Map.entry("MlOpsArtifactsBucketPolicy", "AWS::S3::BucketPolicy"),
                Map.entry("ModelPackageGroup", "AWS::SageMaker::ModelPackageGroup"),
                Map.entry("ModelBuildCodeCommitRepository", "AWS::CodeCommit::Repository"),
                Map.entry("ModelBuildCodeCommitEventRule", "AWS::Events::Rule"),
                Map.entry("SageMakerModelPipelineBuildProject", "AWS::CodeBuild::Project"),
                Map.entry("ModelBuildPipeline", "AWS::CodePipeline::Pipeline"),
                Map.entry("ModelDeployCodeCommitRepository", "AWS::CodeCommit::Repository"),
                Map.entry("ModelDeployCodeCommitEventRule", "AWS::Events::Rule"),
                Map.entry("ModelDeploySageMakerEventRule", "AWS::Events::Rule"),
                Map.entry("ModelDeployBuildProject", "AWS::CodeBuild::Project"),
                Map.entry("ModelDeployTestProject", "AWS::CodeBuild::Project"),
                Map.entry("ModelDeployPipeline", "AWS::CodePipeline::Pipeline")));

        assertThat(sub(resource(stack, "MlOpsArtifactsBucket").at("/Properties/BucketName"))).isEqualTo("sagemaker-project-${SageMakerProjectId}");
        assertThat(sub(resource(stack, "ModelBuildCodeCommitRepository").at("/Properties/RepositoryName"))).isEqualTo(N_I + "-modelbuild");
        assertThat(sub(resource(stack, "ModelDeployCodeCommitRepository").at("/Properties/RepositoryName"))).isEqualTo(N_I + "-modeldeploy");
        assertThat(sub(resource(stack, "SageMakerModelPipelineBuildProject").at("/Properties/Name"))).isEqualTo(N_I + "-modelbuild");
        assertThat(sub(resource(stack, "ModelDeployBuildProject").at("/Properties/Name"))).isEqualTo(N_I + "-modeldeploy");
        assertThat(sub(resource(stack, "ModelDeployTestProject").at("/Properties/Name"))).isEqualTo(N_I + "-testing");
        assertThat(sub(resource(stack, "ModelBuildPipeline").at("/Properties/Name"))).isEqualTo(N_I + "-modelbuild");
        assertThat(sub(resource(stack, "ModelDeployPipeline").at("/Properties/Name"))).isEqualTo(N_I + "-modeldeploy");
        assertThat(sub(resource(stack, "ModelBuildCodeCommitEventRule").at("/Properties/Name"))).isEqualTo(N_I + "-build");
        assertThat(sub(resource(stack, "ModelDeployCodeCommitEventRule").at("/Properties/Name"))).isEqualTo(N_I + "-code");
        assertThat(sub(resource(stack, "ModelDeploySageMakerEventRule").at("/Properties/Name"))).isEqualTo(N_I + "-model");
        assertThat(sub(resource(stack, "ModelDeploySageMakerEventRule").at("/Properties/Targets/0/Id"))).isEqualTo("sagemaker-${SageMakerProjectName}-trigger");
        assertThat(sub(resource(stack, "ModelBuildCodeCommitEventRule").at("/Properties/Targets/0/Id"))).isEqualTo("codecommit-${SageMakerProjectName}-modelbuild");
        assertThat(sub(resource(stack, "ModelDeployCodeCommitEventRule").at("/Properties/Targets/0/Id"))).isEqualTo("codecommit-${SageMakerProjectName}-trigger");
    }

    @Test
    void parametersAreTheOnesSageMakerFillsIn_plusTheSeedBucket_andNothingNamesAnAccountOrRegion() {
        RenderedProject rendered = renderer.render(Templates.modelBuildTrainDeploy(), "abalone");
        JsonNode stack = Json.parse(rendered.projectStackJson());

        assertThat(Json.fieldNames(stack.get("Parameters"))).containsExactlyInAnyOrder("SageMakerProjectName", "SageMakerProjectId", "SeedCodeBucket",
                "MlopsSdkBundle", "MlopsSdkImage");
        assertThat(stack.at("/Parameters/MlopsSdkBundle/AllowedPattern").asText()).isEqualTo("^[0-9a-f]{64}$");
        assertThat("123456789012.dkr.ecr.eu-west-1.amazonaws.com/mlops-sdk:0.1.0-3f2a9c1b7d4e")
                .matches(stack.at("/Parameters/MlopsSdkImage/AllowedPattern").asText());
        assertThat("mlops-sdk:latest").doesNotMatch(stack.at("/Parameters/MlopsSdkImage/AllowedPattern").asText());
        assertThat(stack.at("/Parameters/SageMakerProjectName/MaxLength").asInt()).isEqualTo(32);
        assertThat(stack.at("/Parameters/SageMakerProjectName/AllowedPattern").asText()).isEqualTo("^[a-zA-Z0-9](-*[a-zA-Z0-9])*");
        assertThat(stack.get("AWSTemplateFormatVersion").asText()).isEqualTo("2010-09-09");
        // The project's name is a parameter, not baked in; accounts and regions come from pseudo parameters only.
        assertThat(rendered.projectStackJson()).doesNotContain("abalone").doesNotContainPattern("[0-9]{12}")
                .doesNotContain("us-east-1").doesNotContain("arn:aws:");
        assertThat(rendered.projectStackJson()).contains("${AWS::AccountId}", "${AWS::Partition}", "${AWS::Region}");
    }

    @Test
    void theArtifactBucketIsRetained_encrypted_closedToThePublic_andDeniesPlainHttp() {
        JsonNode stack = stack(Templates.modelBuildTrainDeploy());
        JsonNode bucket = resource(stack, "MlOpsArtifactsBucket");

        assertThat(bucket.get("DeletionPolicy").asText()).isEqualTo("Retain");
        assertThat(bucket.get("UpdateReplacePolicy").asText()).isEqualTo("Retain");
        assertThat(bucket.at("/Properties/BucketEncryption/ServerSideEncryptionConfiguration/0/ServerSideEncryptionByDefault/SSEAlgorithm").asText())
                .isEqualTo("AES256");
        JsonNode block = bucket.at("/Properties/PublicAccessBlockConfiguration");
        assertThat(Json.fieldNames(block)).containsExactlyInAnyOrder("BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets");
        block.forEach(v -> assertThat(v.asBoolean()).isTrue());

        JsonNode policy = resource(stack, "MlOpsArtifactsBucketPolicy").get("Properties");
        assertThat(policy.at("/Bucket/Ref").asText()).isEqualTo("MlOpsArtifactsBucket");
        JsonNode statement = policy.at("/PolicyDocument/Statement/0");
        assertThat(statement.get("Effect").asText()).isEqualTo("Deny");
        assertThat(statement.get("Principal").asText()).isEqualTo("*");
        assertThat(statement.at("/Condition/Bool/aws:SecureTransport").asText()).isEqualTo("false");
        assertThat(statement.get("Resource").toString()).contains("MlOpsArtifactsBucket.Arn}/*", "\"MlOpsArtifactsBucket\",\"Arn\"");
    }

    @Test
    void theDeploymentTrigger_isTheOriginalsPattern_exactly() {
        JsonNode rule = resource(stack(Templates.modelBuildTrainDeploy()), "ModelDeploySageMakerEventRule");

        assertThat(rule.at("/Properties/EventPattern")).isEqualTo(Json.parse("""
                {"source": ["aws.sagemaker"],
                 "detail-type": ["SageMaker Model Package State Change"],
                 "detail": {"ModelPackageGroupName": [{"Fn::Sub": "${SageMakerProjectName}-${SageMakerProjectId}"}],
                            "ModelApprovalStatus": [{"anything-but": ["PendingManualApproval"]}]}}"""));
        assertThat(rule.at("/Properties/State").asText()).isEqualTo("ENABLED");
        assertThat(sub(rule.at("/Properties/Targets/0/Arn")))
                .isEqualTo("arn:${AWS::Partition}:codepipeline:${AWS::Region}:${AWS::AccountId}:${ModelDeployPipeline}");
        assertThat(sub(rule.at("/Properties/Targets/0/RoleArn"))).isEqualTo(ROLE + "EventsRole");
    }

    @Test
    void commitRules_matchACommitOnTheTrackedBranchOfTheirRepository() {
        JsonNode stack = stack(Templates.modelBuildTrainDeploy());

        assertThat(resource(stack, "ModelBuildCodeCommitEventRule").at("/Properties/EventPattern")).isEqualTo(Json.parse("""
                {"source": ["aws.codecommit"], "detail-type": ["CodeCommit Repository State Change"],
                 "resources": [{"Fn::GetAtt": ["ModelBuildCodeCommitRepository", "Arn"]}],
                 "detail": {"referenceType": ["branch"], "referenceName": ["main"]}}"""));
        assertThat(resource(stack, "ModelDeployCodeCommitEventRule").at("/Properties/EventPattern/resources/0/Fn::GetAtt/0").asText())
                .isEqualTo("ModelDeployCodeCommitRepository");
        assertThat(sub(resource(stack, "ModelBuildCodeCommitEventRule").at("/Properties/Targets/0/Arn"))).endsWith(":${ModelBuildPipeline}");
    }

    @Test
    void pipelines_haveTheOriginalsStagesAndActions() {
        JsonNode stack = stack(Templates.modelBuildTrainDeploy());

        assertThat(Json.layout(resource(stack, "ModelBuildPipeline"))).containsExactly(
                "Source: ModelBuildWorkflowCode(CodeCommit,1)",
                "Build: BuildAndExecuteSageMakerPipeline(CodeBuild,1)");
        JsonNode deploy = resource(stack, "ModelDeployPipeline");
        assertThat(Json.layout(deploy)).containsExactly(
                "Source: ModelDeployInfraCode(CodeCommit,1)",
                "Build: BuildDeploymentTemplates(CodeBuild,1)",
                "DeployStaging: DeployResourcesStaging(CloudFormation,1) TestStaging(CodeBuild,2) ApproveDeployment(Manual,3)",
                "DeployProd: DeployResourcesProd(CloudFormation,1)");

        JsonNode staging = deploy.at("/Properties/Stages/2/Actions/0/Configuration");
        assertThat(staging.get("ActionMode").asText()).isEqualTo("REPLACE_ON_FAILURE");
        assertThat(staging.get("Capabilities").asText()).isEqualTo("CAPABILITY_NAMED_IAM");
        assertThat(sub(staging.get("StackName"))).isEqualTo(N_I + "-deploy-staging");
        assertThat(staging.get("TemplatePath").asText()).isEqualTo("BuildArtifact::template-export.yml");
        assertThat(staging.get("TemplateConfiguration").asText()).isEqualTo("BuildArtifact::staging-config-export.json");
        assertThat(sub(staging.get("RoleArn"))).isEqualTo(ROLE + "CloudformationRole");
        JsonNode prod = deploy.at("/Properties/Stages/3/Actions/0/Configuration");
        assertThat(prod.get("ActionMode").asText()).isEqualTo("CREATE_UPDATE");
        assertThat(sub(prod.get("StackName"))).isEqualTo(N_I + "-deploy-prod");
        assertThat(prod.get("TemplateConfiguration").asText()).isEqualTo("BuildArtifact::prod-config-export.json");
        assertThat(deploy.at("/Properties/Stages/2/Actions/2/Configuration/CustomData").asText()).isEqualTo("Approve this model for Production");
        assertThat(deploy.at("/Properties/Stages/2/Actions/1/Configuration/PrimarySource").asText()).isEqualTo("SourceArtifact");

        JsonNode source = deploy.at("/Properties/Stages/0/Actions/0/Configuration");
        assertThat(source.get("PollForSourceChanges").asBoolean(true)).isFalse();
        assertThat(source.get("BranchName").asText()).isEqualTo("main");
        assertThat(source.at("/RepositoryName/Fn::GetAtt/0").asText()).isEqualTo("ModelDeployCodeCommitRepository");
        assertThat(deploy.at("/Properties/ArtifactStore/Location/Ref").asText()).isEqualTo("MlOpsArtifactsBucket");
        assertThat(sub(deploy.at("/Properties/RoleArn"))).isEqualTo(ROLE + "CodePipelineRole");
    }

    @Test
    void sdkImageParameter_onlyWhereAStackRunsTheImage() {
        assertThat(Json.fieldNames(stack(Templates.modelDeploy()).get("Parameters"))).doesNotContain("MlopsSdkImage");
        // the monitor template has a model build, whose processing steps run the image
        assertThat(Json.fieldNames(stack(Templates.modelBuildTrainDeployMonitor()).get("Parameters")))
                .contains("MlopsSdkImage");
    }

    @Test
    void buildProjects_haveTheOriginalsEnvironmentVariables_buildSpecs_timeoutsAndRoles() {
        JsonNode stack = stack(Templates.modelBuildTrainDeploy());

        JsonNode build = resource(stack, "SageMakerModelPipelineBuildProject");
        assertThat(Json.variables(build)).containsExactly(
                "SAGEMAKER_PROJECT_NAME={\"Ref\":\"SageMakerProjectName\"}",
                "SAGEMAKER_PROJECT_ID={\"Ref\":\"SageMakerProjectId\"}",
                "ARTIFACT_BUCKET={\"Ref\":\"MlOpsArtifactsBucket\"}",
                "SAGEMAKER_PIPELINE_NAME={\"Fn::Sub\":\"sagemaker-${SageMakerProjectName}\"}",
                "SAGEMAKER_PIPELINE_ROLE_ARN={\"Fn::Sub\":\"" + ROLE + "ExecutionRole\"}",
                "AWS_REGION={\"Ref\":\"AWS::Region\"}",
                "MLOPS_SDK_BUNDLE={\"Fn::Sub\":\"s3://${SeedCodeBucket}/mlops-sdk/${MlopsSdkBundle}/\"}",
                "MLOPS_SDK_DIGEST={\"Ref\":\"MlopsSdkBundle\"}",
                "MLOPS_SDK_IMAGE_URI={\"Ref\":\"MlopsSdkImage\"}");
        assertThat(build.at("/Properties/Source/BuildSpec").asText()).isEqualTo("codebuild-buildspec.yml");
        assertThat(build.at("/Properties/TimeoutInMinutes").asInt()).isEqualTo(480);
        assertThat(sub(build.at("/Properties/ServiceRole"))).isEqualTo(ROLE + "CodeBuildRole");

        JsonNode deploy = resource(stack, "ModelDeployBuildProject");
        assertThat(Json.variables(deploy)).containsExactly(
                "SAGEMAKER_PROJECT_NAME={\"Ref\":\"SageMakerProjectName\"}",
                "SAGEMAKER_PROJECT_ID={\"Ref\":\"SageMakerProjectId\"}",
                "ARTIFACT_BUCKET={\"Ref\":\"MlOpsArtifactsBucket\"}",
                "MODEL_EXECUTION_ROLE_ARN={\"Fn::Sub\":\"" + ROLE + "ExecutionRole\"}",
                "SOURCE_MODEL_PACKAGE_GROUP_NAME={\"Fn::Sub\":\"${SageMakerProjectName}-${SageMakerProjectId}\"}",
                "AWS_REGION={\"Ref\":\"AWS::Region\"}",
                "EXPORT_TEMPLATE_NAME=template-export.yml",
                "EXPORT_TEMPLATE_STAGING_CONFIG=staging-config-export.json",
                "EXPORT_TEMPLATE_PROD_CONFIG=prod-config-export.json",
                "MLOPS_SDK_BUNDLE={\"Fn::Sub\":\"s3://${SeedCodeBucket}/mlops-sdk/${MlopsSdkBundle}/\"}",
                "MLOPS_SDK_DIGEST={\"Ref\":\"MlopsSdkBundle\"}");
        assertThat(deploy.at("/Properties/Source/BuildSpec").asText()).isEqualTo("buildspec.yml");
        assertThat(deploy.at("/Properties/TimeoutInMinutes").asInt()).isEqualTo(30);

        JsonNode test = resource(stack, "ModelDeployTestProject");
        assertThat(Json.variables(test)).containsExactly(
                "SAGEMAKER_PROJECT_NAME={\"Ref\":\"SageMakerProjectName\"}",
                "SAGEMAKER_PROJECT_ID={\"Ref\":\"SageMakerProjectId\"}",
                "AWS_REGION={\"Ref\":\"AWS::Region\"}",
                "BUILD_CONFIG=staging-config-export.json",
                "EXPORT_TEST_RESULTS=test-results.json",
                "ENDPOINT_NAME={\"Fn::Sub\":\"${SageMakerProjectName}-staging\"}",
                "ENDPOINT_URL={\"Fn::Sub\":\"https://runtime.sagemaker.${AWS::Region}.${AWS::URLSuffix}/endpoints/"
                        + "${SageMakerProjectName}-staging/\"}",
                "MLOPS_SDK_BUNDLE={\"Fn::Sub\":\"s3://${SeedCodeBucket}/mlops-sdk/${MlopsSdkBundle}/\"}",
                "MLOPS_SDK_DIGEST={\"Ref\":\"MlopsSdkBundle\"}");
        assertThat(test.at("/Properties/Source/BuildSpec").asText()).isEqualTo("test/buildspec.yml");
        assertThat(test.at("/Properties/TimeoutInMinutes").asInt()).isEqualTo(30);
    }

    @Test
    void everyTaggableResource_carriesTheProjectTags() {
        JsonNode stack = stack(Templates.modelBuildTrainDeploy());
        JsonNode expected = Json.parse("""
                [{"Key": "sagemaker:project-name", "Value": {"Ref": "SageMakerProjectName"}},
                 {"Key": "sagemaker:project-id", "Value": {"Ref": "SageMakerProjectId"}}]""");

        for (String type : new String[] {"AWS::S3::Bucket", "AWS::CodeCommit::Repository", "AWS::CodeBuild::Project",
                "AWS::CodePipeline::Pipeline"}) {
            for (String id : Json.resourcesOfType(stack, type)) {
                assertThat(resource(stack, id).at("/Properties/Tags")).as(id).isEqualTo(expected);
            }
        }
    }

    @Test
    void rolesCanBeOverridden_andEveryArnFollows() {
        AwsRoles roles = AwsRoles.builder().codeBuild("ml-build").codePipeline("ml-pipeline").events("ml-events")
                .cloudformation("ml-cfn").execution("ml-exec").path("/ml/").build();
        JsonNode stack = Json.parse(renderer.render(Templates.modelBuildTrainDeploy(), "abalone", roles).projectStackJson());
        String arn = "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/ml/";

        assertThat(sub(resource(stack, "ModelDeployBuildProject").at("/Properties/ServiceRole"))).isEqualTo(arn + "ml-build");
        assertThat(Json.variables(resource(stack, "ModelDeployBuildProject"))).contains(
                "MODEL_EXECUTION_ROLE_ARN={\"Fn::Sub\":\"" + arn + "ml-exec\"}");
        assertThat(sub(resource(stack, "ModelBuildPipeline").at("/Properties/RoleArn"))).isEqualTo(arn + "ml-pipeline");
        assertThat(sub(resource(stack, "ModelDeploySageMakerEventRule").at("/Properties/Targets/0/RoleArn"))).isEqualTo(arn + "ml-events");
        assertThat(sub(resource(stack, "ModelDeployPipeline").at("/Properties/Stages/3/Actions/0/Configuration/RoleArn"))).isEqualTo(arn + "ml-cfn");
        assertThat(stack.toString()).doesNotContain("AmazonSageMakerServiceCatalogProducts");
        assertThat(sub(resource(stack, "ModelPackageGroup").at("/Properties/ModelPackageGroupName")))
                .isEqualTo("${SageMakerProjectName}-${SageMakerProjectId}");
        assertThat(resource(stack, "ModelPackageGroup").get("DeletionPolicy").asText()).isEqualTo("Retain");
        // The deploy pipeline takes the version to deploy (rollbacks) and its build exports the one it deployed.
        JsonNode deploy = resource(stack, "ModelDeployPipeline").get("Properties");
        assertThat(deploy.get("PipelineType").asText()).isEqualTo("V2");
        assertThat(deploy.at("/Variables/0/Name").asText()).isEqualTo("ModelPackageArn");
        assertThat(deploy.at("/Variables/0/DefaultValue").asText()).isEqualTo("latest-approved");
        assertThat(deploy.at("/Stages/1/Actions/0/Namespace").asText()).isEqualTo("DeployBuild");
        assertThat(deploy.at("/Stages/1/Actions/0/Configuration/EnvironmentVariables").asText())
                .isEqualTo("[{\"name\":\"MODEL_PACKAGE_ARN\",\"type\":\"PLAINTEXT\",\"value\":\"#{variables.ModelPackageArn}\"}]");
        assertThat(resource(stack, "ModelBuildPipeline").get("Properties").has("Variables")).isFalse();
    }

    @Test
    void buildTrain_hasOnlyTheBuildSide() {
        JsonNode stack = stack(Templates.modelBuildTrain());

        assertThat(Json.fieldNames(stack.get("Resources"))).containsExactlyInAnyOrder("MlOpsArtifactsBucket",
                "MlOpsArtifactsBucketPolicy", "ModelPackageGroup", "ModelBuildCodeCommitRepository",
                "ModelBuildCodeCommitEventRule", "SageMakerModelPipelineBuildProject", "ModelBuildPipeline");
    }

    @Test
    void deployOnly_deploysTheProjectsOwnGroup_unlessSourceModelPackageGroupNameIsGiven() {
        RenderedProject rendered = renderer.render(Templates.modelDeploy(), "abalone");
        JsonNode stack = Json.parse(rendered.projectStackJson());

        assertThat(stack.at("/Parameters/SourceModelPackageGroupName/Default").asText()).isEmpty();
        assertThat(stack.at("/Conditions/DeployFromTheProjectsOwnModelPackageGroup")).isEqualTo(Json.parse(
                "{\"Fn::Equals\": [{\"Ref\": \"SourceModelPackageGroupName\"}, \"\"]}"));
        JsonNode group = Json.parse("""
                {"Fn::If": ["DeployFromTheProjectsOwnModelPackageGroup",
                            {"Fn::Sub": "${SageMakerProjectName}-${SageMakerProjectId}"},
                            {"Ref": "SourceModelPackageGroupName"}]}""");
        assertThat(resource(stack, "ModelDeploySageMakerEventRule").at("/Properties/EventPattern/detail/ModelPackageGroupName/0")).isEqualTo(group);
        assertThat(Json.variables(resource(stack, "ModelDeployBuildProject"))).contains("SOURCE_MODEL_PACKAGE_GROUP_NAME=" + group.toString());
        assertThat(Json.fieldNames(stack.get("Resources"))).doesNotContain("ModelBuildPipeline", "SageMakerModelPipelineBuildProject");

        JsonNode shared = Json.parse(renderer.render(Templates.modelDeploy().withParameter("SourceModelPackageGroupName", "team-models"),
                "abalone").projectStackJson());
        assertThat(shared.at("/Parameters/SourceModelPackageGroupName/Default").asText()).isEqualTo("team-models");
    }

    @Test
    void eachRepository_isSeededFromTheArchiveTheRendererNames() throws Exception {
        RenderedProject rendered = renderer.render(Templates.modelBuildTrainDeploy(), "abalone");
        JsonNode stack = Json.parse(rendered.projectStackJson());

        assertThat(rendered.seedArchives()).extracting(SeedArchive::repositoryRole).containsExactly("modelbuild", "modeldeploy");
        for (SeedArchive archive : rendered.seedArchives()) {
            String id = archive.repositoryRole().equals("modelbuild") ? "ModelBuildCodeCommitRepository" : "ModelDeployCodeCommitRepository";
            JsonNode code = resource(stack, id).at("/Properties/Code");
            assertThat(code.at("/S3/Bucket/Ref").asText()).isEqualTo(SeedArchive.BUCKET_PARAMETER);
            assertThat(code.at("/S3/Key").asText()).isEqualTo(archive.key());
            assertThat(code.get("BranchName").asText()).isEqualTo(archive.branch()).isEqualTo("main");
            assertThat(archive.key()).startsWith("mlops-seedcode/model-building-training-deployment/" + archive.repositoryRole() + "/")
                    .endsWith(".zip");

            Map<String, String> unzipped = new TreeMap<>();
            try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(archive.zip()))) {
                for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                    unzipped.put(e.getName(), new String(zip.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
                }
            }
            assertThat(unzipped.keySet()).containsExactlyElementsOf(archive.seed().files().keySet());
            archive.seed().files().forEach((path, bytes) ->
                    assertThat(unzipped.get(path)).isEqualTo(new String(bytes, java.nio.charset.StandardCharsets.UTF_8)));
        }
        Template changed = Templates.modelBuildTrainDeploy().withSeedCode("modeldeploy",
                Templates.modelDeploySeed().withFile("extra.txt", "x"));
        assertThat(renderer.render(changed, "abalone").seedArchives().get(1).key()).isNotEqualTo(rendered.seedArchives().get(1).key());
    }

    @Test
    void addedStages_becomeActionsOfTheStageBeforeThem_withTheirOwnBuildProjects() {
        Template custom = Templates.modelBuildTrainDeploy()
                .withStageAfter("TestStaging", Stage.command("LoadTest", "./load-test.sh", "--rate", "10 rps")
                        .environment(Templates.STAGING).build());
        JsonNode stack = stack(custom);

        assertThat(Json.layout(resource(stack, "ModelDeployPipeline"))).contains(
                "DeployStaging: DeployResourcesStaging(CloudFormation,1) TestStaging(CodeBuild,2) LoadTest(CodeBuild,3) ApproveDeployment(Manual,4)");
        JsonNode load = resource(stack, "ModelDeployLoadTestProject");
        assertThat(sub(load.at("/Properties/Name"))).isEqualTo(N_I + "-modeldeploy-loadtest");
        assertThat(load.at("/Properties/Source/BuildSpec").asText())
                .isEqualTo("version: 0.2\nphases:\n  build:\n    commands:\n      - \"./load-test.sh --rate '10 rps'\"\n");
        assertThat(load.at("/Properties/TimeoutInMinutes").asInt()).isEqualTo(60);
        assertThat(Json.variables(load)).containsExactly(
                "SAGEMAKER_PROJECT_NAME={\"Ref\":\"SageMakerProjectName\"}",
                "SAGEMAKER_PROJECT_ID={\"Ref\":\"SageMakerProjectId\"}",
                "AWS_REGION={\"Ref\":\"AWS::Region\"}",
                "BUILD_CONFIG=staging-config-export.json",
                "ENDPOINT_NAME={\"Fn::Sub\":\"${SageMakerProjectName}-staging\"}",
                "ENDPOINT_URL={\"Fn::Sub\":\"https://runtime.sagemaker.${AWS::Region}.${AWS::URLSuffix}/endpoints/"
                        + "${SageMakerProjectName}-staging/\"}");
        Template noEnvironment = Templates.modelBuildTrainDeploy()
                .withStageAfter("TestStaging", Stage.command("Lint", "./lint.sh").build());
        assertThat(Json.variables(resource(stack(noEnvironment), "ModelDeployLintProject")))
                .as("a command stage that names no environment has no endpoint")
                .noneMatch(v -> v.startsWith("ENDPOINT_"));
    }

    @Test
    void aStagesOwnVariables_arePlaintextVariablesOfItsBuildProject_afterTheSdks_withTheirTextIntact() {
        String hostile = "it's \"${HOME}\" ${AWS::Region} $(id) \\ \n${";
        Template custom = Templates.modelBuildTrainDeploy()
                .withStageVariable("TestStaging", "HTTPS_PROXY", "http://proxy.internal:3128")
                .withStageAfter("TestStaging", Stage.command("LoadTest", "./load-test.sh").environment(Templates.STAGING)
                        .variable("NO_PROXY", "localhost,.internal").variable("HOSTILE", hostile).build());
        JsonNode stack = stack(custom);

        JsonNode load = resource(stack, "ModelDeployLoadTestProject");
        java.util.List<String> names = new java.util.ArrayList<>();
        load.at("/Properties/Environment/EnvironmentVariables").forEach(v -> names.add(v.get("Name").asText()));
        assertThat(names).as("the SDK's first, then the stage's in its order").containsExactly("SAGEMAKER_PROJECT_NAME",
                "SAGEMAKER_PROJECT_ID", "AWS_REGION", "BUILD_CONFIG", "ENDPOINT_NAME", "ENDPOINT_URL", "NO_PROXY", "HOSTILE");
        JsonNode noProxy = load.at("/Properties/Environment/EnvironmentVariables/6");
        assertThat(noProxy.get("Type").asText()).isEqualTo("PLAINTEXT");
        assertThat(noProxy.get("Value").asText()).isEqualTo("localhost,.internal");
        JsonNode value = load.at("/Properties/Environment/EnvironmentVariables/7/Value");
        assertThat(value.has("Fn::Join")).as("a value with ${ is joined, not substituted").isTrue();
        assertThat(joined(value)).isEqualTo(hostile);
        for (JsonNode piece : value.at("/Fn::Join/1")) {
            assertThat(piece.asText()).doesNotContain("${");
        }

        JsonNode test = resource(stack, "ModelDeployTestProject");
        assertThat(Json.variables(test)).contains("HTTPS_PROXY=http://proxy.internal:3128");

        // As CodeBuild's API takes them (CreateProject's environmentVariables), checked against botocore's model.
        com.fasterxml.jackson.databind.node.ArrayNode api = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
        load.at("/Properties/Environment/EnvironmentVariables").forEach(v -> {
            if (v.has("Type")) {
                api.addObject().put("name", v.get("Name").asText()).put("value", joined(v.get("Value")))
                        .put("type", v.get("Type").asText());
            }
        });
        assertThat(api).hasSize(2);
        assertThat(dev.mlops.aws.fixtures.ModelValidator.of("codebuild")
                .validateShape("environmentVariables", "EnvironmentVariables", api, true)).isEmpty();
    }

    /** The text CloudFormation makes of a plain string or an {@code Fn::Join} of plain strings. */
    private static String joined(JsonNode value) {
        if (value.isTextual()) {
            return value.asText();
        }
        StringBuilder b = new StringBuilder();
        value.at("/Fn::Join/1").forEach(p -> b.append(p.asText()));
        return b.toString();
    }
}
