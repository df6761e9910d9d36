package dev.mlops.aws.cfn;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.aws.cfn.internal.ThirdPartyRepositoryRenderer;
import dev.mlops.aws.fixtures.ModelValidator;
import dev.mlops.template.Template;
import dev.mlops.template.Templates;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Template F, "model building, training, and deployment with third-party Git repositories using CodePipeline":
 * V2 pipelines whose sources are {@code CodeStarSourceConnection} actions on the connection, no CodeCommit repository
 * or rule, the seed check-in build, function and one custom resource per repository, and a SageMaker code repository
 * per repository; each resolved resource a valid request of the API CloudFormation calls for it, per botocore.
 */
class ThirdPartyStackTest {
    static final String CONNECTION = "arn:aws:codeconnections:us-east-1:123456789012:connection/2b7bf8e4-0d4c-4c3b-a3c7-97d1f8a1c9d0";

    /** Template F with its repositories and connection given. */
    static Template template() {
        return Templates.thirdPartyGitCodePipeline()
                .withParameter("ModelBuildCodeRepositoryFullname", "acme/abalone-modelbuild")
                .withParameter("ModelDeployCodeRepositoryFullname", "acme/abalone-modeldeploy")
                .withParameter("CodeConnectionArn", CONNECTION);
    }

    private final JsonNode stack = Json.parse(new CloudFormationRenderer().render(template(), "abalone").projectStackJson());
    private final JsonNode r = stack.get("Resources");

    @Test
    void theRepositoriesAreReachedThroughTheConnection_noCodeCommit() {
        assertThat(Json.resourcesOfType(stack, "AWS::CodeCommit::Repository")).isEmpty();
        assertThat(Json.resourcesOfType(stack, "AWS::Events::Rule")).containsExactly("ModelDeploySageMakerEventRule");
        assertThat(Json.resourcesOfType(stack, "AWS::CodeBuild::Project")).contains("GitSeedCodeCheckinProject",
                "SageMakerModelPipelineBuildProject", "ModelDeployBuildProject", "ModelDeployTestProject");
        assertThat(Json.resourcesOfType(stack, "AWS::CloudFormation::CustomResource")).containsExactlyInAnyOrder(
                "SageMakerModelBuildSeedCodeCheckinProjectTriggerLambdaInvoker",
                "SageMakerModelDeploySeedCodeCheckinProjectTriggerLambdaInvoker");
        assertThat(Json.resourcesOfType(stack, "AWS::SageMaker::CodeRepository")).containsExactlyInAnyOrder(
                "ModelBuildSagemakerCodeRepository", "ModelDeploySagemakerCodeRepository");
        assertThat(Json.resourcesOfType(stack, "AWS::Lambda::Function")).containsExactly("GitSeedCodeCheckinProjectTriggerLambda");

        JsonNode parameters = stack.get("Parameters");
        assertThat(parameters.at("/ModelBuildCodeRepositoryBranch/Default").asText()).isEqualTo("main");
        assertThat(parameters.at("/ModelBuildCodeRepositoryBranch/MaxLength").asInt()).isEqualTo(255);
        assertThat(parameters.at("/ModelDeployCodeRepositoryFullname/MaxLength").asInt()).isEqualTo(1024);
        assertThat(parameters.at("/CodeConnectionArn/AllowedPattern").asText())
                .isEqualTo(ThirdPartyRepositoryRenderer.CONNECTION_ARN_PATTERN);
        assertThat(CONNECTION).matches(ThirdPartyRepositoryRenderer.CONNECTION_ARN_PATTERN);
        assertThat("arn:aws:codestar-connections:eu-west-1:123456789012:connection/abc-123")
                .matches(ThirdPartyRepositoryRenderer.CONNECTION_ARN_PATTERN);
    }

    @Test
    void withoutValues_theRepositoryAndConnectionParametersStayOpen_asInTheOriginal() {
        JsonNode open = Json.parse(new CloudFormationRenderer().render(Templates.thirdPartyGitCodePipeline(), "abalone")
                .projectStackJson()).get("Parameters");
        assertThat(open.get("CodeConnectionArn").has("Default")).isFalse();
        assertThat(open.get("ModelBuildCodeRepositoryFullname").has("Default")).isFalse();
        assertThat(open.at("/ModelDeployCodeRepositoryBranch/Default").asText()).isEqualTo("main");
        assertThat(stack.at("/Parameters/CodeConnectionArn/Default").asText()).isEqualTo(CONNECTION);
    }

