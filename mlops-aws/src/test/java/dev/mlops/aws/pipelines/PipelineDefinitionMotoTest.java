package dev.mlops.aws.pipelines;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.aws.fixtures.AwsTestClients;
import dev.mlops.aws.fixtures.MotoServer;
import dev.mlops.aws.fixtures.ValidatingInterceptor;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.DescribePipelineDefinitionForExecutionResponse;

/**
 * The rendered definitions go through SageMaker's {@code CreatePipeline} and {@code UpdatePipeline} as the build stage
 * sends them (every request checked against botocore's model), and come back unchanged.
 */
@ExtendWith(MotoServer.class)
class PipelineDefinitionMotoTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ValidatingInterceptor validator = new ValidatingInterceptor();
    private SageMakerClient sageMaker;

    @BeforeEach
    void setUp(MotoServer moto) {
        sageMaker = AwsTestClients.configure(SageMakerClient.builder(), moto.endpoint(), validator).build();
    }

    @AfterEach
    void tearDown() {
        sageMaker.close();
        validator.assertNoViolations();
    }

    /** An idempotency token of the 32 to 128 characters the API takes. */
    private static String token(String seed) {
        return java.util.UUID.nameUUIDFromBytes(seed.getBytes(java.nio.charset.StandardCharsets.UTF_8)) + "-" + seed;
    }

    @Test
    void everyRenderedDefinition_isAcceptedByCreatePipeline_andStoredAsRendered() throws Exception {
        for (Map.Entry<String, String> d : RenderedDefinitions.all().entrySet()) {
            String name = SeedPipelines.NAME_ID + "-" + d.getKey();
            sageMaker.createPipeline(b -> b.pipelineName(name).pipelineDefinition(d.getValue())
                    .roleArn(SeedPipelines.target("us-east-1").roleArn()).clientRequestToken(token("create-" + d.getKey())));
            String stored = sageMaker.describePipeline(b -> b.pipelineName(name)).pipelineDefinition();
            assertThat(JSON.readTree(stored)).isEqualTo(JSON.readTree(d.getValue()));

            String execution = sageMaker.startPipelineExecution(b -> b.pipelineName(name)
                    .clientRequestToken(token("start-" + d.getKey()))).pipelineExecutionArn();
            DescribePipelineDefinitionForExecutionResponse ran = sageMaker.describePipelineDefinitionForExecution(
                    b -> b.pipelineExecutionArn(execution));
            assertThat(JSON.readTree(ran.pipelineDefinition())).isEqualTo(JSON.readTree(d.getValue()));
        }
    }

    @Test
    void anUpsert_replacesTheDefinition() throws Exception {
        String name = SeedPipelines.NAME_ID;
        String first = RenderedDefinitions.all().get("everything");
        String abalone = PipelineDefinitionRendererTest.renderAbalone();
        sageMaker.createPipeline(b -> b.pipelineName(name).pipelineDefinition(first)
                .roleArn(SeedPipelines.target("us-east-1").roleArn()).clientRequestToken(token("create-1")));
        sageMaker.updatePipeline(b -> b.pipelineName(name).pipelineDefinition(abalone));
        assertThat(JSON.readTree(sageMaker.describePipeline(b -> b.pipelineName(name)).pipelineDefinition()))
                .isEqualTo(JSON.readTree(abalone));
    }
}
