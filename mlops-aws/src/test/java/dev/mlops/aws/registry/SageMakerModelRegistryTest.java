package dev.mlops.aws.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.ModelApprovalStatus;
import dev.mlops.aws.AwsBackend;
import dev.mlops.aws.fixtures.AwsTestClients;
import dev.mlops.aws.fixtures.MotoServer;
import dev.mlops.aws.fixtures.ValidatingInterceptor;
import dev.mlops.exception.IllegalStateTransitionException;
import dev.mlops.exception.UnsupportedByBackendException;
import dev.mlops.exception.ValidationException;
import dev.mlops.event.EventCursor;
import dev.mlops.spi.ModelRegistry;
import dev.mlops.spi.ModelVersionInfo;
import dev.mlops.spi.PageRequest;
import dev.mlops.spi.RegisterRequest;
import dev.mlops.template.Capability;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.DescribeModelPackageResponse;

/** The SageMaker registry's own promises on moto, each request validated against the botocore model. */
@ExtendWith(MotoServer.class)
class SageMakerModelRegistryTest {
    private static final String PROJECT = "abalone";
    private static final String ID = "p-abcdef123456";
    private static final String GROUP = PROJECT + "-" + ID;
    private static final String BUCKET = "sagemaker-project-" + ID;

    @TempDir
    Path scratch;

    private final ValidatingInterceptor validator = new ValidatingInterceptor();
    private AwsBackend aws;
    private ModelRegistry registry;
    private SageMakerClient sageMaker;
    private S3Client s3;

    @BeforeEach
    void setUp(MotoServer moto) {
        aws = MotoBackends.builder(moto.endpoint(), validator, scratch.resolve("cache")).build();
        registry = aws.registry().orElseThrow();
        sageMaker = AwsTestClients.configure(SageMakerClient.builder(), moto.endpoint(), validator).build();
        s3 = AwsTestClients.configure(S3Client.builder(), moto.endpoint(), null).build();
        s3.createBucket(b -> b.bucket(BUCKET));
    }

    @AfterEach
    void tearDown() {
        aws.close();
        sageMaker.close();
        s3.close();
        validator.assertNoViolations();
    }

    private RegisterRequest request(String token, Map<String, Double> metrics, Map<String, String> lineage) {
        Map<String, String> containers = new LinkedHashMap<>();
        containers.put("preprocessor", "s3://" + BUCKET + "/artifacts/pre.tar.gz");
        containers.put("xgboost", "s3://" + BUCKET + "/artifacts/model.tar.gz");
        return new RegisterRequest(PROJECT, GROUP, ModelApprovalStatus.PendingManualApproval, metrics, lineage, containers,
                token);
    }

    private DescribeModelPackageResponse described(ModelVersionInfo v) {
        return sageMaker.describeModelPackage(b -> b.modelPackageName(v.arn()));
    }

    @Test
    void register_makesTheTaggedGroup_andIsIdempotentOnTheClientToken() {
        String token = "exec-1/RegisterAbaloneModel";
        ModelVersionInfo first = registry.register(request(token, Map.of("mse", 4.0), Map.of("sourceCommit", "abc123")));
        ModelVersionInfo again = registry.register(request(token, Map.of("mse", 5.0), Map.of("sourceCommit", "abc123")));
        assertThat(again.arn()).isEqualTo(first.arn());
        assertThat(sageMaker.listModelPackages(b -> b.modelPackageGroupName(GROUP)).modelPackageSummaryList()).hasSize(1);
        assertThat(validator.calls("SageMaker.CreateModelPackage")).as("one creation for two registrations").isEqualTo(1);

        var group = sageMaker.describeModelPackageGroup(b -> b.modelPackageGroupName(GROUP));
        assertThat(sageMaker.listTags(b -> b.resourceArn(group.modelPackageGroupArn())).tags())
                .extracting(t -> t.key() + "=" + t.value())
                .contains("sagemaker:project-name=" + PROJECT, "sagemaker:project-id=" + ID);
        DescribeModelPackageResponse d = described(first);
        assertThat(d.modelPackageDescription()).contains("client token");
        assertThat(d.metadataProperties().projectId()).isEqualTo(ID);
        assertThat(d.metadataProperties().commitId()).isEqualTo("abc123");
        assertThat(d.inferenceSpecification().containers()).extracting(c -> c.containerHostname() + " " + c.modelDataUrl())
                .containsExactly("preprocessor s3://" + BUCKET + "/artifacts/pre.tar.gz",
                        "xgboost s3://" + BUCKET + "/artifacts/model.tar.gz");
        assertThat(first.containers().keySet()).containsExactly("preprocessor", "xgboost");
        assertThat(first.lineage()).containsEntry("sourceCommit", "abc123");
        assertThat(registry.metrics(first.arn())).as("the first registration's metrics").containsEntry("mse", 4.0);
    }

    @Test
    void metrics_areReadFromTheStatisticsReportInS3_asTheOriginalsWriteIt() {
        String report = "{\"regression_metrics\": {\"mse\": {\"value\": 4.81, \"standard_deviation\": 2.19}},"
                + " \"extra\": {\"r2\": 0.52}}";
        s3.putObject(b -> b.bucket(BUCKET).key("evaluation/evaluation.json"), RequestBody.fromString(report));
        ModelVersionInfo v = registry.register(request("t-report", Map.of("mse", 4.81),
                Map.of("modelStatistics", "s3://" + BUCKET + "/evaluation/evaluation.json")));
        assertThat(described(v).modelMetrics().modelQuality().statistics().s3Uri())
                .isEqualTo("s3://" + BUCKET + "/evaluation/evaluation.json");
        assertThat(registry.metrics(v.arn())).containsExactlyInAnyOrderEntriesOf(Map.of("mse", 4.81,
                "mse.standard_deviation", 2.19, "extra.r2", 0.52));
    }