    @Test
    void pipelinesAreV2_withConnectionSources_andAPushTriggerOnTheBranch() {
        for (String id : List.of("ModelBuildPipeline", "ModelDeployPipeline")) {
            JsonNode p = r.get(id);
            String repo = id.startsWith("ModelBuild") ? "ModelBuild" : "ModelDeploy";
            assertThat(p.at("/Properties/PipelineType").asText()).isEqualTo("V2");
            JsonNode source = p.at("/Properties/Stages/0/Actions/0");
            assertThat(source.at("/ActionTypeId/Provider").asText()).isEqualTo("CodeStarSourceConnection");
            assertThat(source.at("/ActionTypeId/Owner").asText()).isEqualTo("AWS");
            assertThat(source.at("/Configuration/ConnectionArn/Ref").asText()).isEqualTo("CodeConnectionArn");
            assertThat(source.at("/Configuration/FullRepositoryId/Ref").asText()).isEqualTo(repo + "CodeRepositoryFullname");
            assertThat(source.at("/Configuration/BranchName/Ref").asText()).isEqualTo(repo + "CodeRepositoryBranch");
            assertThat(source.at("/Configuration/OutputArtifactFormat").asText()).isEqualTo("CODE_ZIP");
            assertThat(source.at("/Configuration").has("PollForSourceChanges")).isFalse();
            JsonNode trigger = p.at("/Properties/Triggers/0");
            assertThat(trigger.path("ProviderType").asText()).isEqualTo("CodeStarSourceConnection");
            assertThat(trigger.at("/GitConfiguration/SourceActionName").asText()).isEqualTo(source.path("Name").asText());
            assertThat(trigger.at("/GitConfiguration/Push/0/Branches/Includes/0/Ref").asText()).isEqualTo(repo + "CodeRepositoryBranch");
            assertThat(p.at("/DependsOn/0").asText()).isEqualTo("SageMaker" + repo + "SeedCodeCheckinProjectTriggerLambdaInvoker");
        }
        assertThat(r.at("/ModelDeployPipeline/Properties/ExecutionMode").asText()).isEqualTo("SUPERSEDED");
    }

    @Test
    void theSeedIsCheckedIn_byTheOriginalsBuildFunctionAndCustomResources() {
        JsonNode build = r.at("/GitSeedCodeCheckinProject/Properties");
        assertThat(build.at("/Name/Fn::Sub").asText()).isEqualTo("sagemaker-${SageMakerProjectName}-${SageMakerProjectId}-git-seedcodecheckin");
        assertThat(build.path("TimeoutInMinutes").asInt()).isEqualTo(14);
        assertThat(build.at("/Source/Type").asText()).isEqualTo("S3");
        assertThat(build.at("/Source/BuildSpec").asText()).contains("git push origin").contains("git diff --cached --quiet");
        JsonNode fn = r.at("/GitSeedCodeCheckinProjectTriggerLambda/Properties");
        assertThat(fn.at("/FunctionName/Fn::Sub").asText()).isEqualTo("sagemaker-${SageMakerProjectId}-git-seedcodecheckin");
        assertThat(fn.path("Runtime").asText()).isEqualTo("python3.12");
        assertThat(fn.path("Timeout").asInt()).isEqualTo(900);
        assertThat(fn.at("/Role/Fn::Sub").asText()).endsWith(":role/service-role/AmazonSageMakerServiceCatalogProductsLambdaRole");
        assertThat(fn.at("/Code/ZipFile").asText()).contains("cfnresponse.send", "start_build", "git-http");

        JsonNode invoker = r.at("/SageMakerModelDeploySeedCodeCheckinProjectTriggerLambdaInvoker/Properties");
        assertThat(Json.fieldNames(invoker)).containsExactlyInAnyOrder("ServiceToken", "SEEDCODE_BUCKET_NAME", "SEEDCODE_BUCKET_KEY",
                "GIT_REPOSITORY_FULL_NAME", "GIT_REPOSITORY_BRANCH", "GIT_REPOSITORY_CONNECTION_ARN");
        assertThat(invoker.at("/SEEDCODE_BUCKET_KEY").asText()).isEqualTo(new CloudFormationRenderer()
                .render(template(), "abalone").seedArchives().get(1).key());
        JsonNode code = r.at("/ModelDeploySagemakerCodeRepository/Properties");
        assertThat(code.at("/CodeRepositoryName/Fn::Sub").asText()).isEqualTo("sagemaker-${SageMakerProjectId}-modeldeploy");
        assertThat(code.at("/GitConfig/RepositoryUrl/Fn::GetAtt/0").asText())
                .isEqualTo("SageMakerModelDeploySeedCodeCheckinProjectTriggerLambdaInvoker");
        assertThat(code.at("/GitConfig/RepositoryUrl/Fn::GetAtt/1").asText()).isEqualTo("url");
    }

