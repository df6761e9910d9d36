package dev.mlops.aws.pipelines;

import dev.mlops.MlopsStyle;
import dev.mlops.exception.ValidationException;
import java.util.regex.Pattern;
import org.immutables.value.Value;

/**
 * Where a rendered pipeline definition runs: the region (which picks the built-in algorithms' images), the role its
 * jobs assume, the bucket and prefix its outputs go under, the model package group it registers into, the model-build
 * code the build stage uploads, and the SDK's image that runs processing steps.
 *
 * <pre>{@code
 * PipelineTarget target = PipelineTarget.builder()
 *         .region("eu-west-1")
 *         .roleArn("arn:aws:iam::123456789012:role/service-role/AmazonSageMakerServiceCatalogProductsExecutionRole")
 *         .defaultBucket("sagemaker-project-p-abc123")
 *         .baseJobPrefix("abalone-p-abc123")
 *         .modelPackageGroupName("abalone-p-abc123")
 *         .codeUri("s3://sagemaker-project-p-abc123/abalone-p-abc123/code/4f2e…/model-build.jar")
 *         .sdkImageUri("123456789012.dkr.ecr.eu-west-1.amazonaws.com/mlops-sdk:0.1.0")
 *         .build();
 * }</pre>
 */
@Value.Immutable
@MlopsStyle
public abstract class PipelineTarget {
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}");
    private static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]{1,512}");
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
    private static final Pattern GROUP = Pattern.compile("[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}");
    private static final Pattern S3_URI = Pattern.compile("s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]/\\S+");
    private static final Pattern IMAGE = Pattern.compile("[\\w.-]+(:\\d+)?/[a-z0-9._/-]+(:[\\w.-]{1,128}|@sha256:[0-9a-f]{64})");

    /**
     * The AWS region.
     *
     * @return e.g. {@code us-east-1}
     */
    public abstract String region();

    /**
     * The role SageMaker's jobs assume (the project's execution role).
     *
     * @return an IAM role ARN
     */
    public abstract String roleArn();

    /**
     * The bucket the pipeline's outputs go under (the project's artifact bucket).
     *
     * @return a bucket name
     */
    public abstract String defaultBucket();

    /**
     * The prefix of the training jobs' output paths ({@code <project>-<id>} in the originals).
     *
     * @return a prefix without slashes
     */
    public abstract String baseJobPrefix();

    /**
     * The model package group new versions register into.
     *
     * @return a group name
     */
    public abstract String modelPackageGroupName();

    /**
     * The model-build code the build stage uploads: a jar of the repository's compiled classes, mounted into each
     * processing step at {@code /opt/ml/processing/input/code/}.
     *
     * @return an {@code s3://} URI of the jar
     */
    public abstract String codeUri();

    /**
     * The SDK's image, which runs processing steps that set no image of their own.
     *
     * @return an ECR image URI with a tag or digest
     */
    public abstract String sdkImageUri();

    /**
     * Starts a builder.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Checks every field, naming the first that is wrong. */
    @Value.Check
    protected void check() {
        require("region", region(), REGION, "an AWS region such as us-east-1");
        require("roleArn", roleArn(), ROLE_ARN, "an IAM role ARN, arn:aws:iam::<12 digits>:role/<path and name>");
        require("defaultBucket", defaultBucket(), BUCKET, "an S3 bucket name: 3 to 63 lower-case letters, digits, . and -");
        require("baseJobPrefix", baseJobPrefix(), PREFIX, "1 to 63 letters, digits, . _ and -, without slashes");
        require("modelPackageGroupName", modelPackageGroupName(), GROUP,
                "a model package group name: 1 to 63 letters, digits and inner hyphens");
        require("codeUri", codeUri(), S3_URI, "an s3://<bucket>/<key> URI of the model-build code jar");
        require("sdkImageUri", sdkImageUri(), IMAGE, "an image URI with a tag or digest, e.g. <account>.dkr.ecr.<region>.amazonaws.com/<repository>:<tag>");
    }

    private static void require(String field, String value, Pattern pattern, String rule) {
        if (!pattern.matcher(value).matches()) {
            throw new ValidationException("PipelineTarget." + field, value, rule);
        }
    }

    /** Builds a {@link PipelineTarget}; every field is required. */
    public static final class Builder extends ImmutablePipelineTarget.Builder {
        Builder() {
        }
    }
}
