package dev.mlops.aws.cfn.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.mlops.aws.cfn.MonitorMode;
import dev.mlops.exception.ValidationException;
import dev.mlops.template.PipelineSpec;
import dev.mlops.template.Stage;
import dev.mlops.template.StageType;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Model Monitor template's own resources in the project stack, as the original
 * {@code build-train-deploy-monitor} template has them: the {@code GetBaselinesAndConfigs} CodeBuild project
 * ({@code sagemaker-<name>-<id>-modelmonitor}), which reads the staging endpoint's model package, its baselines and
 * the seed's schedule configurations and exports {@code model-monitor-template-export.yml} with one configuration
 * per environment; and the monitor pipeline's CloudFormation actions, which deploy that template as
 * {@code sagemaker-<name>-<id>-modelmonitor-<environment>}. It also adds the {@code MonitorMode} and
 * {@code MonitorImageUri} parameters the build passes on.
 */
public final class MonitorPipelineRenderer {
    /** The template the monitor build exports (the original's {@code EXPORT_TEMPLATE_NAME}). */
    public static final String EXPORTED_TEMPLATE = "model-monitor-template-export.yml";
    /** The build spec of the model-monitor seed. */
    public static final String BUILD_SPEC = "buildspec.yml";

    private MonitorPipelineRenderer() {
    }

    /**
     * The seed configuration file of each environment a pipeline deploys monitors to, in stage order.
     *
     * @param pipeline the pipeline
     * @return environment to file, e.g. {@code staging} to {@code staging-monitoring-schedule-config.json}
     * @throws ValidationException if two stages deploy monitors to one environment
     */
    public static Map<String, String> configFiles(PipelineSpec pipeline) {
        Map<String, String> files = new LinkedHashMap<>();
        for (Stage s : pipeline.stages()) {
            if (s.type() != StageType.MONITOR_DEPLOY) {
                continue;
            }
            String env = s.environment().orElseThrow(() -> new ValidationException("Stage.environment", null,
                    "the environment whose endpoint stage " + s.name() + " of pipeline " + pipeline.role() + " monitors"));
            String file = s.configFile().orElse(env + "-monitoring-schedule-config.json");
            if (files.put(env, file) != null) {
                throw new ValidationException("PipelineSpec.stages", s.name(), "the only MONITOR_DEPLOY stage to"
                        + " environment " + env + " in pipeline " + pipeline.role() + ": each environment has one"
                        + " monitor stack");
            }
        }
        return files;
    }

    /**
     * The name of an environment's monitor stack, {@code sagemaker-<name>-<id>-<role>-<environment>}.
     *
     * @param names the pipeline's names
     * @param environment e.g. {@code staging}
     * @return the {@code Fn::Sub} text
     */
    public static String stackName(Names names, String environment) {
        return names.resourceName() + "-" + environment;
    }

    /**
     * Adds the monitor parameters, unless the template declares them; a declared value must be a valid choice.
     *
     * @param ctx the project being rendered
     */
    public static void parameters(RenderContext ctx) {
        Map<String, String> values = ctx.template().parameterValues();
        MonitorMode mode = MonitorMode.MODEL_MONITOR_MANAGED;
        if (ctx.stack().hasParameter(MonitorMode.PARAMETER)) {
            String v = ctx.template().resolvedParameters().get(MonitorMode.PARAMETER);
            mode = MonitorMode.parse("Template.parameters." + MonitorMode.PARAMETER, v);
        } else {
            ObjectNode p = Cfn.object().put("Type", "String")
                    .put("Description", "How the monitors run: Model Monitor with AWS's analyzer images, Model Monitor"
                            + " with the SDK's monitor image, or EventBridge Scheduler starting Processing jobs")
                    .put("Default", mode.name());
            ArrayNode allowed = Cfn.array();
            Arrays.stream(MonitorMode.values()).forEach(m -> allowed.add(m.name()));
            p.set("AllowedValues", allowed);
            ctx.stack().parameter(MonitorMode.PARAMETER, p);
        }
        if (ctx.stack().hasParameter(MonitorMode.IMAGE_PARAMETER)) {
            String image = ctx.template().resolvedParameters().getOrDefault(MonitorMode.IMAGE_PARAMETER,
                    values.get(MonitorMode.IMAGE_PARAMETER));
            if (!ctx.stack().hasParameter(Names.SDK_IMAGE) || (image != null && !image.isBlank())) {
                mode.checkImage("Template.parameters." + MonitorMode.IMAGE_PARAMETER, image);
            }   // else the monitors run the SDK image the provisioning pushes (MlopsSdkImage)
        } else {
            ctx.stack().parameter(MonitorMode.IMAGE_PARAMETER, Cfn.object().put("Type", "String")
                    .put("Description", "ECR URI of the SDK's monitor image, for modes MODEL_MONITOR_BYOC and"
                            + " SCHEDULED_PROCESSING (empty for MODEL_MONITOR_MANAGED)")
                    .put("Default", "").put("MaxLength", 255));
        }
    }

