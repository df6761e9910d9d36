package dev.mlops.aws.build;

import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.aws.fixtures.AwsWire;
import dev.mlops.aws.fixtures.MotoServer;
import dev.mlops.spi.Ticker;
import dev.mlops.spi.WaitPolicy;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sagemaker.model.DescribePipelineResponse;

/** The model build's main against moto and stubs of the step APIs moto lacks. */
@ExtendWith(MotoServer.class)
class RunPipelineTest {
    private static final WaitPolicy QUICK = WaitPolicy.backoff(Duration.ofMillis(1), Duration.ofMillis(5), 2.0,
            Ticker.system());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EXECUTION = "arn:aws:sagemaker:us-east-1:123456789012:pipeline/abalone-p-abc123def456"
            + "/execution/0abc1def2ghi";

    private BuildRig rig;
    @TempDir
    Path dir;

    @BeforeEach
    void start(MotoServer moto) throws Exception {
        rig = new BuildRig(moto);
        rig.clients.s3().createBucket(r -> r.bucket(BuildRig.BUCKET));
        rig.interceptor.clear();
    }

    @AfterEach
    void stop() {
        rig.interceptor.assertNoViolations();
        rig.close();
    }

    private static String step(String name, String status, String reason) {
        return "{\"StepName\":\"" + name + "\",\"StepStatus\":\"" + status + "\",\"StartTime\":1764590000,"
                + "\"AttemptCount\":1" + (reason != null ? ",\"FailureReason\":" + JSON.valueToTree(reason) : "") + "}";
    }

