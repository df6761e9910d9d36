package dev.mlops.aws.cfn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.exception.ValidationException;
import dev.mlops.template.Template;
import dev.mlops.template.Templates;
import org.junit.jupiter.api.Test;

/**
 * Template D renders everything of template C plus the original's Model Monitor resources: the model-monitor
 * repository, the {@code GetBaselinesAndConfigs} project, the {@code SageMakerMonitorPipeline} with the manual gate
 * between the staging and prod monitor stacks, and the {@code InServiceEndpointEventRule}.
 */
class ModelMonitorTemplateTest {
    private final CloudFormationRenderer renderer = new CloudFormationRenderer();

    private JsonNode stack(Template t) {
        return Json.parse(renderer.render(t, "abalone").projectStackJson());
    }

    @Test
    void rendersEverythingOfBuildTrainDeploy_plusTheMonitorResources() {
        JsonNode d = stack(Templates.modelBuildTrainDeployMonitor());
        JsonNode c = stack(Templates.modelBuildTrainDeploy());

        assertThat(Json.fieldNames(d.get("Resources"))).containsAll(Json.fieldNames(c.get("Resources")))
                .contains("ModelMonitorCodeCommitRepository", "GetBaselinesAndConfigs", "SageMakerMonitorPipeline",
                        "InServiceEndpointEventRule", "ModelMonitorCodeCommitEventRule")
                .hasSize(c.get("Resources").size() + 5);
        for (String id : Json.fieldNames(c.get("Resources"))) {
            if (!id.endsWith("CodeCommitRepository")) {
                assertThat(d.at("/Resources/" + id)).as(id).isEqualTo(c.at("/Resources/" + id));
            }
        }
        assertThat(d.at("/Resources/ModelMonitorCodeCommitRepository/Properties/RepositoryName/Fn::Sub").asText())
                .isEqualTo("sagemaker-${SageMakerProjectName}-${SageMakerProjectId}-modelmonitor");
        assertThat(d.at("/Resources/ModelMonitorCodeCommitRepository/Properties/Code/S3/Key").asText())
                .contains("modelmonitor");
        assertThat(d.at("/Parameters/MonitorMode/Default").asText()).isEqualTo("MODEL_MONITOR_MANAGED");
        assertThat(Json.fieldNames(d.at("/Parameters"))).contains("MonitorMode", "MonitorImageUri");
    }

    @Test
    void getBaselinesAndConfigs_hasTheOriginalsNameAndVariables() {
        JsonNode p = stack(Templates.modelBuildTrainDeployMonitor()).at("/Resources/GetBaselinesAndConfigs");

        assertThat(p.at("/Type").asText()).isEqualTo("AWS::CodeBuild::Project");
        assertThat(p.at("/Properties/Name/Fn::Sub").asText())
                .isEqualTo("sagemaker-${SageMakerProjectName}-${SageMakerProjectId}-modelmonitor");
        assertThat(p.at("/Properties/Source/BuildSpec").asText()).isEqualTo("buildspec.yml");
        assertThat(Json.variables(p)).contains(
                "MONITOR_OUTPUTS_BUCKET={\"Ref\":\"MlOpsArtifactsBucket\"}",
                "MODEL_MONITOR_ROLE_ARN={\"Fn::Sub\":\"arn:${AWS::Partition}:iam::${AWS::AccountId}:role/service-role/"
                        + "AmazonSageMakerServiceCatalogProductsExecutionRole\"}",
                "EXPORT_TEMPLATE_NAME=model-monitor-template-export.yml",
                "EXPORT_TEMPLATE_STAGING_CONFIG=staging-monitoring-schedule-config-export.json",
                "EXPORT_TEMPLATE_PROD_CONFIG=prod-monitoring-schedule-config-export.json",
                "STAGING_CONFIG=staging-monitoring-schedule-config.json",
                "MONITOR_MODE={\"Ref\":\"MonitorMode\"}",
                "MONITOR_IMAGE_URI={\"Fn::If\":[\"MonitorImageUriEmpty\",{\"Ref\":\"MlopsSdkImage\"},{\"Ref\":\"MonitorImageUri\"}]}",
                "MLOPS_SDK_BUNDLE={\"Fn::Sub\":\"s3://${SeedCodeBucket}/mlops-sdk/${MlopsSdkBundle}/\"}",
                "MLOPS_SDK_DIGEST={\"Ref\":\"MlopsSdkBundle\"}");
        // an explicit MonitorImageUri wins over the SDK image the provisioning pushes
        assertThat(stack(Templates.modelBuildTrainDeployMonitor()).at("/Conditions/MonitorImageUriEmpty").toString())
                .isEqualTo("{\"Fn::Equals\":[{\"Ref\":\"MonitorImageUri\"},\"\"]}");
    }

