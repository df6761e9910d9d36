package dev.mlops.aws.internal;

import dev.mlops.aws.AwsService;
import dev.mlops.exception.MlopsBackendException;
import dev.mlops.exception.MlopsClientException;
import dev.mlops.exception.MlopsException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Turns the SDK's exceptions into this library's: a caller's mistake (4xx) into an {@link MlopsClientException},
 * a service fault, throttling or a network failure into a retryable {@link MlopsBackendException}, each naming the
 * service, the operation's purpose, the AWS error code and request id. The SDK has already retried what it
 * retries; nothing here retries again.
 */
public final class AwsErrors {
    private static final Set<String> THROTTLING = Set.of("Throttling", "ThrottlingException", "ThrottledException",
            "RequestThrottledException", "TooManyRequestsException", "ProvisionedThroughputExceededException",
            "TransactionInProgressException", "RequestLimitExceeded", "BandwidthLimitExceeded", "LimitExceededException",
            "RequestThrottled", "SlowDown", "PriorRequestNotComplete", "EC2ThrottledException");
    private static final Set<String> ACCESS = Set.of("AccessDenied", "AccessDeniedException", "UnauthorizedOperation",
            "NotAuthorized", "UnrecognizedClientException", "InvalidClientTokenId", "ExpiredToken",
            "ExpiredTokenException", "InvalidSignatureException", "SignatureDoesNotMatch");

    private AwsErrors() {
    }

    /**
     * Runs one SDK call, translating its failure.
     *
     * @param service the service called
     * @param what what the call does, as a phrase ("start pipeline sagemaker-abalone-p-1-modelbuild")
     * @param context structured details for the exception
     * @param call the call
     * @param <T> its result
     * @return the call's result
     */
    public static <T> T call(AwsService service, String what, Map<String, String> context, Supplier<T> call) {
        try {
            return call.get();
        } catch (SdkException e) {
            throw translate(service, what, context, e);
        }
    }

    /**
     * Translates an SDK exception.
     *
     * @param service the service called
     * @param what what the call did
     * @param context structured details
     * @param e the SDK's exception
     * @return the library's exception, to throw
     */
    public static MlopsException translate(AwsService service, String what, Map<String, String> context, SdkException e) {
        Throwable ours = e;
        while (ours != null && !(ours instanceof MlopsException)) {
            ours = ours.getCause();
        }
        if (ours != null) {
            // Thrown by one of this backend's interceptors (the rate limiter) through the SDK.
            return (MlopsException) ours;
        }
        Map<String, String> ctx = new LinkedHashMap<>(context);
        ctx.put("service", service.modelName());
        if (e instanceof AwsServiceException ase) {
            String code = ase.awsErrorDetails() == null ? null : ase.awsErrorDetails().errorCode();
            String message = ase.awsErrorDetails() == null ? ase.getMessage() : ase.awsErrorDetails().errorMessage();
            int status = ase.statusCode();
            ctx.put("errorCode", String.valueOf(code));
            ctx.put("statusCode", String.valueOf(status));
            if (ase.requestId() != null) {
                ctx.put("requestId", ase.requestId());
            }
            String text = "Could not " + what + ": " + service.modelName() + " answered " + status + " " + code + ": "
                    + message;
            if (code != null && ACCESS.contains(code)) {
                return new MlopsClientException(text + " (the caller's credentials lack a permission, or have expired;"
                        + " grant the action named above to the caller's role)", e, ctx);
            }
            if (ase.isThrottlingException() || (code != null && THROTTLING.contains(code)) || status == 429) {
                return new MlopsBackendException(text + " (throttled after the SDK's retries; retry later or lower"
                        + " this backend's rate limit)", e, ctx, true);
            }
            if (status >= 500) {
                return new MlopsBackendException(text, e, ctx, true);
            }
            return new MlopsClientException(text, e, ctx);
        }
        if (e instanceof SdkClientException) {
            return new MlopsBackendException("Could not " + what + ": no answer from " + service.modelName() + " ("
                    + e.getMessage() + ")", e, ctx, true);
        }
        return new MlopsBackendException("Could not " + what + ": " + e.getMessage(), e, ctx, e.retryable());
    }

    /**
     * Whether an SDK exception says the thing asked for does not exist.
     *
     * @param e the exception
     * @return true for the services' not-found codes (and SageMaker's "Could not find" validation errors)
     */
    public static boolean isNotFound(SdkException e) {
        if (!(e instanceof AwsServiceException ase) || ase.awsErrorDetails() == null) {
            return false;
        }
        String code = String.valueOf(ase.awsErrorDetails().errorCode());
        String msg = String.valueOf(ase.awsErrorDetails().errorMessage());
        return ase.statusCode() == 404 || code.endsWith("NotFoundException") || code.endsWith("NotFound")
                || code.equals("NoSuchEntity") || code.equals("NoSuchKey") || code.equals("NoSuchBucket")
                || code.endsWith("DoesNotExistException")
                // SageMaker and CloudFormation say it in validation errors, and emulators in their own words.
                || ((code.equals("ValidationException") || code.equals("ValidationError"))
                        && (msg.contains("Could not find") || msg.contains("does not exist") || msg.contains("not found")));
    }

    /**
     * Runs a call whose target may already be gone (a delete), taking "not found" as done.
     *
     * @param call the SDK call
     * @return its result, or {@code null} if the target was not found
     */
    public static Object ignoringNotFound(Supplier<?> call) {
        try {
            return call.get();
        } catch (SdkException e) {
            if (isNotFound(e)) {
                return null;
            }
            throw e;
        }
    }
}
