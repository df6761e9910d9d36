package dev.mlops.aws.pipelines;

import dev.mlops.MlopsStyle;
import dev.mlops.exception.ValidationException;
import org.immutables.value.Value;

/**
 * Where and as whom a pipeline definition runs: the region, the execution role, the bucket and job prefix its jobs
 * write under, the model package group it registers into, the S3 URI of the jar of the repository's compiled code
 * (uploaded by the build stage) and the ECR URI of the SDK image that runs it.
 * <pre>{@code
 * PipelineTarget t = ImmutablePipelineTarget.builder().region("eu-west-1").roleArn(role)
 *         .defaultBucket("sagemaker-project-p-abc").baseJobPrefix("abalone-p-abc")
 *         .modelPackageGroupName("abalone-p-abc").codeUri("s3://…/code.jar").sdkImageUri(image).build();
 * }</pre>
 */
@Value.Immutable
@MlopsStyle
public interface PipelineTarget {

    /** @return the region, e.g. {@code eu-west-1} */
    String region();

    /** @return the ARN of the role the pipeline's jobs run as */
    String roleArn();

    /** @return the bucket the jobs write under */
    String defaultBucket();

    /** @return the prefix of job names and output keys, e.g. {@code abalone-p-abc} */
    String baseJobPrefix();

    /** @return the model package group versions are registered into */
    String modelPackageGroupName();

    /** @return the S3 URI of the jar of the repository's compiled code */
    String codeUri();

    /** @return the ECR URI of the SDK image that runs processing steps */
    String sdkImageUri();

    /** Checks the values when built. */
    @Value.Check
    default void check() {
        if (!region().matches("[a-z]{2}(-[a-z]+)+-\\d")) {
            throw new ValidationException("PipelineTarget.region", region(), "an AWS region such as eu-west-1");
        }
        if (!roleArn().matches("arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]+")) {
            throw new ValidationException("PipelineTarget.roleArn", roleArn(), "an IAM role ARN");
        }
        if (!codeUri().startsWith("s3://") || !codeUri().endsWith(".jar")) {
            throw new ValidationException("PipelineTarget.codeUri", codeUri(), "the S3 URI of a jar, s3://bucket/key.jar");
        }
        if (!sdkImageUri().matches("\\d{12}\\.dkr\\.ecr\\.[a-z0-9-]+\\.amazonaws\\.com(\\.cn)?/[a-z0-9._/-]+([:@].+)?")) {
            throw new ValidationException("PipelineTarget.sdkImageUri", sdkImageUri(),
                    "an ECR image URI, <account>.dkr.ecr.<region>.amazonaws.com/<repository>[:tag|@digest]");
        }
    }
}