    @Test
    void byocWithoutAnImage_runsTheSdkImageTheProvisioningPushes() {
        JsonNode stack = stack(MonitorMode.MODEL_MONITOR_BYOC.applyTo(Templates.modelBuildTrainDeployMonitor()));
        assertThat(stack.at("/Parameters/MonitorMode/Default").asText()).isEqualTo("MODEL_MONITOR_BYOC");
        assertThat(stack.at("/Parameters/MonitorImageUri/Default").asText()).isEmpty();
        assertThat(Json.fieldNames(stack.get("Parameters"))).contains("MlopsSdkImage");
        assertThat(Json.variables(stack.at("/Resources/GetBaselinesAndConfigs"))).contains(
                "MONITOR_IMAGE_URI={\"Fn::If\":[\"MonitorImageUriEmpty\",{\"Ref\":\"MlopsSdkImage\"},{\"Ref\":\"MonitorImageUri\"}]}");
    }

    @Test
    void monitorPipeline_deploysStagingThenWaitsAtTheGate_thenProd() {
        JsonNode pipeline = stack(Templates.modelBuildTrainDeployMonitor()).at("/Resources/SageMakerMonitorPipeline");

        assertThat(pipeline.at("/Properties/Name/Fn::Sub").asText())
                .isEqualTo("sagemaker-${SageMakerProjectName}-${SageMakerProjectId}-modelmonitor");
        assertThat(Json.layout(pipeline)).containsExactly(
                "Source: ModelMonitorCode(CodeCommit,1)",
                "Build: GetBaselinesAndConfigs(CodeBuild,1)",
                "DeployStaging: DeployMonitorsStaging(CloudFormation,1) ApproveMonitorsProdDeployment(Manual,2)",
                "DeployProd: DeployMonitorsProd(CloudFormation,1)");
        JsonNode staging = pipeline.at("/Properties/Stages/2/Actions/0/Configuration");
        assertThat(staging.at("/StackName/Fn::Sub").asText())
                .isEqualTo("sagemaker-${SageMakerProjectName}-${SageMakerProjectId}-modelmonitor-staging");
        assertThat(staging.at("/ActionMode").asText()).isEqualTo("REPLACE_ON_FAILURE");
        assertThat(staging.at("/TemplatePath").asText()).isEqualTo("BuildArtifact::model-monitor-template-export.yml");
        assertThat(staging.at("/TemplateConfiguration").asText())
                .isEqualTo("BuildArtifact::staging-monitoring-schedule-config-export.json");
        JsonNode prod = pipeline.at("/Properties/Stages/3/Actions/0/Configuration");
        assertThat(prod.at("/ActionMode").asText()).isEqualTo("CREATE_UPDATE");
        assertThat(prod.at("/StackName/Fn::Sub").asText()).endsWith("-modelmonitor-prod");
    }

    @Test
    void inServiceRule_hasTheOriginalsExactPattern() {
        JsonNode rule = stack(Templates.modelBuildTrainDeployMonitor()).at("/Resources/InServiceEndpointEventRule/Properties");

        assertThat(rule.at("/Name/Fn::Sub").asText()).isEqualTo("sagemaker-${SageMakerProjectName}-${SageMakerProjectId}-ep");
        assertThat(rule.get("EventPattern")).isEqualTo(Json.parse("{\"source\":[\"aws.sagemaker\"],"
                + "\"detail-type\":[\"SageMaker Endpoint State Change\"],\"detail\":{\"EndpointName\":[{\"Fn::Sub\":"
                + "\"${SageMakerProjectName}-staging\"}],\"EndpointStatus\":[\"IN_SERVICE\"]}}"));
        assertThat(rule.at("/Targets/0/Id/Fn::Sub").asText()).isEqualTo("sagemaker-${SageMakerProjectName}-endpoint-trigger");
        assertThat(rule.at("/Targets/0/Arn/Fn::Sub").asText()).endsWith(":${SageMakerMonitorPipeline}");
    }

    @Test
    void theMonitorModeIsATemplateChoice_checkedAtRenderTime() {
        String image = "123456789012.dkr.ecr.us-east-1.amazonaws.com/mlops-monitor:1.0";
        Template scheduled = MonitorMode.SCHEDULED_PROCESSING.applyTo(Templates.modelBuildTrainDeployMonitor(), image);

        JsonNode s = stack(scheduled);
        assertThat(s.at("/Parameters/MonitorMode/Default").asText()).isEqualTo("SCHEDULED_PROCESSING");
        assertThat(s.at("/Parameters/MonitorImageUri/Default").asText()).isEqualTo(image);
        assertThatThrownBy(() -> MonitorMode.MODEL_MONITOR_BYOC.applyTo(Templates.modelBuildTrainDeployMonitor(), ""))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("MonitorImageUri").hasMessageContaining("MonitorMode MODEL_MONITOR_BYOC");
        Template wrong = scheduled.withParameter("MonitorMode", "CLOUDWATCH");
        assertThatThrownBy(() -> renderer.render(wrong, "abalone")).isInstanceOf(ValidationException.class)
                .hasMessageContaining("CLOUDWATCH").hasMessageContaining("SCHEDULED_PROCESSING");
    }

    @Test
    void renderingIsDeterministic() {
        Template d = Templates.modelBuildTrainDeployMonitor();
        assertThat(renderer.render(d, "abalone").files()).isEqualTo(renderer.render(d, "abalone").files());
    }
}
