package dev.mlops.aws.cfn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.exception.ValidationException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The approval route to a Jenkins deploy job: its resources, no secret in the template, and cfn-lint. */
class JenkinsApprovalRouteTest {
    private static final String SECRET = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:jenkins-token-AbCdEf";

    @TempDir
    Path dir;

    private static JenkinsApprovalRoute route() {
        return JenkinsApprovalRoute.builder().projectName("churn").modelPackageGroup("churn-p-abc123")
                .triggerUrl(URI.create("https://jenkins.example.com/job/ml/job/churn-p-abc123/job/modeldeploy/buildWithParameters"))
                .jenkinsUser("mlops-bot").apiTokenSecretArn(SECRET).build();
    }

    @Test
    void theStack_routesApprovedAndRejected_toTheDeployJob_throughABasicAuthConnection() throws Exception {
        JsonNode t = new ObjectMapper().readTree(route().templateJson());
        JsonNode r = t.path("Resources");
        assertThat(r.path("JenkinsConnection").path("Type").asText()).isEqualTo("AWS::Events::Connection");
        JsonNode basic = r.path("JenkinsConnection").path("Properties").path("AuthParameters").path("BasicAuthParameters");
        assertThat(basic.path("Username").asText()).isEqualTo("mlops-bot");
        assertThat(basic.path("Password").asText()).isEqualTo("{{resolve:secretsmanager:" + SECRET + "}}");
        JsonNode dest = r.path("JenkinsDeployDestination").path("Properties");
        assertThat(dest.path("HttpMethod").asText()).isEqualTo("POST");
        assertThat(dest.path("InvocationEndpoint").asText()).endsWith("/job/modeldeploy/buildWithParameters");
        JsonNode rule = r.path("ModelApprovalToJenkinsRule").path("Properties");
        assertThat(rule.path("EventPattern").path("detail-type").get(0).asText())
                .isEqualTo("SageMaker Model Package State Change");
        assertThat(rule.path("EventPattern").path("detail").path("ModelPackageGroupName").get(0).asText())
                .isEqualTo("churn-p-abc123");
        assertThat(rule.path("EventPattern").path("detail").path("ModelApprovalStatus").toString())
                .isEqualTo("[\"Approved\",\"Rejected\"]");
        assertThat(rule.path("Targets").get(0).path("RoleArn").path("Fn::GetAtt").get(0).asText())
                .isEqualTo("JenkinsApprovalRuleRole");
        assertThat(r.path("JenkinsApprovalRuleRole").toString()).contains("events:InvokeApiDestination")
                .contains("events.amazonaws.com");
        assertThat(route().stackName("p-abc123")).isEqualTo("sagemaker-churn-p-abc123-jenkins-approvals");
    }

    @Test
    void theStack_passesCfnLint() throws Exception {
        if (CfnLint.version() == null) {
            return;   // cfn-lint is not installed: CloudFormationLintTest says so
        }
        Path file = dir.resolve("jenkins-approvals.json");
        Files.writeString(file, route().templateJson());
        List<CfnLint.Finding> findings = CfnLint.lint(List.of(file));
        findings.forEach(f -> System.out.println("cfn-lint (jenkins approvals): " + f));
        assertThat(findings).filteredOn(f -> !f.level().equals("Informational")).isEmpty();
    }

    @Test
    void badSettings_areRefused_namingTheField_andATokenIsNeverTaken() {
        assertThatThrownBy(() -> JenkinsApprovalRoute.builder().projectName("churn").modelPackageGroup("g")
                .triggerUrl(URI.create("http://jenkins.example.com/job/x/buildWithParameters")).jenkinsUser("u")
                .apiTokenSecretArn(SECRET).build()).isInstanceOf(ValidationException.class).hasMessageContaining("triggerUrl");
        assertThatThrownBy(() -> JenkinsApprovalRoute.builder().projectName("churn").modelPackageGroup("g")
                .triggerUrl(URI.create("https://jenkins.example.com/job/x/buildWithParameters")).jenkinsUser("u")
                .apiTokenSecretArn("11e0c0ffee0123456789abcdef012345").build())
                .isInstanceOf(ValidationException.class).hasMessageContaining("apiTokenSecretArn")
                .hasMessageNotContaining("11e0c0ffee");
    }
}
