package dev.mlops.aws.cfn;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.aws.fixtures.ModelValidator;
import dev.mlops.template.Template;
import dev.mlops.template.Templates;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Template G, "model building, training, and deployment with third-party Git repositories using Jenkins", as the
 * original renders it (artifact bucket, model package group, a SageMaker code repository per repository; no
 * CodePipeline, no CodeBuild) plus what removes its manual EventBridge step: the route from the registry's approval
 * events to the Jenkins deploy job, with the token read from Secrets Manager. cfn-lint clean; every resolved resource
 * a valid request of its API per botocore.
 */
class JenkinsStackTest {
    static final String SECRET = "arn:aws:secretsmanager:us-east-1:123456789012:secret:jenkins-token-AbCdEf";

    @TempDir
    Path dir;

    /** Template G with its repositories and the route given. */
    static Template template() {
        return Templates.thirdPartyGitJenkins()
                .withParameter("ModelBuildCodeRepositoryFullname", "acme/abalone-modelbuild")
                .withParameter("ModelBuildCodeRepositoryUrl", "https://github.com/acme/abalone-modelbuild.git")
                .withParameter("ModelDeployCodeRepositoryFullname", "acme/abalone-modeldeploy")
                .withParameter("ModelDeployCodeRepositoryUrl", "https://github.com/acme/abalone-modeldeploy.git")
                .withParameter("JenkinsUrl", "https://jenkins.example.com/job/ml/")
                .withParameter("JenkinsUser", "mlops-bot")
                .withParameter("JenkinsApiTokenSecretArn", SECRET);
    }

    private final RenderedProject rendered = new CloudFormationRenderer().render(template(), "abalone");
    private final JsonNode stack = Json.parse(rendered.projectStackJson());

    @Test
    void asTheOriginal_noPipelines_plusTheApprovalRouteToTheDeployJob() {
        assertThat(Json.resourcesOfType(stack, "AWS::CodePipeline::Pipeline")).isEmpty();
        assertThat(Json.resourcesOfType(stack, "AWS::CodeBuild::Project")).isEmpty();
        assertThat(Json.resourcesOfType(stack, "AWS::CodeCommit::Repository")).isEmpty();
        assertThat(Json.resourcesOfType(stack, "AWS::S3::Bucket")).hasSize(1);
        assertThat(Json.resourcesOfType(stack, "AWS::SageMaker::ModelPackageGroup")).hasSize(1);
        assertThat(Json.resourcesOfType(stack, "AWS::SageMaker::CodeRepository")).containsExactlyInAnyOrder(
                "ModelBuildSagemakerCodeRepository", "ModelDeploySagemakerCodeRepository");
        assertThat(Json.resourcesOfType(stack, "AWS::Events::Rule")).containsExactlyInAnyOrder(
                "ModelApprovalToJenkinsRule", "ModelRejectionToJenkinsRule");
        assertThat(Json.resourcesOfType(stack, "AWS::Events::Connection")).containsExactly("JenkinsConnection");
        assertThat(Json.resourcesOfType(stack, "AWS::Events::ApiDestination")).containsExactly("JenkinsDeployDestination");
        assertThat(stack.path("Parameters").has("CodeConnectionArn")).isFalse();
        assertThat(stack.path("Parameters").has("SeedCodeBucket")).isFalse();
        assertThat(rendered.seedArchives()).isEmpty();
        // the token is a dynamic reference: the template never holds it
        assertThat(rendered.projectStackJson()).contains("{{resolve:secretsmanager:${JenkinsApiTokenSecretArn}}}");
        assertThat(rendered.endpointStacks()).extracting(EndpointStack::environment).containsExactly("staging", "prod");
    }

    @Test
    void theRouteCallsTheJobTheOrchestratorMakes_andOnlyWhenJenkinsIsNamed() {
        ResolvedStack resolved = resolve(Map.of());
        JsonNode dest = resolved.resources().get("JenkinsDeployDestination").get("Properties");
        assertThat(dest.get("InvocationEndpoint").asText()).isEqualTo(
                "https://jenkins.example.com/job/ml/job/abalone-p-abcdef123456/job/modeldeploy/buildWithParameters");
        JsonNode rule = resolved.resources().get("ModelApprovalToJenkinsRule").get("Properties");
        assertThat(rule.at("/EventPattern/detail/ModelPackageGroupName/0").asText()).isEqualTo("abalone-p-abcdef123456");
        assertThat(rule.at("/EventPattern/detail/ModelApprovalStatus").toString()).isEqualTo("[\"Approved\"]");
        assertThat(rule.at("/Targets/0/HttpParameters/QueryStringParameters/ModelPackageArn").asText())
                .isEqualTo("$.detail.ModelPackageArn");
        JsonNode rejected = resolved.resources().get("ModelRejectionToJenkinsRule").get("Properties");
        assertThat(rejected.at("/EventPattern/detail/ModelApprovalStatus").toString()).isEqualTo("[\"Rejected\"]");
        assertThat(rejected.at("/Targets/0/HttpParameters/QueryStringParameters/ModelPackageArn").asText())
                .isEqualTo("latest-approved");

        ResolvedStack without = resolve(Map.of("JenkinsUrl", "", "ModelDeployCodeRepositoryUrl", ""));
        assertThat(without.resources()).doesNotContainKeys("JenkinsConnection", "JenkinsDeployDestination",
                "ModelApprovalToJenkinsRule", "ModelRejectionToJenkinsRule", "JenkinsApprovalRuleRole",
                "ModelDeploySagemakerCodeRepository")
                .containsKey("ModelBuildSagemakerCodeRepository");
    }

