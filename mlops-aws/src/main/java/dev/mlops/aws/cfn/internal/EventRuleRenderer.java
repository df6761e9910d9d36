package dev.mlops.aws.cfn.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.template.PipelineSpec;
import dev.mlops.template.RepositorySpec;
import dev.mlops.template.Trigger;

/**
 * The EventBridge rules that start the pipelines, as the originals' triggers: a commit on a repository's
 * tracked branch ({@code CodeCommit Repository State Change}) and an approval-status change of a model version
 * in the project's group to anything but {@code PendingManualApproval} ({@code SageMaker Model Package State
 * Change}; rejections fire too, and the deploy build then redeploys the newest approved version).
 */
public final class EventRuleRenderer {
    private EventRuleRenderer() {
    }

    /**
     * Adds one rule per trigger of a pipeline.
     *
     * @param ctx the project being rendered
     * @param pipeline the pipeline
     */
    public static void render(RenderContext ctx, PipelineSpec pipeline) {
        Names names = Names.of(pipeline.role());
        for (Trigger t : pipeline.triggers()) {
            switch (t.kind()) {
                case COMMIT:
                    if (ThirdPartyRepositoryRenderer.applies(ctx.template())) {
                        break;   // the V2 pipeline's push trigger (PipelineRenderer); no CodeCommit events
                    }
                    RepositorySpec repo = ctx.template().repository(t.repository().orElseThrow()).orElseThrow();
                    rule(ctx, names.commitRuleId(repo.role()), ImageBuildRenderer.isImagePipeline(pipeline)
                                    ? ImageBuildRenderer.commitRuleName(pipeline.role()) : names.commitRuleName(repo.role()),
                            "Starts pipeline " + pipeline.role() + " on a commit to branch " + repo.branch()
                                    + " of the " + repo.role() + " repository",
                            commitPattern(repo), names, ImageBuildRenderer.isImagePipeline(pipeline)
                                    ? ImageBuildRenderer.commitTargetId(pipeline.role()) : names.commitTargetId());
                    break;
                case MODEL_APPROVAL_CHANGE:
                    rule(ctx, names.modelRuleId(), names.modelRuleName(),
                            "Starts pipeline " + pipeline.role() + " when a model version of the project's group is"
                                    + " approved or rejected",
                            modelPackagePattern(ctx), names, names.modelTargetId());
                    break;
                case ENDPOINT_IN_SERVICE:
                    EndpointRuleRenderer.render(ctx, pipeline, t);
                    break;
                case IMAGE_VERSION:
                    ImageBuildRenderer.versionRule(ctx, pipeline, t.repository().orElseThrow());
                    break;
                default:
                    throw new IllegalStateException("trigger " + t.kind() + " reached the rule renderer; "
                            + "UnsupportedParts should have refused it");
            }
        }
    }

    /**
     * The pattern of a commit on a repository's tracked branch.
     *
     * @param repo the repository
     * @return the {@code EventPattern}
     */
    static ObjectNode commitPattern(RepositorySpec repo) {
        ObjectNode pattern = Cfn.object();
        pattern.set("source", Cfn.strings("aws.codecommit"));
        pattern.set("detail-type", Cfn.strings("CodeCommit Repository State Change"));
        pattern.set("resources", Cfn.array().add(Cfn.getAtt(Names.of(repo.role()).repositoryId(), "Arn")));
        ObjectNode detail = Cfn.object();
        detail.set("referenceType", Cfn.strings("branch"));
        detail.set("referenceName", Cfn.strings(repo.branch()));
        pattern.set("detail", detail);
        return pattern;
    }

    /**
     * The originals' deployment trigger: {@code aws.sagemaker}, {@code SageMaker Model Package State Change},
     * the project's group, and any approval status but {@code PendingManualApproval}.
     *
     * @param ctx the project being rendered
     * @return the {@code EventPattern}
     */
    static ObjectNode modelPackagePattern(RenderContext ctx) {
        ObjectNode pattern = Cfn.object();
        pattern.set("source", Cfn.strings("aws.sagemaker"));
        pattern.set("detail-type", Cfn.strings("SageMaker Model Package State Change"));
        ObjectNode detail = Cfn.object();
        detail.set("ModelPackageGroupName", Cfn.array().add(ctx.modelPackageGroup()));
        ObjectNode anythingBut = Cfn.object();
        anythingBut.set("anything-but", Cfn.strings("PendingManualApproval"));
        detail.set("ModelApprovalStatus", Cfn.array().add(anythingBut));
        pattern.set("detail", detail);
        return pattern;
    }

    private static void rule(RenderContext ctx, String id, String name, String description, ObjectNode pattern,
            Names names, String targetId) {
        ObjectNode target = Cfn.object();
        target.set("Arn", Cfn.sub("arn:${AWS::Partition}:codepipeline:${AWS::Region}:${AWS::AccountId}:${"
                + names.pipelineId() + "}"));
        target.set("RoleArn", ctx.roleArn(ctx.roles().events()));
        target.set("Id", Cfn.sub(targetId));
        ArrayNode targets = Cfn.array().add(target);
        ObjectNode props = Cfn.object();
        props.set("Name", Cfn.sub(name));
        props.put("Description", description);
        props.set("EventPattern", pattern);
        props.put("State", "ENABLED");
        props.set("Targets", targets);
        ctx.stack().resource(id, "AWS::Events::Rule", props);
    }
}
