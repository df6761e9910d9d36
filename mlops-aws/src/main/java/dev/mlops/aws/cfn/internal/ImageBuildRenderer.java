package dev.mlops.aws.cfn.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.mlops.template.PipelineSpec;

/**
 * The image-building template's resources for one image pipeline, as the original's "Include … image-building
 * pipeline" options make them: an ECR repository and a SageMaker image, both {@code sagemaker-<id>-<role>} (lower
 * case, as ECR requires), a CodeBuild project in privileged mode that runs the repository's {@code buildspec.yml}
 * (build the Dockerfile, push it tagged by the build context's digest, {@code CreateImageVersion}), and a rule that
 * starts the image pipeline on a schedule. The pipeline itself and its commit rule are rendered as every other
 * pipeline's; the rule on {@code SageMaker Image Version State Change} that starts the model build is
 * {@link #versionRule}.
 */
public final class ImageBuildRenderer {
    /** The stack parameter of the image pipelines' schedule. */
    public static final String SCHEDULE_PARAMETER = "ImageBuildScheduleExpression";
    /** The CodePipeline action that builds the image. */
    public static final String BUILD_ACTION = "BuildAndPushImage";
    private static final String IMAGE = "aws/codebuild/amazonlinux2-x86_64-standard:5.0";

    private ImageBuildRenderer() {
    }

    /**
     * The name of an image pipeline's ECR repository and SageMaker image.
     *
     * @param role the pipeline's role, e.g. {@code training-imagebuild}
     * @return the {@code Fn::Sub} text {@code sagemaker-${SageMakerProjectId}-<role>}
     */
    public static String imageName(String role) {
        return "sagemaker-${" + Names.PROJECT_ID + "}-" + role;
    }

    /**
     * Adds the image pipeline's ECR repository, SageMaker image, build project and schedule rule.
     *
     * @param ctx the project being rendered
     * @param pipeline the image pipeline
     * @return the build project's logical id, for the pipeline's build action
     */
    public static String render(RenderContext ctx, PipelineSpec pipeline) {
        Names names = Names.of(pipeline.role());
        String repo = ecrId(pipeline.role());
        String image = imageId(pipeline.role());

        ObjectNode ecr = Cfn.object();
        ecr.set("RepositoryName", Cfn.sub(imageName(pipeline.role())));
        ecr.put("ImageTagMutability", "IMMUTABLE");
        ecr.set("ImageScanningConfiguration", Cfn.object().put("ScanOnPush", true));
        ecr.put("EmptyOnDelete", true);
        ecr.set("Tags", ctx.projectTags());
        ctx.stack().resource(repo, "AWS::ECR::Repository", ecr);

        ObjectNode img = Cfn.object();
        img.set("ImageName", Cfn.sub(imageName(pipeline.role())));
        img.set("ImageDescription", Cfn.sub("The " + pipeline.role() + " image of SageMaker project ${"
                + Names.PROJECT_NAME + "}"));
        img.set("ImageRoleArn", ctx.roleArn(ctx.roles().execution()));
        img.set("Tags", ctx.projectTags());
        ctx.stack().resource(image, "AWS::SageMaker::Image", img);

        ArrayNode env = Cfn.array();
        env.add(variable("SAGEMAKER_PROJECT_NAME", Cfn.ref(Names.PROJECT_NAME)));
        env.add(variable("SAGEMAKER_PROJECT_ID", Cfn.ref(Names.PROJECT_ID)));
        env.add(variable("AWS_REGION", Cfn.ref("AWS::Region")));
        env.add(variable("ECR_REPOSITORY_NAME", Cfn.ref(repo)));
        env.add(variable("IMAGE_REPO_URI", Cfn.getAtt(repo, "RepositoryUri")));
        env.add(variable("SAGEMAKER_IMAGE_NAME", Cfn.sub(imageName(pipeline.role()))));
        ObjectNode environment = Cfn.object()
                .put("Type", "LINUX_CONTAINER")
                .put("ComputeType", "BUILD_GENERAL1_SMALL")
                .put("Image", IMAGE)
                .put("PrivilegedMode", true);   // docker build needs the Docker daemon of the build container
        environment.set("EnvironmentVariables", env);
        ObjectNode source = Cfn.object().put("Type", "CODEPIPELINE");
        source.set("BuildSpec", TextNode.valueOf("buildspec.yml"));
        ObjectNode build = Cfn.object();
        build.set("Name", Cfn.sub(names.resourceName()));
        build.put("Description", "Builds the " + pipeline.role() + " repository's Dockerfile, pushes the image to ECR"
                + " and registers a SageMaker image version when the build context is new");
        build.set("ServiceRole", ctx.roleArn(ctx.roles().codeBuild()));
        build.set("Artifacts", Cfn.object().put("Type", "CODEPIPELINE"));
        build.set("Environment", environment);
        build.set("Source", source);
        build.put("TimeoutInMinutes", 60);
        build.set("Tags", ctx.projectTags());
        String buildId = names.buildProjectId();
        ctx.stack().resource(buildId, "AWS::CodeBuild::Project", build);

        if (!ctx.stack().hasParameter(SCHEDULE_PARAMETER)) {
            ctx.stack().parameter(SCHEDULE_PARAMETER, Cfn.object().put("Type", "String")
                    .put("Description", "When the image pipelines run besides on commits (an EventBridge schedule"
                            + " expression); a run whose build context is unchanged registers no image version")
                    .put("Default", "rate(7 days)")
                    .put("AllowedPattern", "^(rate|cron)\\(.+\\)$"));
        }
        ObjectNode target = Cfn.object();
        target.set("Arn", pipelineArn(names));
        target.set("RoleArn", ctx.roleArn(ctx.roles().events()));
        target.set("Id", Cfn.sub("schedule-${" + Names.PROJECT_ID + "}-" + pipeline.role()));
        ObjectNode rule = Cfn.object();
        rule.set("Name", Cfn.sub("sagemaker-${" + Names.PROJECT_ID + "}-" + pipeline.role() + "-schedule"));
        rule.put("Description", "Starts pipeline " + pipeline.role() + " on a schedule");
        rule.set("ScheduleExpression", Cfn.ref(SCHEDULE_PARAMETER));
        rule.put("State", "ENABLED");
        rule.set("Targets", Cfn.array().add(target));
        ctx.stack().resource(names.prefix() + "ScheduleRule", "AWS::Events::Rule", rule);
        return buildId;
    }