    /**
     * Adds the {@code GetBaselinesAndConfigs} project, with the original's environment variables and the monitor
     * mode and image.
     *
     * @param ctx the project being rendered
     * @param names the pipeline's names
     * @param configFiles environment to seed configuration file
     * @return its logical id
     */
    public static String buildProject(RenderContext ctx, Names names, Map<String, String> configFiles) {
        ArrayNode env = Cfn.array();
        env.add(variable("SAGEMAKER_PROJECT_NAME", Cfn.ref(Names.PROJECT_NAME)));
        env.add(variable("SAGEMAKER_PROJECT_ID", Cfn.ref(Names.PROJECT_ID)));
        env.add(variable("ARTIFACT_BUCKET", Cfn.ref(Names.BUCKET)));
        env.add(variable("MONITOR_OUTPUTS_BUCKET", Cfn.ref(Names.BUCKET)));
        env.add(variable("MODEL_MONITOR_ROLE_ARN", ctx.roleArn(ctx.roles().execution())));
        env.add(variable("AWS_REGION", Cfn.ref("AWS::Region")));
        env.add(variable("EXPORT_TEMPLATE_NAME", TextNode.valueOf(EXPORTED_TEMPLATE)));
        configFiles.forEach((environment, file) -> env.add(variable(DeployStages.exportVariable(environment),
                TextNode.valueOf(DeployStages.exportedConfig(file)))));
        configFiles.forEach((environment, file) -> env.add(variable(configVariable(environment), TextNode.valueOf(file))));
        env.add(variable("MONITOR_MODE", Cfn.ref(MonitorMode.PARAMETER)));
        if (ctx.stack().hasParameter(Names.SDK_IMAGE)) {
            // an explicit MonitorImageUri wins; else the SDK image the provisioning pushed
            if (!ctx.stack().hasCondition(Names.NO_MONITOR_IMAGE_CONDITION)) {
                ctx.stack().condition(Names.NO_MONITOR_IMAGE_CONDITION,
                        Cfn.equalsParameter(MonitorMode.IMAGE_PARAMETER, ""));
            }
            env.add(variable("MONITOR_IMAGE_URI", Cfn.ifThen(Names.NO_MONITOR_IMAGE_CONDITION,
                    Cfn.ref(Names.SDK_IMAGE), Cfn.ref(MonitorMode.IMAGE_PARAMETER))));
        } else {
            env.add(variable("MONITOR_IMAGE_URI", Cfn.ref(MonitorMode.IMAGE_PARAMETER)));
        }
        BuildProjectRenderer.sdkBundle(ctx, env);   // the build spec runs GetBaselinesAndConfigs from the bundle
        ObjectNode environment = Cfn.object()
                .put("Type", "LINUX_CONTAINER")
                .put("ComputeType", "BUILD_GENERAL1_SMALL")
                .put("Image", BuildProjectRenderer.IMAGE);
        environment.set("EnvironmentVariables", env);
        ObjectNode source = Cfn.object().put("Type", "CODEPIPELINE").put("BuildSpec", BUILD_SPEC);
        ObjectNode props = Cfn.object();
        props.set("Name", Cfn.sub(names.resourceName()));
        props.put("Description", "Reads the baselines of the model version on the endpoints and exports the monitor"
                + " stacks' template and configurations");
        props.set("ServiceRole", ctx.roleArn(ctx.roles().codeBuild()));
        props.set("Artifacts", Cfn.object().put("Type", "CODEPIPELINE"));
        props.set("Environment", environment);
        props.set("Source", source);
        props.put("TimeoutInMinutes", 30);
        props.set("Tags", ctx.projectTags());
        String id = names.buildProjectId();
        ctx.stack().resource(id, "AWS::CodeBuild::Project", props);
        return id;
    }

    /**
     * The environment variable naming an environment's seed configuration: {@code STAGING_CONFIG} for
     * {@code staging}.
     *
     * @param environment the environment
     * @return the variable's name
     */
    public static String configVariable(String environment) {
        return environment.toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z0-9]", "_") + "_CONFIG";
    }

    /**
     * The CloudFormation action that deploys an environment's monitor stack from the build's export:
     * {@code REPLACE_ON_FAILURE} outside production, {@code CREATE_UPDATE} in it, as the original.
     *
     * @param ctx the project being rendered
     * @param names the pipeline's names
     * @param stage the monitor-deploy stage (its name is the action's, e.g. {@code DeployMonitorsStaging})
     * @param configFile the environment's seed configuration
     * @param runOrder the action's run order
     * @return the action
     */
    public static ObjectNode deployAction(RenderContext ctx, Names names, Stage stage, String configFile, int runOrder) {
        String env = stage.environment().orElseThrow();
        boolean production = ctx.template().productionEnvironments().contains(env);
        ObjectNode config = Cfn.object()
                .put("ActionMode", production ? "CREATE_UPDATE" : "REPLACE_ON_FAILURE")
                .put("Capabilities", "CAPABILITY_NAMED_IAM");
        config.set("RoleArn", ctx.roleArn(ctx.roles().cloudformation()));
        config.set("StackName", Cfn.sub(stackName(names, env)));
        config.put("TemplateConfiguration", names.buildArtifact() + "::" + DeployStages.exportedConfig(configFile));
        config.put("TemplatePath", names.buildArtifact() + "::" + EXPORTED_TEMPLATE);
        ObjectNode type = Cfn.object().put("Category", "Deploy").put("Owner", "AWS").put("Provider", "CloudFormation")
                .put("Version", "1");
        ObjectNode a = Cfn.object().put("Name", stage.name());
        a.set("ActionTypeId", type);
        a.put("RunOrder", runOrder);
        a.set("InputArtifacts", Cfn.array().add(Cfn.object().put("Name", names.buildArtifact())));
        a.set("Configuration", config);
        return a;
    }

    private static ObjectNode variable(String name, JsonNode value) {
        ObjectNode v = Cfn.object().put("Name", name);
        v.set("Value", value);
        return v;
    }
}
