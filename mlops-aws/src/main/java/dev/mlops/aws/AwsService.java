package dev.mlops.aws;

/**
 * The AWS services the backend calls, each with the name of its official service model (botocore's data folder)
 * and the default request rate this backend allows itself per second.
 *
 * <p>The default rates stay below the services' documented per-account API quotas for the mutating calls of the
 * slowest of their operations, so that one process never drains the account's throttling bucket; raise them with
 * {@link AwsBackend.Builder#rateLimit(AwsService, double)}.
 */
public enum AwsService {
    /** Amazon SageMaker: projects, the model registry, endpoints. */
    SAGEMAKER("sagemaker", 20),
    /** SageMaker Runtime: endpoint invocations. */
    SAGEMAKER_RUNTIME("sagemaker-runtime", 200),
    /** AWS CodePipeline: pipeline executions, state and approvals. */
    CODEPIPELINE("codepipeline", 10),
    /** AWS CodeBuild: builds and their logs' locations. */
    CODEBUILD("codebuild", 10),
    /** AWS CodeCommit: repositories and commits. */
    CODECOMMIT("codecommit", 10),
    /** Amazon S3: templates, seed code and artifacts. */
    S3("s3", 100),
    /** AWS IAM: the preflight's role checks. */
    IAM("iam", 10),
    /** AWS STS: the caller's account. */
    STS("sts", 10),
    /** AWS CloudFormation: the project's and the endpoints' stacks. */
    CLOUDFORMATION("cloudformation", 5),
    /** Amazon CloudWatch Logs: CodeBuild logs. */
    LOGS("logs", 10),
    /** AWS Service Catalog: first-party template products. */
    SERVICE_CATALOG("servicecatalog", 5),
    /** Amazon EventBridge: the project's rules. */
    EVENTBRIDGE("events", 10),
    /** Amazon ECR: the SDK image's repository (images.SdkImage). */
    ECR("ecr", 10),
    /**
     * AWS CodeConnections (formerly CodeStar Connections): the preflight's check of the connection to third-party Git
     * repositories. Its API answers for connections of either ARN form.
     */
    CODECONNECTIONS("codeconnections", 10);

    private final String modelName;
    private final double defaultRate;

    AwsService(String modelName, double defaultRate) {
        this.modelName = modelName;
        this.defaultRate = defaultRate;
    }

    /**
     * The service's name among the official service models ({@code botocore/data/<name>/}).
     *
     * @return e.g. {@code sagemaker-runtime}
     */
    public String modelName() {
        return modelName;
    }

    /**
     * The requests per second this backend allows itself by default.
     *
     * @return a positive rate
     */
    public double defaultRate() {
        return defaultRate;
    }
}
