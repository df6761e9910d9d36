package dev.mlops.aws.projects;

import dev.mlops.aws.AwsBackend;
import dev.mlops.aws.AwsService;
import dev.mlops.aws.fixtures.AwsTestClients;
import dev.mlops.aws.fixtures.ValidatingInterceptor;
import dev.mlops.spi.Ticker;
import dev.mlops.spi.WaitPolicy;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;

/** Backends for the store's tests: moto for S3, IAM, STS and CloudFormation, the fake for SageMaker and Service Catalog. */
public final class ProjectsFixture {
    static final String STUDIO = "AmazonSageMakerServiceCatalogProducts";

    private ProjectsFixture() {
    }

    static AwsBackend.Builder backend(URI moto, URI sageMaker, ValidatingInterceptor interceptor) {
        return backend(moto, sageMaker, interceptor, new MotoBucketPolicies(moto));
    }

    static AwsBackend.Builder backend(URI moto, URI sageMaker, ValidatingInterceptor interceptor,
            MotoBucketPolicies policies) {
        return AwsBackend.builder().region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        AwsTestClients.ACCESS_KEY_ID, AwsTestClients.SECRET_ACCESS_KEY)))
                .endpointOverride(moto)
                .endpointOverride(AwsService.SAGEMAKER, sageMaker)
                .endpointOverride(AwsService.SERVICE_CATALOG, sageMaker)
                .addExecutionInterceptor(interceptor)
                .addExecutionInterceptor(policies)
                .maxAttempts(2)
                .sdkImage("123456789012.dkr.ecr.us-east-1.amazonaws.com/mlops-sdk:test")
                .waitPolicy(WaitPolicy.backoff(Duration.ofMillis(5), Duration.ofMillis(20), 2.0, Ticker.system()));
    }

    /** The Studio roles a template with pipelines, triggers and deploy stages uses, each trusted by its service. */
    static final Map<String, String> ROLES = Map.of(
            STUDIO + "LaunchRole", "cloudformation.amazonaws.com",
            STUDIO + "CodeBuildRole", "codebuild.amazonaws.com",
            STUDIO + "CodePipelineRole", "codepipeline.amazonaws.com",
            STUDIO + "EventsRole", "events.amazonaws.com",
            STUDIO + "CloudformationRole", "cloudformation.amazonaws.com",
            STUDIO + "ExecutionRole", "sagemaker.amazonaws.com",
            STUDIO + "LambdaRole", "lambda.amazonaws.com");

    static void role(URI moto, String name, String... services) {
        StringBuilder principals = new StringBuilder();
        for (String s : services) {
            principals.append(principals.length() == 0 ? "" : ",").append('"').append(s).append('"');
        }
        String trust = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":["
                + principals + "]},\"Action\":\"sts:AssumeRole\"}]}";
        try (IamClient iam = AwsTestClients.configure(IamClient.builder(), moto, null).region(Region.AWS_GLOBAL).build()) {
            try {
                iam.deleteRole(r -> r.roleName(name));
            } catch (RuntimeException e) {
                // not there yet
            }
            iam.createRole(r -> r.roleName(name).path("/service-role/").assumeRolePolicyDocument(trust));
        }
    }

    public static void allRoles(URI moto) {
        ROLES.forEach((name, service) -> role(moto, name, service));
    }
}
