package dev.mlops.aws.build;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.aws.cfn.CfnLint;
import dev.mlops.aws.fixtures.MotoServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sagemaker.model.ModelApprovalStatus;

/** The deploy build's main against moto's model registry. */
@ExtendWith(MotoServer.class)
class BuildDeploymentTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GROUP = BuildRig.PROJECT + "-" + BuildRig.PROJECT_ID;

    private BuildRig rig;
    @TempDir
    Path dir;
    private Path repo;

    @BeforeEach
    void start(MotoServer moto) throws Exception {
        rig = new BuildRig(moto);
        rig.clients.sageMaker().createModelPackageGroup(r -> r.modelPackageGroupName(GROUP));
        repo = BuildRig.checkout("modeldeploy", dir.resolve("repo"));
        rig.interceptor.clear();
    }

    @AfterEach
    void stop() {
        rig.interceptor.assertNoViolations();
        rig.close();
    }

    private String register(ModelApprovalStatus status) throws InterruptedException {
        Thread.sleep(5);   // distinct creation times
        return rig.clients.sageMaker().createModelPackage(r -> r.modelPackageGroupName(GROUP).modelApprovalStatus(status)
                .inferenceSpecification(i -> i.containers(c -> c.image(
                        "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1")
                        .modelDataUrl("s3://" + BuildRig.BUCKET + "/model.tar.gz"))
                        .supportedContentTypes("text/csv").supportedResponseMIMETypes("text/csv"))).modelPackageArn();
    }

    /** The deploy project's environment as rendered, plus the pipeline action's MODEL_PACKAGE_ARN. */
    private static Map<String, String> env(String modelPackageArn) {
        Map<String, String> env = new HashMap<>();
        env.put("SAGEMAKER_PROJECT_NAME", BuildRig.PROJECT);
        env.put("SAGEMAKER_PROJECT_ID", BuildRig.PROJECT_ID);
        env.put("ARTIFACT_BUCKET", BuildRig.BUCKET);
        env.put("MODEL_EXECUTION_ROLE_ARN", BuildRig.ROLE);
        env.put("SOURCE_MODEL_PACKAGE_GROUP_NAME", GROUP);
        env.put("AWS_REGION", "us-east-1");
        env.put("EXPORT_TEMPLATE_NAME", "template-export.yml");
        env.put("EXPORT_TEMPLATE_STAGING_CONFIG", "staging-config-export.json");
        env.put("EXPORT_TEMPLATE_PROD_CONFIG", "prod-config-export.json");
        env.put("MODEL_PACKAGE_ARN", modelPackageArn);
        return env;
    }

    private int run(Map<String, String> env, String... more) {
        String[] args = new String[more.length + 2];
        args[0] = "--repository";
        args[1] = repo.toString();
        System.arraycopy(more, 0, args, 2, more.length);
        return BuildMain.exitCode("BuildDeployment", BuildDeployment.USAGE, rig.log, () -> BuildDeployment.run(
                BuildArgs.parse(args, BuildDeployment.OPTIONS, env), rig.clients, rig.log));
    }

    @Test
    void aBlankVariable_asTheBuildSpecPassesAnUnsetOne_meansTheNewestApprovedVersion() throws Exception {
        String newest = register(ModelApprovalStatus.APPROVED);
        Map<String, String> env = env("");

        assertThat(run(env, "--model-package-arn", "")).as(rig.log()).isZero();

        assertThat(Files.readString(repo.resolve(BuildDeployment.ARN_FILE)).strip()).isEqualTo(newest);
    }

    @Test
    void theNewestApprovedVersion_isExported_withATemplateThatLints_andOneConfigurationPerEnvironment() throws Exception {
        register(ModelApprovalStatus.APPROVED);
        String newest = register(ModelApprovalStatus.APPROVED);
        register(ModelApprovalStatus.PENDING_MANUAL_APPROVAL);

        assertThat(run(env("latest-approved"))).as(rig.log()).isZero();

        assertThat(Files.readString(repo.resolve(BuildDeployment.ARN_FILE)).strip()).isEqualTo(newest);
        JsonNode staging = JSON.readTree(repo.resolve("staging-config-export.json").toFile());
        assertThat(staging.at("/Parameters/ModelPackageName").asText()).isEqualTo(newest);
        assertThat(staging.at("/Parameters/StageName").asText()).isEqualTo("staging");
        assertThat(staging.at("/Parameters/ModelExecutionRoleArn").asText()).isEqualTo(BuildRig.ROLE);
        assertThat(staging.at("/Tags/sagemaker:deployment-stage").asText()).isEqualTo("staging");
        JsonNode prod = JSON.readTree(repo.resolve("prod-config-export.json").toFile());
        assertThat(prod.at("/Parameters/StageName").asText()).isEqualTo("prod");
        assertThat(prod.at("/Parameters/SamplingPercentage").asText()).isEqualTo("80");
        Path template = repo.resolve("template-export.yml");
        JsonNode t = JSON.readTree(template.toFile());
        assertThat(t.path("Resources").toString()).contains("AWS::SageMaker::Endpoint");
        // Every parameter an exported configuration sets is one the template declares.
        assertThat(iterableNames(t.path("Parameters"))).containsAll(iterableNames(staging.path("Parameters")));
        // cfn-lint reads the exported file as CloudFormation reads it (JSON is YAML).
        assertThat(CfnLint.version()).as("cfn-lint on the PATH").isNotNull();
        assertThat(CfnLint.lint(java.util.List.of(template))).isEmpty();
    }

    @Test
    void thePipelineVariable_pinsAnOlderApprovedVersion_forARollback() throws Exception {
        String older = register(ModelApprovalStatus.APPROVED);
        register(ModelApprovalStatus.APPROVED);

        assertThat(run(env(older))).as(rig.log()).isZero();

        assertThat(JSON.readTree(repo.resolve("prod-config-export.json").toFile()).at("/Parameters/ModelPackageName")
                .asText()).isEqualTo(older);
    }

    @Test
    void aVersionNobodyApproved_isRefused_soNoPathBypassesTheGate() throws Exception {
        register(ModelApprovalStatus.APPROVED);
        String pending = register(ModelApprovalStatus.PENDING_MANUAL_APPROVAL);

        assertThat(run(env(pending))).isEqualTo(1);

        assertThat(rig.log()).contains(pending, "PendingManualApproval, not Approved");
        assertThat(repo.resolve("staging-config-export.json")).doesNotExist();
    }

    @Test
    void aGroupWithoutApprovedVersions_failsTheBuild_sayingSo() throws Exception {
        register(ModelApprovalStatus.PENDING_MANUAL_APPROVAL);

        assertThat(run(env("latest-approved"))).isEqualTo(1);

        assertThat(rig.log()).contains("no approved ModelPackage found for ModelPackageGroup " + GROUP);
        assertThat(repo.resolve("template-export.yml")).doesNotExist();
    }

    @Test
    void aMissingConfigurationFile_orVariable_isNamed() throws Exception {
        register(ModelApprovalStatus.APPROVED);
        Files.delete(repo.resolve("prod-config.json"));
        assertThat(run(env("latest-approved"))).isEqualTo(1);
        assertThat(rig.log()).contains("has no prod-config.json for environment prod");

        Map<String, String> env = env("latest-approved");
        env.remove("MODEL_EXECUTION_ROLE_ARN");
        assertThat(run(env)).isEqualTo(2);
        assertThat(rig.log()).contains("--model-execution-role", "MODEL_EXECUTION_ROLE_ARN");
    }

    private static java.util.List<String> iterableNames(JsonNode n) {
        java.util.List<String> out = new java.util.ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
