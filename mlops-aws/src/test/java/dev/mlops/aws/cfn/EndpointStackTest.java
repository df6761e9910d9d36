package dev.mlops.aws.cfn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.exception.ValidationException;
import dev.mlops.template.Templates;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The endpoint stacks render from the deploy seed as the originals' endpoint-config-template does (research §2.2). */
class EndpointStackTest {
    private final RenderedProject rendered = new CloudFormationRenderer().render(Templates.modelBuildTrainDeploy(), "abalone");

    @Test
    void oneStackPerEnvironment_namedAsTheOriginals() {
        assertThat(rendered.endpointStacks()).extracting(EndpointStack::environment).containsExactly("staging", "prod");
        EndpointStack staging = rendered.endpointStack("staging").orElseThrow();
        assertThat(staging.stackName("p-idy6c3e1fiqj")).isEqualTo("sagemaker-abalone-p-idy6c3e1fiqj-deploy-staging");
        assertThat(rendered.endpointStack("prod").orElseThrow().stackName("p-idy6c3e1fiqj")).isEqualTo("sagemaker-abalone-p-idy6c3e1fiqj-deploy-prod");
        assertThat(staging.endpointName()).isEqualTo("abalone-staging");
        assertThat(staging.configFile()).isEqualTo("staging-config.json");
        assertThat(staging.exportedConfigFile()).isEqualTo("staging-config-export.json");
        assertThat(new CloudFormationRenderer().render(Templates.modelBuildTrain(), "abalone").endpointStacks()).isEmpty();
    }

    @Test
    void theTemplate_takesTheOriginalsParameters_withTheSeedConfigurationAsDefaults() {
        JsonNode prod = rendered.endpointStack("prod").orElseThrow().template();

        assertThat(Json.fieldNames(prod.get("Parameters"))).containsExactlyInAnyOrder("SageMakerProjectName",
                "ModelExecutionRoleArn", "ModelPackageName", "StageName", "EndpointInstanceCount", "EndpointInstanceType",
                "SamplingPercentage", "EnableDataCapture", "DataCaptureUploadPath");
        // prod-config.json of the deploy seed: StageName prod, 1 × ml.m5.large, sampling 80, capture on
        assertThat(prod.at("/Parameters/StageName/Default").asText()).isEqualTo("prod");
        assertThat(prod.at("/Parameters/EndpointInstanceCount/Default").asText()).isEqualTo("1");
        assertThat(prod.at("/Parameters/EndpointInstanceType/Default").asText()).isEqualTo("ml.m5.large");
        assertThat(prod.at("/Parameters/SamplingPercentage/Default").asText()).isEqualTo("80");
        assertThat(prod.at("/Parameters/EnableDataCapture/Default").asText()).isEqualTo("true");
        assertThat(prod.at("/Parameters/SageMakerProjectName/Default").asText()).isEqualTo("abalone");
        assertThat(prod.at("/Parameters/ModelPackageName/Default").isMissingNode()).isTrue();
        assertThat(rendered.endpointStack("staging").orElseThrow().template().at("/Parameters/SamplingPercentage/Default").asText()).isEqualTo("100");

        assertThat(Json.fieldNames(prod.get("Resources"))).containsExactlyInAnyOrder("Model", "EndpointConfig", "Endpoint");
        assertThat(prod.at("/Resources/Model/Properties/Containers/0/ModelPackageName/Ref").asText()).isEqualTo("ModelPackageName");
        assertThat(prod.at("/Resources/Model/Properties/ExecutionRoleArn/Ref").asText()).isEqualTo("ModelExecutionRoleArn");
        JsonNode variant = prod.at("/Resources/EndpointConfig/Properties/ProductionVariants/0");
        assertThat(variant.get("VariantName").asText()).isEqualTo("AllTraffic");
        assertThat(variant.get("InitialVariantWeight").asDouble()).isEqualTo(1.0);
        assertThat(prod.at("/Resources/EndpointConfig/Properties/DataCaptureConfig/CaptureOptions").toString())
                .isEqualTo("[{\"CaptureMode\":\"Input\"},{\"CaptureMode\":\"Output\"}]");
        assertThat(prod.at("/Resources/Endpoint/Properties/EndpointName/Fn::Sub").asText()).isEqualTo("${SageMakerProjectName}-${StageName}");
    }

