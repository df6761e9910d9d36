package dev.mlops.aws.cfn;

import dev.mlops.aws.cfn.internal.DeployStages;
import dev.mlops.aws.cfn.internal.EndpointStackRenderer;
import dev.mlops.aws.cfn.internal.ProjectStack;
import dev.mlops.aws.cfn.internal.ProjectStackRenderer;
import dev.mlops.aws.cfn.internal.UnsupportedParts;
import dev.mlops.exception.UnsupportedByBackendException;
import dev.mlops.exception.ValidationException;
import dev.mlops.template.PipelineSpec;
import dev.mlops.template.RepositorySpec;
import dev.mlops.template.Template;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renders a template to the CloudFormation a SageMaker project deploys, with the resources, logical ids,
 * physical names and tags of the SageMaker-provided originals: the project stack (artifact bucket
 * {@code sagemaker-project-<id>}, CodeCommit repositories, CodeBuild projects, CodePipeline pipelines and
 * EventBridge rules) and the endpoint stacks {@code sagemaker-<name>-<id>-deploy-<environment>}. Rendering is
 * deterministic and offline: it needs no credentials and looks nothing up; account, region and partition are
 * pseudo parameters, and the project's id is the {@code SageMakerProjectId} parameter SageMaker fills in.
 *
 * <pre>{@code
 * RenderedProject rendered = new CloudFormationRenderer()
 *         .render(Templates.modelBuildTrainDeploy(), "abalone", AwsRoles.defaults());
 * rendered.writeTo(Path.of("cfn"));   // abalone-project.json, abalone-deploy-staging.json, abalone-deploy-prod.json
 * }</pre>
 *
 * <p>This release renders the templates for model building and training, model deployment, both, both with
 * Model Monitor (whose monitor build exports the monitor stacks, see {@link MonitorMode}), and image building (per
 * image an ECR repository, a SageMaker image, a privileged CodeBuild project and a schedule rule, and the rule on a
 * new image version that starts the model build), and the build-train-deploy template over third-party Git repositories
 * through an AWS CodeConnections connection (V2 pipelines with {@code CodeStarSourceConnection} sources, the seed
 * check-in build, function and custom resources, and SageMaker code repositories). It refuses Jenkins, naming each
 * part; {@link #problems(Template)} lists them without throwing.
 */
public final class CloudFormationRenderer {
    private static final Logger LOG = LoggerFactory.getLogger(CloudFormationRenderer.class);

    /** Creates a renderer; it holds no state. */
    public CloudFormationRenderer() {
    }

    /**
     * Renders a template with Studio's default roles.
     *
     * @param template the template
     * @param projectName the project's name
     * @return what the project deploys
     * @see #render(Template, String, AwsRoles)
     */
    public RenderedProject render(Template template, String projectName) {
        return render(template, projectName, AwsRoles.defaults());
    }

    /**
     * Renders a template.
     *
     * @param template the template
     * @param projectName the project's name: 1 to 32 characters matching {@code ^[a-zA-Z0-9](-*[a-zA-Z0-9])*}
     * @param roles the roles the resources use
     * @return what the project deploys
     * @throws ValidationException if an argument is missing or invalid, or the template's deploy seed lacks an
     *         environment's configuration file
     * @throws UnsupportedByBackendException naming every part of the template this release cannot render
     */
    public RenderedProject render(Template template, String projectName, AwsRoles roles) {
        if (template == null) {
            throw new ValidationException("CloudFormationRenderer.template", null, "a template, e.g. Templates.modelBuildTrainDeploy()");
        }
        EndpointStackRenderer.checkProjectName("CloudFormationRenderer.projectName", projectName);
        if (roles == null) {
            throw new ValidationException("CloudFormationRenderer.roles", null, "the roles, e.g. AwsRoles.defaults()");
        }
        List<String> problems = problems(template);
        if (!problems.isEmpty()) {
            throw new UnsupportedByBackendException("aws", "render template " + template.id() + " to CloudFormation: "
                    + String.join("; ", problems),
                    "render a template without these parts (the resources this template shares with"
                            + " Templates.modelBuildTrainDeploy() render already)");
        }
        ProjectStack stack = ProjectStackRenderer.render(template, roles);
        List<EndpointStack> endpoints = endpointStacks(template, projectName);
        RenderedProject rendered = new RenderedProject(template.id(), projectName, stack.template(), endpoints,
                stack.seedArchives());
        LOG.debug("Rendered template {} for project {}: {} resources in the project stack, endpoint stacks {}",
                template.id(), projectName, stack.template().get("Resources").size(),
                endpoints.stream().map(EndpointStack::environment).toList());
        return rendered;
    }

    /**
     * The parts of a template this release cannot render, one line each, as {@link #render} would name them.
     *
     * @param template the template
     * @return the parts; empty when the whole template renders
     */
    public List<String> problems(Template template) {
        if (template == null) {
            throw new ValidationException("CloudFormationRenderer.template", null, "a template, e.g. Templates.modelBuildTrainDeploy()");
        }
        return UnsupportedParts.find(template);
    }

    private static List<EndpointStack> endpointStacks(Template template, String projectName) {
        List<EndpointStack> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (PipelineSpec p : template.pipelines()) {
            RepositorySpec repo = template.repository(p.sourceRepository()).orElseThrow();
            for (Map.Entry<String, String> e : DeployStages.configFiles(p).entrySet()) {
                byte[] content = repo.seed().files().get(e.getValue());
                if (content == null) {
                    throw new ValidationException("Stage.configFile", e.getValue(), "a file of the " + repo.role()
                            + " repository's seed code, which has " + repo.seed().files().keySet()
                            + " (the configuration of environment " + e.getKey() + ")");
                }
                if (!seen.add(e.getKey())) {
                    throw new ValidationException("Template.pipelines", p.role(), "the only pipeline that deploys to "
                            + "environment " + e.getKey() + ": each environment has one endpoint stack");
                }
                out.add(EndpointStack.of(projectName, e.getKey(), e.getValue(), content));
            }
        }
        return out;
    }
}
