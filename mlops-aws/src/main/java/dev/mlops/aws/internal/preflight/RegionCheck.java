package dev.mlops.aws.internal.preflight;

import dev.mlops.aws.AwsService;
import dev.mlops.aws.PreflightProblem;
import dev.mlops.aws.PreflightProblem.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.ServiceMetadata;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.codebuild.CodeBuildClient;
import software.amazon.awssdk.services.codecommit.CodeCommitClient;
import software.amazon.awssdk.services.codepipeline.CodePipelineClient;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.servicecatalog.ServiceCatalogClient;

/**
 * Checks that the region offers every service the project's stack uses, from the SDK's own endpoint knowledge
 * ({@link ServiceMetadata#regions()}); a region the SDK does not know at all is a warning, not an error.
 */
final class RegionCheck {
    private RegionCheck() {
    }

    static List<PreflightProblem> check(Region region, Set<AwsService> services) {
        if (!Region.regions().contains(region)) {
            return List.of(new PreflightProblem(Severity.WARNING, "region", region.id(), "This SDK does not know region "
                    + region.id() + ", so the services it offers could not be checked.", "Check the AWS Regional Services"
                    + " list for SageMaker projects, CodePipeline, CodeBuild and CodeCommit in " + region.id()));
        }
        List<PreflightProblem> out = new ArrayList<>();
        for (AwsService s : services) {
            ServiceMetadata m = metadata(s);
            // An empty list is a service whose regions the SDK leaves to its endpoint rules (CodeConnections): unknown.
            if (m != null && !m.regions().isEmpty() && !m.regions().contains(region)) {
                out.add(new PreflightProblem(Severity.ERROR, "region", s.modelName(), s.modelName() + " is not offered in "
                        + region.id() + ", and the project's stack needs it.", "Create the project in a region that offers "
                        + s.modelName() + ": " + m.regions().stream().map(Region::id).sorted().limit(8).toList() + "…"));
            }
        }
        return out;
    }

    private static ServiceMetadata metadata(AwsService s) {
        return switch (s) {
            case SAGEMAKER -> SageMakerClient.serviceMetadata();
            case CODEPIPELINE -> CodePipelineClient.serviceMetadata();
            case CODEBUILD -> CodeBuildClient.serviceMetadata();
            case CODECOMMIT -> CodeCommitClient.serviceMetadata();
            case CLOUDFORMATION -> CloudFormationClient.serviceMetadata();
            case SERVICE_CATALOG -> ServiceCatalogClient.serviceMetadata();
            case CODECONNECTIONS -> software.amazon.awssdk.services.codeconnections.CodeConnectionsClient.serviceMetadata();
            default -> null;
        };
    }
}
