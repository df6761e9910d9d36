package dev.mlops.aws.cfn;

import dev.mlops.MlopsStyle;
import dev.mlops.exception.ValidationException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.immutables.value.Value;

/**
 * The IAM roles a rendered project uses, by name, as the SageMaker-provided templates use them: CodeBuild
 * projects run as {@link #codeBuild()}, pipelines as {@link #codePipeline()}, EventBridge targets as
 * {@link #events()}, the CloudFormation deploy actions as {@link #cloudformation()}, and the SageMaker pipeline
 * and the endpoints' models as {@link #execution()}. {@link #launch()} launches the project stack (Service
 * Catalog's launch constraint, or the role of an S3 template) and {@link #use()} is the single role of the
 * templates before July 2022; neither appears inside the rendered templates.
 *
 * <p>Every ARN is rendered from pseudo parameters, {@code arn:${AWS::Partition}:iam::${AWS::AccountId}:role<path><name>},
 * so rendering needs no account. The defaults are the {@code AmazonSageMakerServiceCatalogProducts*Role} roles
 * under {@code /service-role/} that Studio creates.
 *
 * <pre>{@code
 * AwsRoles roles = AwsRoles.builder().execution("ml-team-sagemaker-execution").path("/ml/").build();
 * }</pre>
 */
@Value.Immutable
@MlopsStyle
public abstract class AwsRoles {
    private static final String PREFIX = "AmazonSageMakerServiceCatalogProducts";
    private static final Pattern NAME = Pattern.compile("[\\w+=,.@-]{1,64}");
    private static final Pattern PATH = Pattern.compile("/([!-~&&[^$]]{0,510}/)?");

    /**
     * The role that launches the project stack.
     *
     * @return a role name; default {@code AmazonSageMakerServiceCatalogProductsLaunchRole}
     */
    @Value.Default
    public String launch() {
        return PREFIX + "LaunchRole";
    }

    /**
     * The one role the templates used for everything before July 2022.
     *
     * @return a role name; default {@code AmazonSageMakerServiceCatalogProductsUseRole}
     */
    @Value.Default
    public String use() {
        return PREFIX + "UseRole";
    }

    /**
     * The service role of every CodeBuild project.
     *
     * @return a role name; default {@code AmazonSageMakerServiceCatalogProductsCodeBuildRole}
     */
    @Value.Default
    public String codeBuild() {
        return PREFIX + "CodeBuildRole";
    }

    /**
     * The role of every CodePipeline pipeline.
     *
     * @return a role name; default {@code AmazonSageMakerServiceCatalogProductsCodePipelineRole}
     */
    @Value.Default
    public String codePipeline() {
        return PREFIX + "CodePipelineRole";
    }

    /**
     * The role EventBridge assumes to start a pipeline.
     *
     * @return a role name; default {@code AmazonSageMakerServiceCatalogProductsEventsRole}
     */
    @Value.Default
    public String events() {
        return PREFIX + "EventsRole";
    }

    /**
     * The role the CloudFormation deploy actions pass to CloudFormation for the endpoint stacks.
     *
     * @return a role name; default {@code AmazonSageMakerServiceCatalogProductsCloudformationRole}
     */
    @Value.Default
    public String cloudformation() {
        return PREFIX + "CloudformationRole";
    }

    /**
     * The SageMaker execution role: the SageMaker pipeline's role ({@code SAGEMAKER_PIPELINE_ROLE_ARN}) and the
     * endpoints' models' ({@code MODEL_EXECUTION_ROLE_ARN}).
     *
     * @return a role name; default {@code AmazonSageMakerServiceCatalogProductsExecutionRole}
     */
    @Value.Default
    public String execution() {
        return PREFIX + "ExecutionRole";
    }

    /**
     * The seed check-in Lambda's role, in templates whose repositories are third-party: the function that starts the
     * check-in build ({@code codebuild:StartBuild}, {@code codebuild:BatchGetBuilds}) and answers CloudFormation.
     *
     * @return a role name; default {@code AmazonSageMakerServiceCatalogProductsLambdaRole}
     */
    @Value.Default
    public String lambda() {
        return PREFIX + "LambdaRole";
    }

    /**
     * The path of every role.
     *
     * @return a path that starts and ends with {@code /}; default {@code /service-role/}
     */
    @Value.Default
    public String path() {
        return "/service-role/";
    }

    /**
     * The names by what they are for ({@code launch}, {@code use}, {@code codeBuild}, {@code codePipeline},
     * {@code events}, {@code cloudformation}, {@code execution}, {@code lambda}), in that order.
     *
     * @return a new map
     */
    public Map<String, String> names() {
        Map<String, String> names = new LinkedHashMap<>();
        names.put("launch", launch());
        names.put("use", use());
        names.put("codeBuild", codeBuild());
        names.put("codePipeline", codePipeline());
        names.put("events", events());
        names.put("cloudformation", cloudformation());
        names.put("execution", execution());
        names.put("lambda", lambda());
        return names;
    }

    /** Validates the value when it is built; each failure names the field, the value and the rule. */
    @Value.Check
    protected void check() {
        names().forEach((what, name) -> {
            if (!NAME.matcher(name).matches()) {
                throw new ValidationException("AwsRoles." + what, name,
                        "an IAM role name: 1 to 64 characters of letters, digits and +=,.@_-");
            }
        });
        if (!PATH.matcher(path()).matches()) {
            throw new ValidationException("AwsRoles.path", path(),
                    "an IAM path: / alone, or /, up to 510 printable ASCII characters other than $, and /"
                            + " (e.g. /service-role/)");
        }
    }

    /**
     * The roles Studio creates: {@code AmazonSageMakerServiceCatalogProducts*Role} under {@code /service-role/}.
     *
     * @return the defaults
     */
    public static AwsRoles defaults() {
        return builder().build();
    }

    /**
     * The roles of the S3-provisioned templates' sample IAM stack: {@code AmazonSageMakerProjects*Role} under
     * {@code /service-role/}.
     *
     * @return the roles
     */
    public static AwsRoles sageMakerProjects() {
        String p = "AmazonSageMakerProjects";
        return builder().launch(p + "LaunchRole").use(p + "UseRole").codeBuild(p + "CodeBuildRole")
                .codePipeline(p + "CodePipelineRole").events(p + "EventsRole")
                .cloudformation(p + "CloudformationRole").execution(p + "ExecutionRole").lambda(p + "LambdaRole").build();
    }

    /**
     * Starts a builder whose every role defaults to Studio's.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds {@link AwsRoles}; {@link #build()} validates. */
    public static final class Builder extends ImmutableAwsRoles.Builder {
    }
}
