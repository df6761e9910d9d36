package dev.mlops.aws.build;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.aws.fixtures.MotoServer;
import dev.mlops.aws.fixtures.SageMakerInvokeResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The staging test's main: the seed's StagingEndpointTest against an endpoint in moto, through SageMaker Runtime. */
@ExtendWith(MotoServer.class)
class TestEndpointTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ENDPOINT = BuildRig.PROJECT + "-staging";

    private BuildRig rig;
    private MotoServer moto;
    @TempDir
    Path dir;
    private Path repo;
    private Path artifact;

    @BeforeEach
    void start(MotoServer moto) throws Exception {
        this.moto = moto;
        rig = new BuildRig(moto);
        repo = BuildRig.checkout("modeldeploy", dir.resolve("repo"));
        artifact = Files.createDirectories(dir.resolve("BuildArtifact"));
        Files.writeString(artifact.resolve("staging-config-export.json"), """
                {"Parameters": {"StageName": "staging", "SageMakerProjectName": "abalone",
                  "EndpointInstanceType": "ml.m5.large", "EndpointInstanceCount": "1"},
                 "Tags": {"sagemaker:deployment-stage": "staging"}}""");
    }

    @AfterEach
    void stop() {
        rig.interceptor.assertNoViolations();
        rig.close();
    }

    private void endpoint() {
        var sm = rig.clients.sageMaker();
        sm.createModel(b -> b.modelName(ENDPOINT + "-model").executionRoleArn(BuildRig.ROLE)
                .primaryContainer(c -> c.image("683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1")));
        sm.createEndpointConfig(b -> b.endpointConfigName(ENDPOINT + "-config").productionVariants(v -> v
                .variantName("AllTraffic").modelName(ENDPOINT + "-model").initialInstanceCount(1)
                .instanceType("ml.m5.large")));
        sm.createEndpoint(b -> b.endpointName(ENDPOINT).endpointConfigName(ENDPOINT + "-config"));
        rig.interceptor.clear();
    }

    /** The endpoint's answer: one prediction per test row, each {@code offset} rings from the truth. */
    private void answers(double offset, int drop) throws Exception {
        List<String> rows = Files.readAllLines(repo.resolve("test/test-rows.csv"));
        String body = rows.stream().skip(drop).map(r -> Double.toString(Double.parseDouble(r.substring(r.lastIndexOf(',')
                + 1)) + offset)).collect(Collectors.joining("\n")) + "\n";
        moto.seedSageMakerEndpointResults(List.of(new SageMakerInvokeResult(body, "text/csv", "AllTraffic", null)));
    }

    private int run() {
        Map<String, String> env = new HashMap<>();
        env.put("CODEBUILD_SRC_DIR_BuildArtifact", artifact.toString());
        env.put("BUILD_CONFIG", "staging-config-export.json");
        env.put("EXPORT_TEST_RESULTS", "test-results.json");
        env.put("AWS_REGION", "us-east-1");
        return BuildMain.exitCode("TestEndpoint", TestEndpoint.USAGE, rig.log, () -> TestEndpoint.run(
                BuildArgs.parse(new String[] {"--repository", repo.toString()}, TestEndpoint.OPTIONS, env),
                rig.clients, rig.log));
    }

    private JsonNode results() throws Exception {
        return JSON.readTree(repo.resolve("test-results.json").toFile());
    }

    @Test
    void theSeedsEndpointTest_passesOnGoodAnswers_andWritesTheResults() throws Exception {
        endpoint();
        answers(0.5, 0);

        assertThat(run()).as(rig.log()).isZero();

        JsonNode r = results();
        assertThat(r.get("endpoint_name").asText()).isEqualTo(ENDPOINT);
        assertThat(r.get("success").asBoolean()).isTrue();
        assertThat(r.at("/tests/0/name").asText()).isEqualTo("test.StagingEndpointTest");
        assertThat(r.at("/tests/0/success").asBoolean()).isTrue();
        assertThat(rig.log()).contains("endpoint abalone-staging is InService", "mean absolute error 0.500 rings");
        assertThat(rig.interceptor.calls("SageMakerRuntime.InvokeEndpoint")).isEqualTo(1);
    }

    @Test
    void badAnswers_failTheStage_withTheTestsMessage() throws Exception {
        endpoint();
        answers(4.0, 0);

        assertThat(run()).isEqualTo(1);

        JsonNode r = results();
        assertThat(r.get("success").asBoolean()).isFalse();
        assertThat(r.at("/tests/0/error").asText()).contains("mean absolute error 4.0", "is above 3.0");
    }

    @Test
    void aMissingAnswerRow_failsTheStage() throws Exception {
        endpoint();
        answers(0.0, 1);

        assertThat(run()).isEqualTo(1);

        assertThat(results().at("/tests/0/error").asText()).contains("predictions");
    }

    @Test
    void noEndpoint_failsTheStage_beforeAnyTestRuns_andTheResultsSaySo() throws Exception {
        assertThat(run()).isEqualTo(1);

        JsonNode r = results();
        assertThat(r.get("success").asBoolean()).isFalse();
        assertThat(r.get("error").asText()).isNotBlank();
        assertThat(r.get("tests")).isEmpty();
        assertThat(rig.interceptor.calls("SageMakerRuntime.InvokeEndpoint")).isZero();
    }
}
