package dev.mlops.aws.internal.preflight;

import dev.mlops.aws.internal.projects.ProjectRoles;
import dev.mlops.template.Capability;
import dev.mlops.template.PipelineSpec;
import dev.mlops.template.Stage;
import dev.mlops.template.StageType;
import dev.mlops.template.Template;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Which roles a template's stack needs, as the SageMaker-provided templates use them: the launch role always (the
 * stack runs as it), the CodePipeline and CodeBuild roles when there are pipelines, the EventBridge role when a
 * trigger starts a pipeline, the CloudFormation role when a stage deploys an endpoint stack, and the SageMaker
 * execution role when a stage runs an ML pipeline or deploys a model.
 */
final class RoleNeeds {
    private static final String STUDIO = "AmazonSageMakerServiceCatalogProducts";

    private RoleNeeds() {
    }

    static List<RoleNeed> of(Template template, ProjectRoles roles, boolean serviceCatalog) {
        List<RoleNeed> out = new ArrayList<>();
        // The stack of an S3 template runs as the launch role passed to CloudFormation; a Service Catalog product's
        // launch constraint makes Service Catalog assume it. [INFERRED from the SageMaker developer guide's roles]
        out.add(need(roles, ProjectRoles.LAUNCH, serviceCatalog ? Set.of("servicecatalog.amazonaws.com")
                : Set.of("cloudformation.amazonaws.com"), "launching the project stack",
                "AmazonSageMakerAdmin-ServiceCatalogProductsServiceRolePolicy"));
        List<PipelineSpec> pipelines = template.pipelines();
        if (pipelines.isEmpty()) {
            return out;
        }
        if (template.capabilities().contains(Capability.JENKINS)) {
            // The stack holds no pipeline, build or check-in function; the route's rule gets a role of its own.
            return out;
        }
        out.add(need(roles, ProjectRoles.CODE_PIPELINE, Set.of("codepipeline.amazonaws.com"), "the pipelines",
                STUDIO + "CodePipelineServiceRolePolicy"));
        out.add(need(roles, ProjectRoles.CODE_BUILD, Set.of("codebuild.amazonaws.com"), "the pipelines' build stages",
                STUDIO + "CodeBuildServiceRolePolicy"));
        if (pipelines.stream().anyMatch(p -> !p.triggers().isEmpty())) {
            out.add(need(roles, ProjectRoles.EVENTS, Set.of("events.amazonaws.com"), "the rules that start the pipelines",
                    STUDIO + "EventsServiceRolePolicy"));
        }
        if (has(template, StageType.DEPLOY)) {
            out.add(need(roles, ProjectRoles.CLOUDFORMATION, Set.of("cloudformation.amazonaws.com"),
                    "the deploy stages' endpoint stacks", STUDIO + "CloudformationServiceRolePolicy"));
        }
        // The SageMaker images of an image pipeline take it as their ImageRoleArn too.
        if (has(template, StageType.ML_PIPELINE) || has(template, StageType.DEPLOY) || has(template, StageType.IMAGE_BUILD)) {
            out.add(need(roles, ProjectRoles.EXECUTION, Set.of("sagemaker.amazonaws.com"),
                    "the SageMaker pipeline and the endpoints' models", "AmazonSageMakerFullAccess"));
        }
        if (template.capabilities().contains(Capability.THIRD_PARTY_REPOSITORIES) && !template.repositories().isEmpty()) {
            out.add(need(roles, ProjectRoles.LAMBDA, Set.of("lambda.amazonaws.com"),
                    "the seed check-in function of the third-party repositories", STUDIO + "LambdaServiceRolePolicy"));
        }
        return out;
    }

    private static boolean has(Template t, StageType type) {
        return t.pipelines().stream().flatMap(p -> p.stages().stream()).map(Stage::type).anyMatch(type::equals);
    }

    private static RoleNeed need(ProjectRoles roles, String purpose, Set<String> trusted, String usedFor, String policy) {
        String name = roles.name(purpose);
        return new RoleNeed(purpose, name, roles.path(), trusted, usedFor, name.startsWith(STUDIO) || name.startsWith(
                "AmazonSageMakerProjects") ? policy : "");
    }
}
