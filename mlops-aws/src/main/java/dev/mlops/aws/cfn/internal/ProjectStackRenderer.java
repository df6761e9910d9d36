package dev.mlops.aws.cfn.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.aws.cfn.AwsRoles;
import dev.mlops.aws.cfn.MonitorMode;
import dev.mlops.aws.cfn.SeedArchive;
import dev.mlops.exception.ValidationException;
import dev.mlops.template.PipelineSpec;
import dev.mlops.template.RepositorySpec;
import dev.mlops.template.Template;
import dev.mlops.template.TemplateParameter;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The project stack of a template: the parameters SageMaker fills in ({@code SageMakerProjectName},
 * {@code SageMakerProjectId}), the seed bucket and the template's own parameters; the artifact bucket; the
 * repositories; and per pipeline its build projects, the pipeline and the rules that start it. The template
 * must be one {@link UnsupportedParts} finds nothing in.
 */
public final class ProjectStackRenderer {
    private static final Pattern AWS_ROLE = Pattern.compile("[A-Za-z0-9._-]{1,40}");

    private ProjectStackRenderer() {
    }

    /**
     * Renders the project stack.
     *
     * @param template a template with no unsupported parts
     * @param roles the roles the resources use
     * @return the stack
     */
    public static ProjectStack render(Template template, AwsRoles roles) {
        for (RepositorySpec r : template.repositories()) {
            checkRole("RepositorySpec.role", r.role());
        }
        for (PipelineSpec p : template.pipelines()) {
            checkRole("PipelineSpec.role", p.role());
        }
        StackBuilder stack = new StackBuilder("The SageMaker project stack of template " + template.id() + " ("
                + template.displayName() + "): its artifact bucket, repositories, build projects, pipelines and the"
                + " rules that start them");
        stack.parameter(Names.PROJECT_NAME, Cfn.object().put("Type", "String")
                .put("Description", "Name of the project (SageMaker fills it in)")
                .put("MinLength", 1).put("MaxLength", 32).put("AllowedPattern", "^[a-zA-Z0-9](-*[a-zA-Z0-9])*"));
        stack.parameter(Names.PROJECT_ID, Cfn.object().put("Type", "String")
                .put("Description", "Id SageMaker assigned to the project (SageMaker fills it in)")
                .put("MinLength", 1).put("MaxLength", 20).put("AllowedPattern", "^[a-zA-Z0-9](-*[a-zA-Z0-9])*"));
        boolean jenkins = JenkinsRouteRenderer.applies(template);
        // On Jenkins the repository component checks the seed in and the agents hold the SDK: no seed bucket.
        if (!template.repositories().isEmpty() && !jenkins) {
            stack.parameter(Names.SEED_BUCKET, Cfn.object().put("Type", "String")
                    .put("Description", "Bucket holding the repositories' seed archives, uploaded before the stack is"
                            + " created")
                    .put("MinLength", 3).put("MaxLength", 63).put("AllowedPattern", "^[a-z0-9][a-z0-9.-]*[a-z0-9]$"));
            stack.parameter(Names.SDK_BUNDLE, Cfn.object().put("Type", "String")
                    .put("Description", "SHA-256 of the SDK bundle's manifest: the builds run the SDK jars under "
                            + Names.SDK_BUNDLE_FOLDER + "/<digest>/ in the seed bucket, uploaded before the stack is"
                            + " created")
                    .put("AllowedPattern", "^[0-9a-f]{64}$"));
        }
        if (needsSdkImage(template)) {
            stack.parameter(Names.SDK_IMAGE, Cfn.object().put("Type", "String")
                    .put("Description", "ECR URI of the SDK image, pushed before the stack is created: the image the"
                            + " model build's processing steps run, and the monitor image when MonitorImageUri is empty")
                    .put("MinLength", 1).put("MaxLength", 255).put("AllowedPattern", "^" + Names.ECR_IMAGE_URI + "$"));
        }
        Map<String, String> values = knownValues(template);
        for (TemplateParameter p : template.parameters()) {
            ObjectNode definition = Cfn.object().put("Type", "String").put("Description", p.description());
            if (values.containsKey(p.name())) {
                definition.put("Default", values.get(p.name()));
            }
            ThirdPartyRepositoryRenderer.constrain(template, p.name(), definition);
            JenkinsRouteRenderer.constrain(template, p.name(), definition);
            stack.parameter(p.name(), definition);
        }
        if (stack.hasParameter(Names.SOURCE_GROUP_PARAMETER)) {
            stack.condition(Names.OWN_GROUP_CONDITION, Cfn.equalsParameter(Names.SOURCE_GROUP_PARAMETER, ""));
        }
        RenderContext ctx = new RenderContext(template, roles, stack);
        ArtifactBucketRenderer.render(ctx);
        ModelPackageGroupRenderer.render(ctx);
        if (jenkins) {
            // Template G: Jenkins runs the pipelines; the stack routes approvals to its deploy job.
            JenkinsRouteRenderer.render(ctx);
            return new ProjectStack(stack.build(), List.of());
        }
        List<SeedArchive> archives = ThirdPartyRepositoryRenderer.applies(template)
                ? ThirdPartyRepositoryRenderer.render(ctx) : RepositoryRenderer.render(ctx);
        for (PipelineSpec p : template.pipelines()) {
            PipelineRenderer.render(ctx, p);
            EventRuleRenderer.render(ctx, p);
        }
        return new ProjectStack(stack.build(), archives);
    }

    /**
     * Whether the stack runs the SDK image: a model build (its processing steps run it) or monitors in a mode that
     * runs the SDK's image without an explicit {@code MonitorImageUri}.
     */
    static boolean needsSdkImage(Template template) {
        if (JenkinsRouteRenderer.applies(template)) {
            return false;
        }
        boolean mlPipeline = false;
        boolean monitors = false;
        for (PipelineSpec p : template.pipelines()) {
            for (dev.mlops.template.Stage s : p.stages()) {
                mlPipeline |= s.type() == dev.mlops.template.StageType.ML_PIPELINE;
                monitors |= s.type() == dev.mlops.template.StageType.MONITOR_CONFIG;
            }
        }
        if (mlPipeline) {
            return true;
        }
        if (!monitors) {
            return false;
        }
        Map<String, String> values = knownValues(template);
        String mode = values.getOrDefault(MonitorMode.PARAMETER, MonitorMode.MODEL_MONITOR_MANAGED.name());
        String image = values.getOrDefault(MonitorMode.IMAGE_PARAMETER, "");
        return MonitorMode.parse("Template.parameters." + MonitorMode.PARAMETER, mode).needsImage()
                && (image == null || image.isBlank());
    }

    /**
     * The parameter values known when rendering: those given, else the defaults. A required parameter without a value
     * (template F's repositories and connection, when rendered to hand to Studio) stays open: a stack parameter
     * without a {@code Default}, which whoever creates the stack fills in.
     *
     * @param template the template
     * @return parameter name to value
     */
    static Map<String, String> knownValues(Template template) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (TemplateParameter p : template.parameters()) {
            String v = template.parameterValues().get(p.name());
            if (v == null) {
                v = p.defaultValue().orElse(null);
            }
            if (v != null) {
                out.put(p.name(), v);
            }
        }
        return out;
    }

    private static void checkRole(String field, String role) {
        if (!AWS_ROLE.matcher(role).matches()) {
            throw new ValidationException(field, role, "1 to 40 letters, digits, '.', '_' or '-' on AWS, since it ends"
                    + " CodeCommit, CodeBuild and CodePipeline names (sagemaker-<name>-<id>-<role>)");
        }
    }
}