    @Test
    void metrics_withoutAReport_areWrittenToTheProjectsBucket_andReadBack() {
        Map<String, Double> metrics = Map.of("mse", 3.0, "mse.standard_deviation", 0.5, "rmse", Math.sqrt(3.0));
        ModelVersionInfo v = registry.register(request("t-written", metrics, Map.of()));
        String uri = described(v).modelMetrics().modelQuality().statistics().s3Uri();
        assertThat(uri).startsWith("s3://" + BUCKET + "/model-metrics/" + GROUP + "/").endsWith("/evaluation.json");
        assertThat(registry.metrics(v.arn())).containsExactlyInAnyOrderEntriesOf(metrics);
    }

    @Test
    void compareAndSet_tellsTheLoserWhatTheVersionIsNow() {
        ModelVersionInfo v = registry.register(request("t-cas", Map.of("mse", 3.0), Map.of()));
        ModelVersionInfo won = registry.updateApprovalStatus(GROUP, v.version(), ModelApprovalStatus.PendingManualApproval,
                ModelApprovalStatus.Approved, "metrics fine");
        assertThat(won.status()).isEqualTo(ModelApprovalStatus.Approved);
        assertThatThrownBy(() -> registry.updateApprovalStatus(GROUP, v.version(),
                ModelApprovalStatus.PendingManualApproval, ModelApprovalStatus.Rejected, "metrics regressed"))
                .isInstanceOf(IllegalStateTransitionException.class)
                .hasMessageContaining("changed since it was read").hasMessageContaining("it is Approved")
                .hasMessageContaining(won.decidedBy().orElseThrow()).hasMessageContaining("metrics fine");
        assertThat(registry.version(GROUP, v.version()).orElseThrow().status()).isEqualTo(ModelApprovalStatus.Approved);
        assertThat(validator.calls("SageMaker.UpdateModelPackage")).as("the loser wrote nothing").isEqualTo(1);
    }

    @Test
    void decisions_areRecordedUnderTheCallersIdentity_andAChangeMadeElsewhereShows() {
        ModelVersionInfo v = registry.register(request("t-history", Map.of(), Map.of("pipelineExecution", "exec-7")));
        assertThat(v.history()).singleElement().asString().contains("registered as PendingManualApproval")
                .contains("exec-7");
        ModelVersionInfo approved = registry.updateApprovalStatus(GROUP, v.version(), ModelApprovalStatus.Approved, "ok");
        assertThat(approved.decidedBy()).contains("arn:aws:sts::123456789012:user/moto");
        assertThat(approved.comment()).contains("ok");
        assertThat(approved.history()).hasSize(2).last().asString()
                .contains("PendingManualApproval -> Approved by arn:aws:sts::123456789012:user/moto: ok");
        // Rejected in Studio or the console: only SageMaker's own record of it.
        Map<String, String> kept = new HashMap<>(described(v).customerMetadataProperties());
        sageMaker.updateModelPackage(b -> b.modelPackageArn(v.arn()).modelApprovalStatus("Rejected")
                .approvalDescription("rejected in the console").customerMetadataProperties(kept));
        ModelVersionInfo after = registry.byArn(v.arn()).orElseThrow();
        assertThat(after.status()).isEqualTo(ModelApprovalStatus.Rejected);
        assertThat(after.history()).hasSize(3).last().asString().contains("Approved -> Rejected")
                .contains("rejected in the console");
        assertThat(after.decidedBy()).hasValueSatisfying(u -> assertThat(u).isNotBlank());
    }

    @Test
    void register_refusesLineageSageMakerCannotKeep() {
        Map<String, String> many = new HashMap<>();
        for (int i = 0; i < 45; i++) {
            many.put("k" + i, "v");
        }
        assertThatThrownBy(() -> registry.register(request("t-many", Map.of(), many)))
                .isInstanceOf(ValidationException.class).hasMessageContaining("at most 39");
        assertThatThrownBy(() -> registry.register(request("t-chars", Map.of(), Map.of("note", "50% better!"))))
                .isInstanceOf(ValidationException.class).hasMessageContaining("lineage:note");
        assertThat(validator.calls("SageMaker.CreateModelPackage")).isZero();
    }

    @Test
    void pages_refuseTokensTheRegistryDidNotMake_andReadsOfOtherArnsAreEmpty() {
        registry.register(request("t-page", Map.of(), Map.of()));
        assertThatThrownBy(() -> registry.versions(GROUP, new PageRequest(1, Optional.of("a-token"))))
                .isInstanceOf(ValidationException.class).hasMessageContaining("nextToken");
        assertThat(registry.byArn("arn:aws:sagemaker:us-east-1:123456789012:endpoint/abalone-prod")).isEmpty();
        assertThat(registry.version("not a group!", 1)).isEmpty();
    }

    @Test
    void events_areNotOffered_sinceSageMakerHasNoFeed() {
        assertThat(registry.capabilities()).doesNotContain(Capability.MODEL_APPROVAL_EVENTS);
        assertThatThrownBy(() -> registry.events(GROUP, EventCursor.START, 10))
                .isInstanceOf(UnsupportedByBackendException.class).hasMessageContaining("EventBridge");
    }
}