    /**
     * The rule that starts a pipeline when an image pipeline registers a new version of its image:
     * {@code aws.sagemaker}, {@code SageMaker Image Version State Change}, the image's ARN and status
     * {@code CREATED}. The detail-type and the {@code ImageArn} and {@code ImageVersionStatus} fields are those of
     * SageMaker's documented sample event; the sample shows the status as {@code Creating} where the API's enum
     * is {@code CREATING | CREATED | …}, so both spellings of the created status match.
     *
     * @param ctx the project being rendered
     * @param pipeline the pipeline started (the model build)
     * @param imageRole the image pipeline's role
     */
    public static void versionRule(RenderContext ctx, PipelineSpec pipeline, String imageRole) {
        Names names = Names.of(pipeline.role());
        ObjectNode pattern = Cfn.object();
        pattern.set("source", Cfn.strings("aws.sagemaker"));
        pattern.set("detail-type", Cfn.strings("SageMaker Image Version State Change"));
        ObjectNode detail = Cfn.object();
        detail.set("ImageArn", Cfn.array().add(Cfn.getAtt(imageId(imageRole), "ImageArn")));
        detail.set("ImageVersionStatus", Cfn.strings("CREATED", "Created"));
        pattern.set("detail", detail);
        ObjectNode target = Cfn.object();
        target.set("Arn", pipelineArn(names));
        target.set("RoleArn", ctx.roleArn(ctx.roles().events()));
        target.set("Id", Cfn.sub("sagemaker-${" + Names.PROJECT_ID + "}-" + imageRole + "-version"));
        ObjectNode rule = Cfn.object();
        rule.set("Name", Cfn.sub("sagemaker-${" + Names.PROJECT_ID + "}-" + imageRole + "-version"));
        rule.put("Description", "Starts pipeline " + pipeline.role() + " when a new version of the " + imageRole
                + " image is created");
        rule.set("EventPattern", pattern);
        rule.put("State", "ENABLED");
        rule.set("Targets", Cfn.array().add(target));
        ctx.stack().resource(names.prefix() + Names.of(imageRole).prefix() + "ImageVersionRule", "AWS::Events::Rule", rule);
    }

    /**
     * Whether a pipeline builds an image.
     *
     * @param pipeline the pipeline
     * @return true if one of its stages is {@code IMAGE_BUILD}
     */
    public static boolean isImagePipeline(PipelineSpec pipeline) {
        return pipeline.stages().stream().anyMatch(s -> s.type() == dev.mlops.template.StageType.IMAGE_BUILD);
    }

    /**
     * The physical name of an image pipeline's commit rule, {@code sagemaker-<id>-<role>}: with the project's name
     * in it, a 32-character name would pass EventBridge's 64-character limit on rule names.
     *
     * @param role the image pipeline's role
     * @return the {@code Fn::Sub} text
     */
    public static String commitRuleName(String role) {
        return "sagemaker-${" + Names.PROJECT_ID + "}-" + role;
    }

    /**
     * The target id of an image pipeline's commit rule, {@code codecommit-<id>-<role>} (target ids have at most 64
     * characters too).
     *
     * @param role the image pipeline's role
     * @return the {@code Fn::Sub} text
     */
    public static String commitTargetId(String role) {
        return "codecommit-${" + Names.PROJECT_ID + "}-" + role;
    }

    /** @return the ECR repository's logical id, e.g. {@code TrainingImagebuildEcrRepository} */
    static String ecrId(String role) {
        return Names.of(role).prefix() + "EcrRepository";
    }

    /** @return the SageMaker image's logical id, e.g. {@code TrainingImagebuildSageMakerImage} */
    static String imageId(String role) {
        return Names.of(role).prefix() + "SageMakerImage";
    }

    private static ObjectNode pipelineArn(Names names) {
        return Cfn.sub("arn:${AWS::Partition}:codepipeline:${AWS::Region}:${AWS::AccountId}:${" + names.pipelineId() + "}");
    }

    private static ObjectNode variable(String name, com.fasterxml.jackson.databind.JsonNode value) {
        ObjectNode v = Cfn.object().put("Name", name);
        v.set("Value", value);
        return v;
    }
}
