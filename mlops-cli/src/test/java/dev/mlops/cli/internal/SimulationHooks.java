package dev.mlops.cli.internal;

import dev.mlops.aws.fixtures.ValidatingInterceptor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutBucketPolicyRequest;

/**
 * The AWS simulation's client-side hooks in {@link PackagedAwsIT}'s child JVM, loaded as an SDK global interceptor
 * (listed in {@code software/amazon/awssdk/global/handlers/execution.interceptors} on the child's class path only):
 * every request validated against botocore's model, as in process, and each bucket policy removed from moto once set
 * (as {@code dev.mlops.aws.projects.MotoBucketPolicies} does in process: moto applies the store's TLS-only policy
 * without its condition, so it would deny every request, which AWS does not). At exit it writes the calls and violations to {@code -Dmlops.test.report}.
 */
public final class SimulationHooks implements ExecutionInterceptor {
    private static final ValidatingInterceptor VALIDATOR = ValidatingInterceptor.collecting();
    private static final URI MOTO = URI.create(System.getProperty("mlops.test.moto"));

    static {
        Path report = Path.of(System.getProperty("mlops.test.report"));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                Files.writeString(report, "calls=" + VALIDATOR.calls() + "\nviolations=" + VALIDATOR.violations() + "\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }));
    }

    /** Created by the SDK for each client. */
    public SimulationHooks() {
    }

    /**
     * Validates every service's request but S3's: global interceptors run before a client's endpoint interceptors,
     * which put the bucket into S3's path, so {@link S3} checks S3's requests as an S3 service interceptor.
     */
    @Override
    public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
        if ("S3".equals(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME))) {
            return context.httpRequest();
        }
        return VALIDATOR.modifyHttpRequest(context, attributes);
    }

    /** S3's requests, validated after S3's endpoint interceptors (listed in S3's service interceptors file). */
    public static final class S3 implements ExecutionInterceptor {
        /** Created by the SDK for each S3 client. */
        public S3() {
        }

        @Override
        public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
            return VALIDATOR.modifyHttpRequest(context, attributes);
        }
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        if (context.request() instanceof PutBucketPolicyRequest put) {
            try (S3Client s3 = S3Client.builder().endpointOverride(MOTO).region(Region.US_EAST_1).forcePathStyle(true)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                            System.getenv("AWS_ACCESS_KEY_ID"), System.getenv("AWS_SECRET_ACCESS_KEY")))).build()) {
                s3.deleteBucketPolicy(r -> r.bucket(put.bucket()));
            }
        }
    }
}
