package dev.mlops.aws.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.aws.AwsBackend;
import dev.mlops.aws.AwsService;
import dev.mlops.exception.MlopsBackendException;
import dev.mlops.exception.MlopsClientException;
import dev.mlops.exception.MlopsException;
import dev.mlops.exception.ValidationException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/** The backend's own plumbing: error translation, the rate limiters, the circuit breaker, the builder's checks. */
class AwsPlumbingTest {

    private static AwsServiceException answer(int status, String code, String message) {
        return AwsServiceException.builder().statusCode(status).requestId("req-1")
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).build()).build();
    }

    @Test
    void errors_aClientMistakeIsAClientError_aFaultOrThrottlingIsRetryable_withTheirContext() {
        MlopsException notFound = AwsErrors.translate(AwsService.CODEPIPELINE, "start pipeline p", Map.of("pipeline", "p"),
                answer(400, "PipelineNotFoundException", "The account with id '1' does not include a pipeline with the name 'p'"));
        assertThat(notFound).isInstanceOf(MlopsClientException.class)
                .hasMessage("Could not start pipeline p: codepipeline answered 400 PipelineNotFoundException: The account"
                        + " with id '1' does not include a pipeline with the name 'p'");
        assertThat(notFound.retryable()).isFalse();
        assertThat(notFound.context()).containsEntry("pipeline", "p").containsEntry("errorCode", "PipelineNotFoundException")
                .containsEntry("requestId", "req-1").containsEntry("service", "codepipeline");

        MlopsException throttled = AwsErrors.translate(AwsService.SAGEMAKER, "list model packages", Map.of(),
                answer(400, "ThrottlingException", "Rate exceeded"));
        assertThat(throttled).isInstanceOf(MlopsBackendException.class).hasMessageContaining("throttled after the SDK's retries");
        assertThat(throttled.retryable()).isTrue();

        MlopsException fault = AwsErrors.translate(AwsService.S3, "upload x", Map.of(), answer(503, "ServiceUnavailable", "busy"));
        assertThat(fault.retryable()).isTrue();

        MlopsException denied = AwsErrors.translate(AwsService.IAM, "read role r", Map.of(),
                answer(403, "AccessDenied", "User is not authorized to perform: iam:GetRole"));
        assertThat(denied).isInstanceOf(MlopsClientException.class).hasMessageContaining("iam:GetRole")
                .hasMessageContaining("lack a permission");

        MlopsException cut = AwsErrors.translate(AwsService.CODEBUILD, "read build b", Map.of(),
                SdkClientException.create("Unable to execute HTTP request: Connection refused"));
        assertThat(cut).isInstanceOf(MlopsBackendException.class).hasMessageContaining("no answer from codebuild");
        assertThat(cut.retryable()).isTrue();
    }

    @Test
    void errors_notFound_isToldInEachServicesWords() {
        assertThat(AwsErrors.isNotFound(answer(400, "ValidationException", "Could not find endpoint \"x\"."))).isTrue();
        assertThat(AwsErrors.isNotFound(answer(400, "ValidationError", "Stack with id s does not exist"))).isTrue();
        assertThat(AwsErrors.isNotFound(answer(404, "NoSuchKey", "The specified key does not exist."))).isTrue();
        assertThat(AwsErrors.isNotFound(answer(400, "RepositoryDoesNotExistException", "r does not exist"))).isTrue();
        assertThat(AwsErrors.isNotFound(answer(400, "ValidationException", "1 validation error detected"))).isFalse();
        assertThat(AwsErrors.ignoringNotFound(() -> {
            throw answer(400, "ResourceNotFound", "gone");
        })).isNull();
    }

    @Test
    void rateLimits_defaultPerService_andAsGiven() {
        RateLimits limits = new RateLimits(Map.of(AwsService.CODEPIPELINE, 25.0, AwsService.S3, 0.5));
        assertThat(limits.rate(AwsService.CODEPIPELINE)).isCloseTo(25.0, org.assertj.core.data.Offset.offset(0.01));
        assertThat(limits.rate(AwsService.S3)).isCloseTo(0.5, org.assertj.core.data.Offset.offset(0.01));
        assertThat(limits.rate(AwsService.SAGEMAKER)).isCloseTo(AwsService.SAGEMAKER.defaultRate(),
                org.assertj.core.data.Offset.offset(0.01));
    }

    @Test
    void breaker_opensAfterSixFaultsInARow_notOnClientErrors_andThenFailsAtOnce() {
        try (AwsBackend backend = AwsBackend.builder().region(software.amazon.awssdk.regions.Region.US_EAST_1)
                .credentialsProvider(software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider.create())
                .endpointOverride(URI.create("http://127.0.0.1:9")).build()) {
            AwsCalls calls = new AwsCalls(null, Duration.ofMinutes(1));
            AtomicInteger made = new AtomicInteger();
            for (int i = 0; i < 10; i++) {
                assertThatThrownBy(() -> calls.call(AwsService.CODEPIPELINE, "read pipeline p", () -> {
                    made.incrementAndGet();
                    throw answer(400, "PipelineNotFoundException", "no");
                })).isInstanceOf(MlopsClientException.class);
            }
            assertThat(calls.breakerState(AwsService.CODEPIPELINE)).isEqualTo("CLOSED");
            for (int i = 0; i < 6; i++) {
                assertThatThrownBy(() -> calls.call(AwsService.CODEPIPELINE, "read pipeline p", () -> {
                    made.incrementAndGet();
                    throw answer(500, "InternalFailure", "down");
                })).isInstanceOf(MlopsBackendException.class);
            }
            assertThat(calls.breakerState(AwsService.CODEPIPELINE)).isEqualTo("OPEN");
            int before = made.get();
            assertThatThrownBy(() -> calls.call(AwsService.CODEPIPELINE, "read pipeline p", made::incrementAndGet))
                    .isInstanceOf(MlopsBackendException.class).hasMessageContaining("held off")
                    .satisfies(e -> assertThat(((MlopsException) e).retryable()).isTrue());
            assertThat(made.get()).as("no call while open").isEqualTo(before);
            assertThat(calls.breakerState(AwsService.SAGEMAKER)).as("per service").isEqualTo("CLOSED");
            assertThat(backend.toString()).isEqualTo("AwsBackend{region=us-east-1}");
        }
    }

    @Test
    void builder_refusesBadValues_namingTheFieldValueAndRule() {
        assertThatThrownBy(() -> AwsBackend.builder().rateLimit(AwsService.S3, 0)).isInstanceOf(ValidationException.class)
                .hasMessageContaining("rateLimit.s3").hasMessageContaining("a positive, finite rate");
        assertThatThrownBy(() -> AwsBackend.builder().maxAttempts(0)).isInstanceOf(ValidationException.class)
                .hasMessageContaining("maxAttempts").hasMessageContaining("between 1 and 20");
        assertThatThrownBy(() -> AwsBackend.builder().endpointOverride(URI.create("ftp://x")))
                .isInstanceOf(ValidationException.class).hasMessageContaining("an http or https URL");
        assertThatThrownBy(() -> AwsBackend.builder().region(null)).isInstanceOf(ValidationException.class)
                .hasMessageContaining("region");
    }
}
