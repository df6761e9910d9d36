package dev.mlops.aws.cfn.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.exception.ValidationException;
import dev.mlops.template.PipelineSpec;
import dev.mlops.template.RepositorySpec;
import dev.mlops.template.Stage;
import dev.mlops.template.StageType;
import java.util.Map;

/**
 * One CodePipeline pipeline per template pipeline, {@code sagemaker-<name>-<id>-<role>}, with the originals'
 * stage and action layout. Source, ML-pipeline, deploy-config and deploy stages each open a CodePipeline stage
 * of their name; test, command and approval stages become actions of the stage before them, in order
 * ({@code RunOrder} 2, 3, …), so the model deploy reads Source → Build → DeployStaging [DeployResourcesStaging,
 * TestStaging, ApproveDeployment] → DeployProd [DeployResourcesProd].
 */
public final class PipelineRenderer {
    private PipelineRenderer() {
    }

    /**
     * Adds the pipeline and the build projects its actions run.
     *
     * @param ctx the project being rendered
     * @param pipeline the pipeline
     */
    public static void render(RenderContext ctx, PipelineSpec pipeline) {
        Names names = Names.of(pipeline.role());
        RepositorySpec repo = ctx.template().repository(pipeline.sourceRepository()).orElseThrow();
        Map<String, String> configFiles = DeployStages.configFiles(pipeline);
        Map<String, String> monitorFiles = MonitorPipelineRenderer.configFiles(pipeline);
        ArrayNode stages = Cfn.array();
        ObjectNode current = null;
        ArrayNode actions = null;
        boolean built = false;
        boolean testRendered = false;
        boolean deploys = false;
        for (int i = 0; i < pipeline.stages().size(); i++) {
            Stage s = pipeline.stages().get(i);
            StageType type = s.type();
            if (i == 0 && type != StageType.SOURCE) {
                throw new ValidationException("PipelineSpec.stages", s.name(),
                        "a SOURCE stage first: CodePipeline starts every pipeline with its source (pipeline "
                                + pipeline.role() + ")");
            }
            boolean opens = type == StageType.SOURCE || type == StageType.ML_PIPELINE
                    || type == StageType.DEPLOY_CONFIG || type == StageType.DEPLOY || type == StageType.IMAGE_BUILD
                    || type == StageType.MONITOR_CONFIG || type == StageType.MONITOR_DEPLOY
                    || current == null || current.get("Name").asText().equals(pipeline.stages().get(0).name());
            if (type == StageType.SOURCE && i > 0) {
                throw new ValidationException("PipelineSpec.stages", s.name(),
                        "the only SOURCE stage, the first (pipeline " + pipeline.role() + ")");
            }
            if (opens) {
                // A monitor stage's action keeps the stage's name; its CodePipeline stage is the original's DeployStaging.
                current = Cfn.object().put("Name", type == StageType.MONITOR_DEPLOY
                        ? "Deploy" + Names.pascal(s.environment().orElseThrow()) : s.name());
                actions = Cfn.array();
                current.set("Actions", actions);
                stages.add(current);
            }
            int runOrder = actions.size() + 1;
            switch (type) {
                case SOURCE:
                    actions.add(ThirdPartyRepositoryRenderer.applies(ctx.template())
                            ? connectionSourceAction(names, repo) : sourceAction(names, repo));
                    break;
                case ML_PIPELINE:
                    actions.add(buildAction("BuildAndExecuteSageMakerPipeline", names, runOrder,
                            BuildProjectRenderer.mlPipeline(ctx, names)));
                    built = true;
                    break;
                case DEPLOY_CONFIG:
                    actions.add(deployConfigAction(names, runOrder,
                            BuildProjectRenderer.deployConfig(ctx, names, configFiles)));
                    built = true;
                    deploys = true;
                    break;
                case DEPLOY:
                    if (!built) {
                        throw new ValidationException("PipelineSpec.stages", s.name(),
                                "preceded by a DEPLOY_CONFIG stage, whose exported template and configuration it"
                                        + " deploys (pipeline " + pipeline.role() + ")");
                    }
                    String target = s.environment().orElseThrow();
                    actions.add(deployAction(ctx, names, target, configFiles.get(target), runOrder));
                    break;
                case TEST:
                case COMMAND:
                    boolean firstTest = type == StageType.TEST && !testRendered && s.command().isEmpty();
                    String env = s.environment().orElse(null);
                    String config = built && configFiles.containsKey(env)
                            ? DeployStages.exportedConfig(configFiles.get(env)) : null;
                    String project = BuildProjectRenderer.stage(ctx, names, s, firstTest, config);
                    testRendered |= firstTest;
                    actions.add(stageAction(s, names, runOrder, project, built, firstTest));
                    break;
                case APPROVAL:
                    actions.add(approvalAction(s, runOrder));
                    break;
                case MONITOR_CONFIG:
                    if (built) {
                        throw new ValidationException("PipelineSpec.stages", s.name(), "the only build stage of pipeline "
                                + pipeline.role() + ", whose one build artifact the monitor stacks deploy from");
                    }
                    MonitorPipelineRenderer.parameters(ctx);
                    actions.add(buildAction("GetBaselinesAndConfigs", names, runOrder,
                            MonitorPipelineRenderer.buildProject(ctx, names, monitorFiles)));
                    built = true;
                    break;
                case MONITOR_DEPLOY:
                    if (!built) {
                        throw new ValidationException("PipelineSpec.stages", s.name(),
                                "preceded by a MONITOR_CONFIG stage, whose exported template and configuration it"
                                        + " deploys (pipeline " + pipeline.role() + ")");
                    }
                    actions.add(MonitorPipelineRenderer.deployAction(ctx, names, s,
                            monitorFiles.get(s.environment().orElseThrow()), runOrder));
                    break;
                case IMAGE_BUILD:
                    actions.add(buildAction(ImageBuildRenderer.BUILD_ACTION, names, runOrder,
                            ImageBuildRenderer.render(ctx, pipeline)));
                    built = true;
                    break;
                default:
                    throw new IllegalStateException("stage type " + type + " reached the pipeline renderer; "
                            + "UnsupportedParts should have refused it");
            }
        }
        ObjectNode store = Cfn.object().put("Type", "S3");
        store.set("Location", Cfn.ref(Names.BUCKET));
        ObjectNode props = Cfn.object();
        props.set("Name", Cfn.sub(names.resourceName()));
        props.set("RoleArn", ctx.roleArn(ctx.roles().codePipeline()));
        props.set("ArtifactStore", store);
        props.set("Stages", stages);
        boolean thirdParty = ThirdPartyRepositoryRenderer.applies(ctx.template());
        if (thirdParty || deploys) {
            props.put("PipelineType", "V2");
        }
        if (thirdParty) {
            ArrayNode triggers = ThirdPartyRepositoryRenderer.triggers(pipeline, names, repo);
            if (triggers != null) {
                props.set("Triggers", triggers);
            }
        }
        if (deploys) {
            // A deploy pipeline takes the model version to deploy as a variable (a rollback names an older one); by
            // default its build deploys the newest approved version, as the originals' build.py does.
            props.put("ExecutionMode", "SUPERSEDED");
            props.set("Variables", Cfn.array().add(Cfn.object().put("Name", MODEL_PACKAGE_VARIABLE)
                    .put("DefaultValue", LATEST_APPROVED)
                    .put("Description", "The model package ARN to deploy, or " + LATEST_APPROVED
                            + " for the group's newest approved version")));
        }
        props.set("Tags", ctx.projectTags());
        ObjectNode resource = ctx.stack().resource(names.pipelineId(), "AWS::CodePipeline::Pipeline", props);
        if (thirdParty) {
            // CodePipeline runs a new pipeline once: after the check-in, so that run builds the seed code.
            resource.set("DependsOn", Cfn.strings(ThirdPartyRepositoryRenderer.invokerId(repo.role())));
        }
    }