    /**
     * Stubs an execution that moves through states: at state i, ListPipelineExecutionSteps answers steps.get(i) and
     * moves on; DescribePipelineExecution answers statuses.get(i). With throttleFirst the first listing is throttled.
     */
    private void execution(List<String> steps, List<String> statuses, boolean throttleFirst) {
        String first = STARTED;
        if (throttleFirst) {
            rig.stubs.stubFor(AwsWire.awsJson("sagemaker", "ListPipelineExecutionSteps").inScenario("run")
                    .whenScenarioStateIs(STARTED).willSetStateTo("s0")
                    .willReturn(AwsWire.awsJsonError("sagemaker", 400, "ThrottlingException", "Rate exceeded")));
            rig.stubs.stubFor(AwsWire.awsJson("sagemaker", "DescribePipelineExecution").inScenario("run")
                    .whenScenarioStateIs(STARTED).willReturn(describe(statuses.get(0))));
            first = "s0";
        }
        for (int i = 0; i < steps.size(); i++) {
            String state = i == 0 ? first : "s" + i;
            String next = i + 1 < steps.size() ? "s" + (i + 1) : state;
            rig.stubs.stubFor(AwsWire.awsJson("sagemaker", "ListPipelineExecutionSteps").inScenario("run")
                    .whenScenarioStateIs(state).willSetStateTo(next)
                    .willReturn(AwsWire.awsJsonResponse("sagemaker", "ListPipelineExecutionSteps",
                            "{\"PipelineExecutionSteps\":[" + steps.get(i) + "]}")));
            rig.stubs.stubFor(AwsWire.awsJson("sagemaker", "DescribePipelineExecution").inScenario("run")
                    .whenScenarioStateIs(state).willReturn(describe(statuses.get(i))));
        }
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder describe(String status) {
        return AwsWire.awsJsonResponse("sagemaker", "DescribePipelineExecution", "{\"PipelineExecutionArn\":\""
                + EXECUTION + "\",\"PipelineExecutionStatus\":\"" + status + "\""
                + ("Failed".equals(status) ? ",\"FailureReason\":\"Step failure: One or multiple steps failed.\"" : "")
                + "}");
    }

    private int run(Map<String, String> env, String... args) throws Exception {
        Path repo = Files.isDirectory(dir.resolve("repo")) ? dir.resolve("repo")
                : BuildRig.checkout("modelbuild", dir.resolve("repo"));
        String[] all = new String[args.length + 2];
        all[0] = "--repository";
        all[1] = repo.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return BuildMain.exitCode("RunPipeline", RunPipeline.USAGE, rig.log, () -> RunPipeline.run(
                BuildArgs.parse(all, RunPipeline.OPTIONS, env), rig.clients, QUICK, rig.log));
    }

    private static final List<String> PROGRESS = List.of(
            BuildRigSteps.of(step("PreprocessAbaloneData", "Executing", null)),
            BuildRigSteps.of(step("PreprocessAbaloneData", "Succeeded", null), step("TrainAbaloneModel", "Executing", null)),
            BuildRigSteps.of(step("PreprocessAbaloneData", "Succeeded", null), step("TrainAbaloneModel", "Succeeded", null),
                    step("EvaluateAbaloneModel", "Succeeded", null), step("CheckMSEAbaloneEvaluation", "Succeeded", null),
                    step("RegisterAbaloneModel", "Succeeded", null)));

    @Test
    void theSeedRepository_compiles_upsertsItsPipeline_runs_andPrintsEachStepsProgress() throws Exception {
        execution(PROGRESS, List.of("Executing", "Executing", "Succeeded"), false);

        assertThat(run(BuildRig.modelBuildEnv())).as(rig.log()).isZero();

        DescribePipelineResponse p = rig.clients.sageMaker().describePipeline(r -> r.pipelineName("abalone-p-abc123def456"));
        assertThat(p.roleArn()).isEqualTo(BuildRig.ROLE);
        JsonNode definition = JSON.readTree(p.pipelineDefinition());
        assertThat(definition.findValuesAsText("Name")).contains("PreprocessAbaloneData", "TrainAbaloneModel",
                "EvaluateAbaloneModel", "CheckMSEAbaloneEvaluation", "RegisterAbaloneModel");
        var tags = rig.clients.sageMaker().listTags(r -> r.resourceArn(p.pipelineArn())).tags();
        assertThat(tags).extracting(t -> t.key() + "=" + t.value())
                .contains("sagemaker:project-name=abalone", "sagemaker:project-id=p-abc123def456");
        // The code jar the processing steps read: content-addressed, holding the compiled factory and scripts.
        String codeUri = null;
        for (JsonNode in : definition.at("/Steps/0/Arguments/ProcessingInputs")) {
            if (in.path("InputName").asText().equals("code")) {
                codeUri = in.at("/S3Input/S3Uri").asText();
            }
        }
        String code = codeUri;
        assertThat(codeUri).matches("s3://sagemaker-project-p-abc123def456/abalone-p-abc123def456/code/[0-9a-f]{64}\\.jar");
        byte[] jar = rig.clients.s3().getObjectAsBytes(r -> r.bucket(BuildRig.BUCKET)
                .key(code.substring(("s3://" + BuildRig.BUCKET + "/").length()))).asByteArray();
        java.util.Set<String> entries = new java.util.TreeSet<>();
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(jar))) {
            for (var e = in.getNextJarEntry(); e != null; e = in.getNextJarEntry()) {
                entries.add(e.getName());
            }
        }
        assertThat(entries).contains("pipelines/abalone/AbalonePipeline.class", "pipelines/abalone/Preprocess.class",
                "pipelines/abalone/Evaluate.class");
        assertThat(rig.log()).contains("compiled 3 source files from pipelines/", "created pipeline ",
                "\"Version\": \"2020-12-01\"",
                "step PreprocessAbaloneData: Executing", "step PreprocessAbaloneData: Succeeded",
                "step TrainAbaloneModel: Executing", "step RegisterAbaloneModel: Succeeded", "succeeded");
        // Each status change is printed once, however often the steps were listed.
        assertThat(rig.log().split("step PreprocessAbaloneData: Succeeded", -1)).hasSize(2);
        assertThat(rig.interceptor.calls("SageMaker.CreatePipeline")).isEqualTo(1);
        assertThat(rig.interceptor.calls("SageMaker.StartPipelineExecution")).isEqualTo(1);
    }

    @Test
    void aSecondBuild_updatesThePipeline_retagsIt_andUploadsNoSecondCopyOfUnchangedCode() throws Exception {
        execution(PROGRESS, List.of("Executing", "Executing", "Succeeded"), false);
        assertThat(run(BuildRig.modelBuildEnv())).as(rig.log()).isZero();
        rig.stubs.resetScenarios();
        Map<String, String> env = new HashMap<>(BuildRig.modelBuildEnv());
        env.put("CODEBUILD_BUILD_ID", "sagemaker-abalone-p-abc123def456-modelbuild:77aa");

        assertThat(run(env)).as(rig.log()).isZero();

        // Create first, update on "already exists", as the SageMaker Python SDK's upsert.
        assertThat(rig.interceptor.calls("SageMaker.CreatePipeline")).isEqualTo(2);
        assertThat(rig.interceptor.calls("SageMaker.UpdatePipeline")).isEqualTo(1);
        assertThat(rig.interceptor.calls("SageMaker.AddTags")).isEqualTo(1);
        assertThat(rig.interceptor.calls("S3.PutObject")).isEqualTo(1);
        assertThat(rig.log()).contains("updated pipeline ");
    }

    @Test
    void aFailedStep_failsTheBuild_withTheStepsFailureReason() throws Exception {
        String reason = "ClientError: AlgorithmError: framework error: value 6.3 of MSE is above the limit";
        execution(List.of(BuildRigSteps.of(step("PreprocessAbaloneData", "Succeeded", null),
                        step("TrainAbaloneModel", "Executing", null)),
                BuildRigSteps.of(step("PreprocessAbaloneData", "Succeeded", null),
                        step("TrainAbaloneModel", "Failed", reason))), List.of("Executing", "Failed"), false);

        assertThat(run(BuildRig.modelBuildEnv())).isEqualTo(1);

        assertThat(rig.log()).contains("step TrainAbaloneModel: Failed - " + reason, "execution " + EXECUTION.substring(0, 10))
                .contains("failed:", "  TrainAbaloneModel: " + reason);
    }

    @Test
    void aThrottledCheck_isSkipped_andTheWaitGoesOn() throws Exception {
        execution(PROGRESS, List.of("Executing", "Executing", "Succeeded"), true);

        assertThat(run(BuildRig.modelBuildEnv())).as(rig.log()).isZero();

        assertThat(rig.stubs.getAllServeEvents().stream().filter(e -> "SageMaker.ListPipelineExecutionSteps".equals(
                e.getRequest().getHeader("X-Amz-Target")))).hasSizeGreaterThanOrEqualTo(4);
        assertThat(rig.log()).contains("step RegisterAbaloneModel: Succeeded");
    }

    @Test
    void anExecutionStillRunningAfterTheBudget_failsTheBuild_sayingItGoesOn() throws Exception {
        execution(List.of(BuildRigSteps.of(step("PreprocessAbaloneData", "Executing", null))), List.of("Executing"), false);

        assertThat(run(BuildRig.modelBuildEnv(), "--timeout", "PT0.3S")).isEqualTo(1);

        assertThat(rig.log()).contains("is still Executing after PT0.3S; it goes on in SageMaker");
    }

    @Test
    void usageErrors_nameTheMissingOptionAndItsVariable_andExitTwo() throws Exception {
        Map<String, String> env = new HashMap<>(BuildRig.modelBuildEnv());
        env.remove("SAGEMAKER_PIPELINE_ROLE_ARN");
        assertThat(run(env)).isEqualTo(2);
        assertThat(rig.log()).contains("--role-arn", "SAGEMAKER_PIPELINE_ROLE_ARN", "usage: java -cp 'sdk/*'");

        assertThat(run(BuildRig.modelBuildEnv(), "--bogus", "x")).isEqualTo(2);
        assertThat(run(BuildRig.modelBuildEnv(), "--timeout", "two hours")).isEqualTo(2);
        assertThat(rig.log()).contains("--bogus", "--timeout = \"two hours\" is invalid");
        assertThat(rig.interceptor.calls()).isEmpty();
    }

    @Test
    void aRepositoryThatDoesNotCompile_failsBeforeAnyCall_namingFileAndLine() throws Exception {
        Path repo = BuildRig.checkout("modelbuild", dir.resolve("repo"));
        Files.writeString(repo.resolve("pipelines/abalone/Evaluate.java"), "package pipelines.abalone;\nclass Evaluate {\n  int x = ;\n}\n");

        assertThat(run(BuildRig.modelBuildEnv())).isEqualTo(1);

        assertThat(rig.log()).contains("do not compile", "pipelines/abalone/Evaluate.java:3");
        assertThat(rig.interceptor.calls()).isEmpty();
    }

    /** Joins step JSON objects. */
    static final class BuildRigSteps {
        static String of(String... steps) {
            return String.join(",", steps);
        }
    }
}