    @Test
    void theExportedConfiguration_isWhatTheDeployBuildWrites() {
        JsonNode config = rendered.endpointStack("staging").orElseThrow().exportedConfiguration("p-idy6c3e1fiqj",
                "arn:aws:sagemaker:eu-west-1:123456789012:model-package/abalone-p-idy6c3e1fiqj/3",
                "arn:aws:iam::123456789012:role/service-role/AmazonSageMakerServiceCatalogProductsExecutionRole");

        assertThat(config).isEqualTo(Json.parse("""
                {"Parameters": {"StageName": "staging", "EndpointInstanceCount": "1", "EndpointInstanceType": "ml.m5.large",
                                "SamplingPercentage": "100", "EnableDataCapture": "true", "SageMakerProjectName": "abalone",
                                "ModelPackageName": "arn:aws:sagemaker:eu-west-1:123456789012:model-package/abalone-p-idy6c3e1fiqj/3",
                                "ModelExecutionRoleArn": "arn:aws:iam::123456789012:role/service-role/AmazonSageMakerServiceCatalogProductsExecutionRole",
                                "DataCaptureUploadPath": "s3://sagemaker-project-p-idy6c3e1fiqj/datacapture-staging"},
                 "Tags": {"sagemaker:deployment-stage": "staging", "sagemaker:project-id": "p-idy6c3e1fiqj",
                          "sagemaker:project-name": "abalone"}}"""));
        assertThatThrownBy(() -> rendered.endpointStack("staging").orElseThrow().exportedConfiguration("p-x", "not-an-arn", "x"))
                .isInstanceOf(ValidationException.class)
                .hasMessage("EndpointStack.modelPackageArn = \"not-an-arn\" is invalid: must be a model package ARN,"
                        + " arn:<partition>:sagemaker:<region>:<account>:model-package/<group>/<version>");
        assertThatThrownBy(() -> rendered.endpointStack("staging").orElseThrow().stackName("p_bad"))
                .isInstanceOf(ValidationException.class).hasMessageContaining("EndpointStack.projectId = \"p_bad\"");
    }

    @Test
    void aSeedConfigurationThatBreaksARule_isRefused_namingFileParameterValueAndRule() {
        assertThatThrownBy(() -> EndpointStack.of("abalone", "staging", "staging-config.json",
                "{\"Parameters\": {\"StageName\": \"prod\"}}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ValidationException.class)
                .hasMessage("staging-config.json.Parameters.StageName = \"prod\" is invalid: must be the environment's name,"
                        + " staging, since the endpoint is named <project>-<StageName>");
        assertThatThrownBy(() -> EndpointStack.of("abalone", "staging", "staging-config.json",
                "{\"Parameters\": {\"StageName\": \"staging\", \"ModelPackageName\": \"x\"}}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("staging-config.json.Parameters.ModelPackageName")
                .hasMessageContaining("the deploy build supplies the others");
        assertThatThrownBy(() -> EndpointStack.of("abalone", "staging", "staging-config.json",
                "{\"Parameters\": {\"StageName\": \"staging\", \"SamplingPercentage\": \"120\"}}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ValidationException.class)
                .hasMessage("staging-config.json.Parameters.SamplingPercentage = \"120\" is invalid: must be a whole percentage from 0 to 100");
        assertThatThrownBy(() -> new CloudFormationRenderer().render(Templates.modelBuildTrainDeploy().withSeedCode("modeldeploy",
                dev.mlops.template.SeedCode.ofFiles(java.util.Map.of("README.md", new byte[] {'x'}))), "abalone"))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("Stage.configFile = \"staging-config.json\"")
                .hasMessageContaining("a file of the modeldeploy repository's seed code, which has [README.md]");
    }
}
