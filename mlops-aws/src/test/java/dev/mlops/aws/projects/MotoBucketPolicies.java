package dev.mlops.aws.projects;

import dev.mlops.aws.fixtures.AwsTestClients;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutBucketPolicyRequest;

/**
 * Moto evaluates bucket policies without their conditions, so the store's TLS-only policy (deny when
 * {@code aws:SecureTransport} is false) denies every request, over TLS or not, which AWS does not. This interceptor
 * records each policy the store sets and then removes it from moto, so that moto answers as AWS answers requests made
 * over TLS; tests assert on the recorded policy.
 */
public final class MotoBucketPolicies implements ExecutionInterceptor {
    private final URI moto;
    private final Map<String, String> policies = new ConcurrentHashMap<>();

    public MotoBucketPolicies(URI moto) {
        this.moto = moto;
    }

    Map<String, String> policies() {
        return Map.copyOf(policies);
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        if (context.request() instanceof PutBucketPolicyRequest put) {
            policies.put(put.bucket(), put.policy());
            try (S3Client s3 = AwsTestClients.configure(S3Client.builder(), moto, null).build()) {
                s3.deleteBucketPolicy(r -> r.bucket(put.bucket()));
            }
        }
    }
}