    /** The deploy pipeline's variable naming the model version to deploy. */
    public static final String MODEL_PACKAGE_VARIABLE = "ModelPackageArn";
    /** Its default: the group's newest approved version. */
    public static final String LATEST_APPROVED = "latest-approved";
    /** The namespace of the deploy build's output variables; it exports {@code ModelPackageArn}, the version it deploys. */
    public static final String DEPLOY_BUILD_NAMESPACE = "DeployBuild";

    private static ObjectNode deployConfigAction(Names names, int runOrder, String project) {
        ObjectNode a = buildAction("BuildDeploymentTemplates", names, runOrder, project);
        a.put("Namespace", DEPLOY_BUILD_NAMESPACE);
        ((ObjectNode) a.get("Configuration")).put("EnvironmentVariables",
                "[{\"name\":\"MODEL_PACKAGE_ARN\",\"type\":\"PLAINTEXT\",\"value\":\"#{variables."
                        + MODEL_PACKAGE_VARIABLE + "}\"}]");
        return a;
    }

    private static ObjectNode sourceAction(Names names, RepositorySpec repo) {
        ObjectNode config = Cfn.object().put("PollForSourceChanges", false);
        config.set("RepositoryName", Cfn.getAtt(Names.of(repo.role()).repositoryId(), "Name"));
        config.put("BranchName", repo.branch());
        ObjectNode a = action(names.sourceAction(), "Source", "CodeCommit", 1);
        a.set("Configuration", config);
        a.set("OutputArtifacts", artifacts(names.sourceArtifact()));
        return a;
    }

