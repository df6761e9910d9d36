package dev.mlops.aws.cfn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.exception.ValidationException;
import org.junit.jupiter.api.Test;

class AwsRolesTest {
    @Test
    void defaults_areStudiosServiceCatalogRoles() {
        assertThat(AwsRoles.defaults().names()).containsExactly(
                java.util.Map.entry("launch", "AmazonSageMakerServiceCatalogProductsLaunchRole"),
                java.util.Map.entry("use", "AmazonSageMakerServiceCatalogProductsUseRole"),
                java.util.Map.entry("codeBuild", "AmazonSageMakerServiceCatalogProductsCodeBuildRole"),
                java.util.Map.entry("codePipeline", "AmazonSageMakerServiceCatalogProductsCodePipelineRole"),
                java.util.Map.entry("events", "AmazonSageMakerServiceCatalogProductsEventsRole"),
                java.util.Map.entry("cloudformation", "AmazonSageMakerServiceCatalogProductsCloudformationRole"),
                java.util.Map.entry("execution", "AmazonSageMakerServiceCatalogProductsExecutionRole"),
                java.util.Map.entry("lambda", "AmazonSageMakerServiceCatalogProductsLambdaRole"));
        assertThat(AwsRoles.defaults().path()).isEqualTo("/service-role/");
        assertThat(AwsRoles.sageMakerProjects().execution()).isEqualTo("AmazonSageMakerProjectsExecutionRole");
        assertThat(AwsRoles.builder().execution("x").build()).isNotEqualTo(AwsRoles.defaults());
    }

    @Test
    void invalidNamesAndPaths_areRefused_namingFieldValueAndRule() {
        assertThatThrownBy(() -> AwsRoles.builder().events("has space").build())
                .isInstanceOf(ValidationException.class)
                .hasMessage("AwsRoles.events = \"has space\" is invalid: must be an IAM role name: 1 to 64 characters of"
                        + " letters, digits and +=,.@_-");
        assertThatThrownBy(() -> AwsRoles.builder().codeBuild("r".repeat(65)).build())
                .isInstanceOf(ValidationException.class).hasMessageStartingWith("AwsRoles.codeBuild = ");
        assertThatThrownBy(() -> AwsRoles.builder().path("service-role").build())
                .isInstanceOf(ValidationException.class).hasMessageStartingWith("AwsRoles.path = \"service-role\" is invalid");
        assertThatThrownBy(() -> AwsRoles.builder().path("/${AWS::Region}/").build())
                .isInstanceOf(ValidationException.class).hasMessageStartingWith("AwsRoles.path = ");
        assertThat(AwsRoles.builder().path("/").build().path()).isEqualTo("/");
    }
}