    @Test
    void theFunctionIsPython_andTheCheckinBuildSpecIsYaml() throws Exception {
        String code = r.at("/GitSeedCodeCheckinProjectTriggerLambda/Properties/Code/ZipFile").asText();
        Process python = new ProcessBuilder("python3", "-c", "import ast, sys; ast.parse(sys.stdin.read())")
                .redirectErrorStream(true).start();
        try (var in = python.getOutputStream()) {
            in.write(code.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        String out = new String(python.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(python.waitFor()).as(out).isZero();
        JsonNode spec = new com.fasterxml.jackson.databind.ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
                .readTree(r.at("/GitSeedCodeCheckinProject/Properties/Source/BuildSpec").asText());
        assertThat(spec.path("version").asText()).isEqualTo("0.2");
        assertThat(spec.at("/phases/build/commands").size()).isGreaterThan(5);
    }

    @Test
    void everyResolvedResource_isAValidRequestOfItsApi() {
        ObjectNode withRefs = stack.deepCopy();
        ObjectNode params = (ObjectNode) withRefs.get("Parameters");
        // Refs to resources resolve to physical-looking names.
        r.fieldNames().forEachRemaining(id -> {
            params.putObject(id).put("Type", "String").put("Default", "sagemaker-" + id.toLowerCase());
            params.putObject(id + ".Arn").put("Type", "String").put("Default", "arn:aws:s3:::sagemaker-" + id.toLowerCase());
        });
        ObjectNode values = JsonNodeFactory.instance.objectNode();
        ObjectNode given = values.putObject("Parameters");
        given.put("SageMakerProjectName", "abalone").put("SageMakerProjectId", "p-abcdef123456")
                .put("SeedCodeBucket", "sagemaker-seed-bucket").put("MlopsSdkBundle", "0".repeat(64))
                .put("MlopsSdkImage", "123456789012.dkr.ecr.us-east-1.amazonaws.com/mlops-sdk:1");
        String url = "https://codeconnections.us-east-1.amazonaws.com/git-http/123456789012/us-east-1/2b7bf8e4-0d4c-4c3b-a3c7-97d1f8a1c9d0/acme/abalone-modelbuild.git";
        ResolvedStack resolved = new ResolvedStack(withRefs, values, Map.of(
                "SageMakerModelBuildSeedCodeCheckinProjectTriggerLambdaInvoker.url", url,
                "SageMakerModelDeploySeedCodeCheckinProjectTriggerLambdaInvoker.url", url.replace("modelbuild", "modeldeploy")));
        List<String> violations = new ArrayList<>();
        resolved.resources().forEach((id, res) -> {
            ObjectNode props = (ObjectNode) res.get("Properties");
            switch (res.get("Type").asText()) {
                case "AWS::CodePipeline::Pipeline" -> {
                    ObjectNode input = JsonNodeFactory.instance.objectNode();
                    ObjectNode pipeline = props.deepCopy();
                    JsonNode tags = pipeline.remove("Tags");
                    input.set("pipeline", camel(pipeline));
                    input.set("tags", camel(tags));
                    ModelValidator.of("codepipeline").validateInput("CreatePipeline", input).forEach(v -> violations.add(id + ": " + v));
                }
                case "AWS::CodeBuild::Project" -> {
                    ObjectNode input = (ObjectNode) camel(props);
                    ((ObjectNode) input.get("source")).set("buildspec", ((ObjectNode) input.get("source")).remove("buildSpec"));
                    input.set("timeoutInMinutes", input.remove("timeoutInMinutes"));
                    ModelValidator.of("codebuild").validateInput("CreateProject", input).forEach(v -> violations.add(id + ": " + v));
                }
                case "AWS::Lambda::Function" -> {
                    ObjectNode input = props.deepCopy();
                    ObjectNode codeNode = (ObjectNode) input.get("Code");
                    codeNode.put("ZipFile", Base64.getEncoder().encodeToString(codeNode.get("ZipFile").asText().getBytes()));
                    ObjectNode tags = JsonNodeFactory.instance.objectNode();
                    input.remove("Tags").forEach(t -> tags.put(t.get("Key").asText(), t.get("Value").asText()));
                    input.set("Tags", tags);
                    ModelValidator.of("lambda").validateInput("CreateFunction", input).forEach(v -> violations.add(id + ": " + v));
                }
                case "AWS::SageMaker::CodeRepository" ->
                    ModelValidator.of("sagemaker").validateInput("CreateCodeRepository", props).forEach(v -> violations.add(id + ": " + v));
                case "AWS::CloudFormation::CustomResource" -> {
                    assertThat(props.path("GIT_REPOSITORY_CONNECTION_ARN").asText()).isEqualTo(CONNECTION);
                    assertThat(props.path("GIT_REPOSITORY_BRANCH").asText()).isEqualTo("main");
                }
                default -> {
                }
            }
        });
        assertThat(violations).isEmpty();
        assertThat(resolved.resources().get("ModelBuildPipeline").at("/Properties/Stages/0/Actions/0/Configuration/FullRepositoryId")
                .asText()).isEqualTo("acme/abalone-modelbuild");
    }

    /** CloudFormation's PascalCase properties as the API's camelCase members; action configurations keep their keys. */
    private static JsonNode camel(JsonNode v) {
        if (v == null || v.isValueNode()) {
            return v;
        }
        if (v.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            v.forEach(x -> out.add(camel(x)));
            return out;
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = Character.toLowerCase(e.getKey().charAt(0)) + e.getKey().substring(1);
            out.set(key, e.getKey().equals("Configuration") ? e.getValue() : camel(e.getValue()));
        }
        return out;
    }
}