    @Test
    void passesCfnLint() throws Exception {
        if (CfnLint.version() == null) {
            return;   // cfn-lint is not installed: CloudFormationLintTest says so
        }
        List<Path> files = rendered.writeTo(dir);
        List<CfnLint.Finding> findings = CfnLint.lint(files);
        findings.forEach(f -> System.out.println("cfn-lint (template G): " + f));
        assertThat(findings).filteredOn(f -> !f.level().equals("Informational")).isEmpty();
    }

    @Test
    void everyResolvedResource_isAValidRequestOfItsApi() {
        List<String> violations = new ArrayList<>();
        resolve(Map.of()).resources().forEach((id, res) -> {
            ObjectNode props = (ObjectNode) res.get("Properties");
            switch (res.get("Type").asText()) {
                case "AWS::SageMaker::CodeRepository" -> ModelValidator.of("sagemaker")
                        .validateInput("CreateCodeRepository", props).forEach(v -> violations.add(id + ": " + v));
                case "AWS::Events::Connection" -> {
                    ObjectNode in = props.deepCopy();
                    in.put("Name", "sagemaker-abalone-jenkins");
                    ObjectNode basic = (ObjectNode) in.at("/AuthParameters/BasicAuthParameters");
                    assertThat(basic.get("Password").asText()).isEqualTo("{{resolve:secretsmanager:" + SECRET + "}}");
                    basic.put("Password", "11e0c0ffee0123456789abcdef012345");   // what CloudFormation resolves it to
                    ModelValidator.of("events").validateInput("CreateConnection", in)
                            .forEach(v -> violations.add(id + ": " + v));
                }
                case "AWS::Events::ApiDestination" -> {
                    ObjectNode in = props.deepCopy();
                    in.put("Name", "sagemaker-abalone-jenkins-deploy");
                    ModelValidator.of("events").validateInput("CreateApiDestination", in)
                            .forEach(v -> violations.add(id + ": " + v));
                }
                case "AWS::Events::Rule" -> {
                    ObjectNode put = props.deepCopy();
                    JsonNode targets = put.remove("Targets");
                    put.put("EventPattern", put.get("EventPattern").toString());
                    ModelValidator.of("events").validateInput("PutRule", put).forEach(v -> violations.add(id + ": " + v));
                    ObjectNode pt = JsonNodeFactory.instance.objectNode();
                    pt.put("Rule", put.get("Name").asText());
                    pt.set("Targets", targets);
                    ModelValidator.of("events").validateInput("PutTargets", pt).forEach(v -> violations.add(id + ": " + v));
                }
                default -> {
                }
            }
        });
        assertThat(violations).isEmpty();
    }

    private ResolvedStack resolve(Map<String, String> overrides) {
        ObjectNode withRefs = stack.deepCopy();
        ObjectNode params = (ObjectNode) withRefs.get("Parameters");
        stack.get("Resources").fieldNames().forEachRemaining(id -> {
            params.putObject(id).put("Type", "String").put("Default", "sagemaker-" + id.toLowerCase());
            params.putObject(id + ".Arn").put("Type", "String")
                    .put("Default", "arn:aws:events:us-east-1:123456789012:destination/sagemaker-" + id.toLowerCase() + "/1a2b");
        });
        ObjectNode values = JsonNodeFactory.instance.objectNode();
        ObjectNode given = values.putObject("Parameters");
        given.put("SageMakerProjectName", "abalone").put("SageMakerProjectId", "p-abcdef123456");
        overrides.forEach(given::put);
        return new ResolvedStack(withRefs, values, Map.of(
                "JenkinsConnection.Arn", "arn:aws:events:us-east-1:123456789012:connection/jenkins/1a2b-3c4d",
                "JenkinsDeployDestination.Arn", "arn:aws:events:us-east-1:123456789012:api-destination/jenkins/1a2b",
                "JenkinsApprovalRuleRole.Arn", "arn:aws:iam::123456789012:role/sagemaker-abalone-jenkins-rule"));
    }
}
