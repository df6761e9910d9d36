package dev.mlops.aws.cfn;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.aws.cfn.internal.CanonicalJson;
import dev.mlops.aws.cfn.internal.Cfn;
import dev.mlops.aws.cfn.internal.DeployStages;
import dev.mlops.aws.cfn.internal.EndpointStackRenderer;
import dev.mlops.exception.ValidationException;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * One environment's endpoint stack, {@code sagemaker-<name>-<id>-deploy-<environment>}, which the deploy
 * pipeline's CloudFormation action creates or updates: its template (model, endpoint configuration with data
 * capture, endpoint {@code <name>-<environment>}) and the configuration the deploy build exports for it.
 * Immutable; every accessor returns a copy.
 */
public final class EndpointStack {
    private static final Pattern PROJECT_ID = Pattern.compile("[a-zA-Z0-9](-*[a-zA-Z0-9])*");
    private static final Pattern MODEL_PACKAGE_ARN =
            Pattern.compile("arn:aws[a-z-]*:sagemaker:[a-z0-9-]+:[0-9]{12}:model-package/[a-zA-Z0-9][a-zA-Z0-9/-]*");
    private static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z-]*:iam::[0-9]{12}:role/[\\w+=,.@/-]+");

    private final String projectName;
    private final String environment;
    private final String configFile;
    private final Map<String, String> seedParameters;
    private final String templateJson;

    private EndpointStack(String projectName, String environment, String configFile, Map<String, String> seedParameters) {
        this.projectName = projectName;
        this.environment = environment;
        this.configFile = configFile;
        this.seedParameters = Collections.unmodifiableMap(new TreeMap<>(seedParameters));
        this.templateJson = CanonicalJson.write(EndpointStackRenderer.template(projectName, environment, seedParameters));
    }

    /**
     * The endpoint stack of an environment, from the deploy repository's configuration file for it.
     *
     * @param projectName the project's name
     * @param environment the environment, e.g. {@code staging}
     * @param configFile the configuration file's path in the deploy repository, e.g. {@code staging-config.json}
     * @param content the file's content: {@code {"Parameters": {"StageName": "staging", …}}}
     * @return the stack
     * @throws ValidationException if the name breaks the templates' rule or the file is not a valid configuration
     */
    public static EndpointStack of(String projectName, String environment, String configFile, byte[] content) {
        EndpointStackRenderer.checkProjectName("EndpointStack.projectName", projectName);
        if (environment == null || environment.isBlank()) {
            throw new ValidationException("EndpointStack.environment", environment, "an environment name such as staging");
        }
        if (configFile == null || configFile.isBlank() || content == null) {
            throw new ValidationException("EndpointStack.configFile", configFile,
                    "a configuration file of the deploy repository, with its content");
        }
        return new EndpointStack(projectName, environment, configFile,
                EndpointStackRenderer.seedParameters(configFile, content, environment));
    }

    /**
     * The environment.
     *
     * @return e.g. {@code staging}
     */
    public String environment() {
        return environment;
    }

    /**
     * The stack's name once SageMaker has assigned the project's id.
     *
     * @param projectId the project's id, e.g. {@code p-idy6c3e1fiqj}
     * @return {@code sagemaker-<name>-<id>-deploy-<environment>}
     */
    public String stackName(String projectId) {
        checkProjectId(projectId);
        return "sagemaker-" + projectName + "-" + projectId + "-deploy-" + environment;
    }

    /**
     * The name of the endpoint the stack makes.
     *
     * @return {@code <name>-<environment>}
     */
    public String endpointName() {
        return projectName + "-" + seedParameters.get("StageName");
    }

    /**
     * The configuration file this stack was rendered from.
     *
     * @return its path in the deploy repository, e.g. {@code staging-config.json}
     */
    public String configFile() {
        return configFile;
    }

    /**
     * The file the deploy build exports the configuration to, which the CloudFormation action reads.
     *
     * @return e.g. {@code staging-config-export.json}
     */
    public String exportedConfigFile() {
        return DeployStages.exportedConfig(configFile);
    }

    /**
     * The parameters the configuration file sets, the defaults of the template's.
     *
     * @return name to value, in name order
     */
    public Map<String, String> seedParameters() {
        return seedParameters;
    }

    /**
     * The template.
     *
     * @return a new copy of the tree
     */
    public ObjectNode template() {
        try {
            return (ObjectNode) CanonicalJson.parse(templateJson);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("the rendered template no longer parses: " + e.getMessage(), e);
        }
    }

    /**
     * The template's canonical text: sorted keys, two-space indentation, {@code \n} line ends.
     *
     * @return the JSON text
     */
    public String templateJson() {
        return templateJson;
    }

    /**
     * The configuration the deploy build exports for this stack once it has picked the model version to deploy
     * (the originals' {@code build.py}): the seed parameters plus {@code SageMakerProjectName},
     * {@code ModelPackageName}, {@code ModelExecutionRoleArn} and {@code DataCaptureUploadPath}
     * ({@code s3://sagemaker-project-<id>/datacapture-<stage>}), and the stack tags
     * {@code sagemaker:deployment-stage}, {@code sagemaker:project-id} and {@code sagemaker:project-name}, in
     * CodePipeline's {@code TemplateConfiguration} form.
     *
     * @param projectId the project's id
     * @param modelPackageArn the approved model package's ARN
     * @param modelExecutionRoleArn the ARN of the role the model runs as
     * @return {@code {"Parameters": {…}, "Tags": {…}}}
     * @throws ValidationException naming the argument that is not an id or ARN of the right kind
     */
    public ObjectNode exportedConfiguration(String projectId, String modelPackageArn, String modelExecutionRoleArn) {
        checkProjectId(projectId);
        if (modelPackageArn == null || !MODEL_PACKAGE_ARN.matcher(modelPackageArn).matches()) {
            throw new ValidationException("EndpointStack.modelPackageArn", modelPackageArn,
                    "a model package ARN, arn:<partition>:sagemaker:<region>:<account>:model-package/<group>/<version>");
        }
        if (modelExecutionRoleArn == null || !ROLE_ARN.matcher(modelExecutionRoleArn).matches()) {
            throw new ValidationException("EndpointStack.modelExecutionRoleArn", modelExecutionRoleArn,
                    "an IAM role ARN, arn:<partition>:iam::<account>:role/<path><name>");
        }
        String stage = seedParameters.get("StageName");
        ObjectNode parameters = Cfn.object();
        seedParameters.forEach(parameters::put);
        parameters.put("SageMakerProjectName", projectName);
        parameters.put("ModelPackageName", modelPackageArn);
        parameters.put("ModelExecutionRoleArn", modelExecutionRoleArn);
        parameters.put("DataCaptureUploadPath", "s3://sagemaker-project-" + projectId + "/datacapture-" + stage);
        ObjectNode tags = Cfn.object()
                .put("sagemaker:deployment-stage", stage)
                .put("sagemaker:project-id", projectId)
                .put("sagemaker:project-name", projectName);
        ObjectNode out = Cfn.object();
        out.set("Parameters", parameters);
        out.set("Tags", tags);
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EndpointStack && ((EndpointStack) o).templateJson.equals(templateJson)
                && ((EndpointStack) o).configFile.equals(configFile);
    }

    @Override
    public int hashCode() {
        return templateJson.hashCode();
    }

    @Override
    public String toString() {
        return "EndpointStack{sagemaker-" + projectName + "-<id>-deploy-" + environment + " from " + configFile + "}";
    }

    private static void checkProjectId(String projectId) {
        if (projectId == null || projectId.length() > 20 || !PROJECT_ID.matcher(projectId).matches()) {
            throw new ValidationException("EndpointStack.projectId", projectId,
                    "a SageMaker project id: 1 to 20 characters matching [a-zA-Z0-9](-*[a-zA-Z0-9])*, e.g. p-idy6c3e1fiqj");
        }
    }
}
