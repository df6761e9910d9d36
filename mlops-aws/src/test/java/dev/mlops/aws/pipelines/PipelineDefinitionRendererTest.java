package dev.mlops.aws.pipelines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.exception.ValidationException;
import dev.mlops.pipeline.MlPipeline;
import dev.mlops.pipeline.ProcessingStep;
import dev.mlops.pipeline.RegisterModelStep;
import dev.mlops.pipeline.TrainingStep;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The seed's abalone pipeline renders to the checked-in definition, byte for byte, with the original pipeline.py's
 * steps, parameters, property file, condition and registration. Regenerate the golden file with
 * {@code -Dmlops.updateGolden=true} and review the diff.
 */
class PipelineDefinitionRendererTest {
    static final String GOLDEN = "dev/mlops/aws/pipelines/abalone-definition.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    static String renderAbalone() {
        return PipelineDefinitionRenderer.of(SeedPipelines.target("us-east-1")).render(SeedPipelines.abalone("us-east-1"));
    }

    @Test
    void theAbalonePipeline_rendersToTheGoldenDefinition() throws IOException {
        String rendered = renderAbalone();
        if (Boolean.getBoolean("mlops.updateGolden")) {
            Files.writeString(Path.of("src/test/resources").resolve(GOLDEN), rendered);
        }
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(GOLDEN)) {
            assertThat(in).as(GOLDEN).isNotNull();
            assertThat(rendered).isEqualTo(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        assertThat(renderAbalone()).as("deterministic").isEqualTo(rendered);
    }

    @Test
    void theAbaloneDefinition_hasTheOriginalsStepsParametersConditionAndRegistration() throws IOException {
        JsonNode d = JSON.readTree(renderAbalone());
        assertThat(d.path("Version").asText()).isEqualTo("2020-12-01");
        List<String> params = new ArrayList<>();
        d.path("Parameters").forEach(p -> params.add(p.path("Name").asText() + ":" + p.path("Type").asText()));
        assertThat(params).containsExactly("ProcessingInstanceCount:Integer", "ProcessingInstanceType:String",
                "TrainingInstanceType:String", "ModelApprovalStatus:String", "InputDataUrl:String");
        assertThat(d.path("Parameters").get(0).path("DefaultValue").isInt()).isTrue();
        assertThat(d.path("Parameters").get(4).path("DefaultValue").asText())
                .isEqualTo("s3://sagemaker-servicecatalog-seedcode-us-east-1/dataset/abalone-dataset.csv");

        JsonNode steps = d.path("Steps");
        List<String> top = new ArrayList<>();
        steps.forEach(s -> top.add(s.path("Name").asText() + ":" + s.path("Type").asText()));
        assertThat(top).containsExactly("PreprocessAbaloneData:Processing", "TrainAbaloneModel:Training",
                "EvaluateAbaloneModel:Processing", "CheckMSEAbaloneEvaluation:Condition");

        for (int i : new int[] {0, 2}) {
            JsonNode cluster = steps.get(i).path("Arguments").path("ProcessingResources").path("ClusterConfig");
            assertThat(cluster.path("InstanceType").path("Get").asText()).isEqualTo("Parameters.ProcessingInstanceType");
            assertThat(cluster.path("InstanceCount").path("Get").asText()).isEqualTo("Parameters.ProcessingInstanceCount");
            JsonNode app = steps.get(i).path("Arguments").path("AppSpecification");
            assertThat(app.path("ImageUri").asText()).isEqualTo("123456789012.dkr.ecr.us-east-1.amazonaws.com/mlops-sdk:0.1.0");
            assertThat(app.path("ContainerEntrypoint").toString()).isEqualTo("[\"java\",\"-cp\","
                    + "\"/opt/mlops/lib/*:/opt/ml/processing/input/code/*\",\"dev.mlops.container.ProcessingStepMain\","
                    + (i == 0 ? "\"pipelines.abalone.Preprocess\"]" : "\"pipelines.abalone.Evaluate\"]"));
        }
        JsonNode prep = steps.get(0).path("Arguments");
        assertThat(prep.path("ProcessingInputs").get(0).path("S3Input").path("S3Uri").path("Get").asText())
                .isEqualTo("Parameters.InputDataUrl");
        assertThat(prep.path("ProcessingInputs").get(1).path("InputName").asText()).isEqualTo("code");
        JsonNode trainOut = prep.path("ProcessingOutputConfig").path("Outputs").get(0);
        assertThat(trainOut.path("S3Output").path("LocalPath").asText()).isEqualTo("/opt/ml/processing/train");
        assertThat(trainOut.path("S3Output").path("S3Uri").toString()).isEqualTo("{\"Std:Join\":{\"On\":\"/\",\"Values\":"
                + "[\"s3:/\",\"sagemaker-project-p-abc123def456\",\"abalone-p-abc123def456\","
                + "{\"Get\":\"Execution.PipelineExecutionId\"},\"PreprocessAbaloneData\",\"output\",\"train\"]}}");

        JsonNode train = steps.get(1).path("Arguments");
        assertThat(train.path("AlgorithmSpecification").path("TrainingImage").asText())
                .isEqualTo("683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1");
        assertThat(train.path("ResourceConfig").path("InstanceType").path("Get").asText()).isEqualTo("Parameters.TrainingInstanceType");
        assertThat(train.path("InputDataConfig").get(0).path("DataSource").path("S3DataSource").path("S3Uri").path("Get").asText())
                .isEqualTo("Steps.PreprocessAbaloneData.ProcessingOutputConfig.Outputs['train'].S3Output.S3Uri");
        assertThat(train.path("HyperParameters").path("num_round").asText()).isEqualTo("50");
        assertThat(train.path("OutputDataConfig").path("S3OutputPath").asText())
                .isEqualTo("s3://sagemaker-project-p-abc123def456/abalone-p-abc123def456/TrainAbaloneModel");

        JsonNode eval = steps.get(2);
        assertThat(eval.path("PropertyFiles").toString()).isEqualTo("[{\"FilePath\":\"evaluation.json\","
                + "\"OutputName\":\"evaluation\",\"PropertyFileName\":\"AbaloneEvaluationReport\"}]");

        JsonNode cond = steps.get(3).path("Arguments");
        assertThat(cond.path("Conditions").toString()).isEqualTo("[{\"LeftValue\":{\"Std:JsonGet\":{\"Path\":"
                + "\"regression_metrics.mse.value\",\"PropertyFile\":{\"Get\":"
                + "\"Steps.EvaluateAbaloneModel.PropertyFiles.AbaloneEvaluationReport\"}}},\"RightValue\":6.0,"
                + "\"Type\":\"LessThanOrEqualTo\"}]");
        assertThat(cond.path("ElseSteps")).isEmpty();
        JsonNode register = cond.path("IfSteps").get(0);
        assertThat(register.path("Name").asText()).isEqualTo("RegisterAbaloneModel");
        assertThat(register.path("Type").asText()).isEqualTo("RegisterModel");
        JsonNode r = register.path("Arguments");
        assertThat(r.path("ModelPackageGroupName").asText()).isEqualTo("abalone-p-abc123def456");
        assertThat(r.path("ModelApprovalStatus").path("Get").asText()).isEqualTo("Parameters.ModelApprovalStatus");
        JsonNode spec = r.path("InferenceSpecification");
        // An inference pipeline: the SDK's image serving the preprocessor over the Preprocess step's model output
        // (uncompressed, an S3 prefix ending in a slash), then XGBoost over the training job's model.tar.gz.
        assertThat(spec.path("Containers")).hasSize(2);
        JsonNode pre = spec.path("Containers").get(0);
        assertThat(pre.path("ContainerHostname").asText()).isEqualTo("preprocessor");
        assertThat(pre.path("Image").asText()).isEqualTo(SeedPipelines.target("us-east-1").sdkImageUri());
        assertThat(pre.has("ModelDataUrl")).isFalse();
        assertThat(pre.path("ModelDataSource").toString()).isEqualTo("{\"S3DataSource\":{\"CompressionType\":\"None\","
                + "\"S3DataType\":\"S3Prefix\",\"S3Uri\":{\"Std:Join\":{\"On\":\"/\",\"Values\":[{\"Get\":"
                + "\"Steps.PreprocessAbaloneData.ProcessingOutputConfig.Outputs['model'].S3Output.S3Uri\"},\"\"]}}}}");
        assertThat(spec.path("Containers").get(1).path("Image").asText())
                .isEqualTo("683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1");
        assertThat(spec.path("Containers").get(1).path("ModelDataUrl").path("Get").asText())
                .isEqualTo("Steps.TrainAbaloneModel.ModelArtifacts.S3ModelArtifacts");
        assertThat(spec.path("SupportedContentTypes").toString()).isEqualTo("[\"text/csv\"]");
        assertThat(spec.path("SupportedResponseMIMETypes").toString()).isEqualTo("[\"text/csv\"]");
        assertThat(spec.path("SupportedRealtimeInferenceInstanceTypes").toString()).isEqualTo("[\"ml.t2.medium\",\"ml.m5.large\"]");
        assertThat(spec.path("SupportedTransformInstanceTypes").toString()).isEqualTo("[\"ml.m5.large\"]");
        JsonNode stats = r.path("ModelMetrics").path("ModelQuality").path("Statistics");
        assertThat(stats.path("ContentType").asText()).isEqualTo("application/json");
        assertThat(stats.path("S3Uri").toString()).isEqualTo("{\"Std:Join\":{\"On\":\"/\",\"Values\":[{\"Get\":"
                + "\"Steps.EvaluateAbaloneModel.ProcessingOutputConfig.Outputs['evaluation'].S3Output.S3Uri\"},"
                + "\"evaluation.json\"]}}");
        JsonNode metadata = r.path("CustomerMetadataProperties");
        assertThat(metadata.has("container:1:preprocessor")).as("served, so no longer only recorded").isFalse();
        assertThat(metadata.path("lineage:pipeline").asText()).isEqualTo("abalone-p-abc123def456");
        assertThat(metadata.path("lineage:pipelineExecution").path("Get").asText()).isEqualTo("Execution.PipelineExecutionId");
        assertThat(spec.path("Containers").get(1).path("ContainerHostname").asText()).isEqualTo("xgboost");
    }

    @Test
    void anotherRegion_getsItsOwnRegistry_andChinaItsDomain() throws IOException {
        JsonNode d = JSON.readTree(PipelineDefinitionRenderer.of(SeedPipelines.target("cn-north-1"))
                .render(SeedPipelines.abalone("cn-north-1")));
        assertThat(d.path("Steps").get(1).path("Arguments").path("AlgorithmSpecification").path("TrainingImage").asText())
                .isEqualTo("450853457545.dkr.ecr.cn-north-1.amazonaws.com.cn/sagemaker-xgboost:1.7-1");
    }

    @Test
    void theEmbeddedBackendsRepositoryPath_isRefusedAsAnInput_namingTheStepAndWhatToPass() {
        MlPipeline local = SeedPipelines.abalone("");
        assertThatThrownBy(() -> PipelineDefinitionRenderer.of(SeedPipelines.target("us-east-1")).render(local))
                .isInstanceOfSatisfying(ValidationException.class, e -> {
                    assertThat(e.field()).isEqualTo("ProcessingStep.PreprocessAbaloneData.input.raw");
                    assertThat(e.getMessage()).contains("data/abalone.csv").contains("s3://");
                });
    }

    @Test
    void aRegionWithoutThePublishedImage_isRefusedNamingTheRegionsThatHaveIt() {
        PipelineTarget nowhere = SeedPipelines.target("xx-nowhere-1");
        assertThatThrownBy(() -> PipelineDefinitionRenderer.of(nowhere).render(SeedPipelines.abalone("xx-nowhere-1")))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.getMessage())
                        .contains("xx-nowhere-1").contains("us-east-1").contains("eu-west-1"));
    }

    @Test
    void anUnpublishedVersion_isRefusedWhenTheStepIsBuilt_namingThoseThatExist() {
        assertThatThrownBy(() -> TrainingStep.builder("T").builtIn("xgboost", "9.9-9")
                .channel("train", dev.mlops.pipeline.PipelineValue.literal("s3://b/train")).build())
                .isInstanceOfSatisfying(ValidationException.class, e -> {
                    assertThat(e.field()).isEqualTo("TrainingStep.version");
                    assertThat(e.getMessage()).contains("9.9-9").contains("1.7-1").contains("1.0-1");
                });
    }

    @Test
    void aContainerSageMakerCannotServe_isRefused() {
        ProcessingStep p = ProcessingStep.builder("P").script("p/P.java")
                .input("raw", dev.mlops.pipeline.PipelineValue.literal("s3://b/raw")).outputs("model").build();
        RegisterModelStep r = RegisterModelStep.builder("R").container("preprocessor", p.output("model")).build();
        MlPipeline pipeline = MlPipeline.builder("x").steps(p, r).build();
        assertThatThrownBy(() -> PipelineDefinitionRenderer.of(SeedPipelines.target("us-east-1")).render(pipeline))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.getMessage())
                        .contains("at least one container SageMaker can serve"));
        RegisterModelStep odd = RegisterModelStep.builder("R").container("tensorflow", p.output("model")).build();
        assertThatThrownBy(() -> PipelineDefinitionRenderer.of(SeedPipelines.target("us-east-1"))
                .render(MlPipeline.builder("x").steps(p, odd).build()))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.getMessage()).contains("tensorflow"));
    }

    @Test
    void aBadTarget_isRefusedNamingTheField() {
        assertThatThrownBy(() -> PipelineTarget.builder().from(SeedPipelines.target("us-east-1")).codeUri("file:/tmp/x.jar").build())
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("PipelineTarget.codeUri"));
        assertThatThrownBy(() -> PipelineTarget.builder().from(SeedPipelines.target("us-east-1")).roleArn("my-role").build())
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("PipelineTarget.roleArn"));
    }
}