    private static ObjectNode connectionSourceAction(Names names, RepositorySpec repo) {
        ObjectNode a = action(names.sourceAction(), "Source", "CodeStarSourceConnection", 1);
        a.set("Configuration", ThirdPartyRepositoryRenderer.sourceConfiguration(repo));
        a.set("OutputArtifacts", artifacts(names.sourceArtifact()));
        return a;
    }

    private static ObjectNode buildAction(String name, Names names, int runOrder, String project) {
        ObjectNode a = action(name, "Build", "CodeBuild", runOrder);
        a.set("InputArtifacts", artifacts(names.sourceArtifact()));
        a.set("OutputArtifacts", artifacts(names.buildArtifact()));
        ObjectNode config = Cfn.object();
        config.set("ProjectName", Cfn.ref(project));
        a.set("Configuration", config);
        return a;
    }

    private static ObjectNode deployAction(RenderContext ctx, Names names, String env, String configFile, int runOrder) {
        boolean production = ctx.template().productionEnvironments().contains(env);
        ObjectNode config = Cfn.object()
                .put("ActionMode", production ? "CREATE_UPDATE" : "REPLACE_ON_FAILURE")
                .put("Capabilities", "CAPABILITY_NAMED_IAM");
        config.set("RoleArn", ctx.roleArn(ctx.roles().cloudformation()));
        config.set("StackName", Cfn.sub(Names.deployStack(env)));
        config.put("TemplateConfiguration", names.buildArtifact() + "::" + DeployStages.exportedConfig(configFile));
        config.put("TemplatePath", names.buildArtifact() + "::" + Names.EXPORTED_TEMPLATE);
        ObjectNode a = action("DeployResources" + Names.pascal(env), "Deploy", "CloudFormation", runOrder);
        a.set("InputArtifacts", artifacts(names.buildArtifact()));
        a.set("Configuration", config);
        return a;
    }

    private static ObjectNode stageAction(Stage s, Names names, int runOrder, String project, boolean built, boolean firstTest) {
        ObjectNode a = action(s.name(), "Build", "CodeBuild", runOrder);
        ObjectNode config = Cfn.object();
        config.set("ProjectName", Cfn.ref(project));
        if (built) {
            a.set("InputArtifacts", artifacts(names.sourceArtifact(), names.buildArtifact()));
            config.put("PrimarySource", names.sourceArtifact());
        } else {
            a.set("InputArtifacts", artifacts(names.sourceArtifact()));
        }
        a.set("OutputArtifacts", artifacts(firstTest ? "TestArtifact" : s.name() + "Artifact"));
        a.set("Configuration", config);
        return a;
    }

    private static ObjectNode approvalAction(Stage s, int runOrder) {
        ObjectNode a = action(s.name(), "Approval", "Manual", runOrder);
        a.set("Configuration", Cfn.object().put("CustomData", s.gate().orElseThrow().message()));
        return a;
    }

    private static ObjectNode action(String name, String category, String provider, int runOrder) {
        ObjectNode type = Cfn.object()
                .put("Category", category)
                .put("Owner", "AWS")
                .put("Provider", provider)
                .put("Version", "1");
        ObjectNode a = Cfn.object().put("Name", name);
        a.set("ActionTypeId", type);
        a.put("RunOrder", runOrder);
        return a;
    }

    private static ArrayNode artifacts(String... names) {
        ArrayNode a = Cfn.array();
        for (String n : names) {
            a.add(Cfn.object().put("Name", n));
        }
        return a;
    }
}
