package dev.mlops.aws.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.aws.AwsBackend;
import dev.mlops.aws.fixtures.AwsTestClients;
import dev.mlops.aws.fixtures.MotoServer;
import dev.mlops.aws.fixtures.ValidatingInterceptor;
import dev.mlops.spi.ModelRegistry;
import dev.mlops.spi.ModelVersionInfo;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.ModelPackageContainerDefinition;

/**
 * A version registered as the rendered pipeline's RegisterModel step registers it, an inference pipeline whose
 * preprocessor's files are an uncompressed S3 prefix ({@code ModelDataSource}), reads back with both containers'
 * artifacts, as the embedded registry lists them. On moto, every request validated against botocore's model.
 */
@ExtendWith(MotoServer.class)
class RegisteredInferencePipelineTest {
    private static final String GROUP = "abalone-p-abcdef123456";
    private static final String PREFIX = "s3://sagemaker-project-p-abcdef123456/abalone/exec-1/PreprocessAbaloneData/output/model/";
    private static final String MODEL = "s3://sagemaker-project-p-abcdef123456/abalone/exec-1/TrainAbaloneModel/output/model.tar.gz";

    @TempDir
    Path scratch;

    private final ValidatingInterceptor validator = new ValidatingInterceptor();
    private AwsBackend aws;
    private ModelRegistry registry;
    private SageMakerClient sageMaker;

    @BeforeEach
    void setUp(MotoServer moto) {
        aws = MotoBackends.builder(moto.endpoint(), validator, scratch.resolve("cache")).build();
        registry = aws.registry().orElseThrow();
        sageMaker = AwsTestClients.configure(SageMakerClient.builder(), moto.endpoint(), validator).build();
    }

    @AfterEach
    void tearDown() {
        aws.close();
        sageMaker.close();
        validator.assertNoViolations();
    }

    @Test
    void thePreprocessorsPrefix_andTheModelsTarball_areTheVersionsContainers() {
        sageMaker.createModelPackageGroup(b -> b.modelPackageGroupName(GROUP));
        String arn = sageMaker.createModelPackage(b -> b.modelPackageGroupName(GROUP).modelApprovalStatus("PendingManualApproval")
                .inferenceSpecification(s -> s.supportedContentTypes("text/csv").supportedResponseMIMETypes("text/csv")
                        .containers(ModelPackageContainerDefinition.builder().containerHostname("preprocessor")
                                        .image("123456789012.dkr.ecr.us-east-1.amazonaws.com/mlops-sdk:0.1.0")
                                        .modelDataSource(d -> d.s3DataSource(s3 -> s3.s3Uri(PREFIX).s3DataType("S3Prefix")
                                                .compressionType("None"))).build(),
                                ModelPackageContainerDefinition.builder().containerHostname("xgboost")
                                        .image("683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1")
                                        .modelDataUrl(MODEL).build()))).modelPackageArn();

        ModelVersionInfo v = registry.byArn(arn).orElseThrow();
        assertThat(v.containers()).containsExactly(java.util.Map.entry("preprocessor", PREFIX),
                java.util.Map.entry("xgboost", MODEL));
    }
}
