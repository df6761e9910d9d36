package dev.mlops.aws.cfn.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.template.PipelineSpec;
import dev.mlops.template.Stage;
import dev.mlops.template.StageType;

/**
 * The model package group {@code <name>-<id>} ({@code ModelPackageGroup}) of a template whose pipelines register
 * models, so the registry exists (and can be approved into) before the first build registers to it. The originals
 * leave the group to the pipeline's register step; a stack-made group is kept when the stack goes
 * ({@code DeletionPolicy: Retain}), because CloudFormation cannot delete a group that still holds versions, and the
 * versions are the project's history. {@code project.delete()} deletes the group with its versions.
 */
public final class ModelPackageGroupRenderer {
    /** The group's logical id. */
    public static final String LOGICAL_ID = "ModelPackageGroup";

    private ModelPackageGroupRenderer() {
    }

    /**
     * Adds the group when a pipeline of the template registers models.
     *
     * @param ctx the project being rendered
     */
    public static void render(RenderContext ctx) {
        boolean registers = false;
        for (PipelineSpec p : ctx.template().pipelines()) {
            for (Stage s : p.stages()) {
                registers |= s.type() == StageType.ML_PIPELINE;
            }
        }
        if (!registers) {
            return;
        }
        ObjectNode props = Cfn.object();
        props.set("ModelPackageGroupName", Cfn.sub(Names.modelPackageGroup()));
        props.put("ModelPackageGroupDescription", "Model versions of SageMaker project "
                + "registered by its build pipeline");
        props.set("Tags", ctx.projectTags());
        ObjectNode group = ctx.stack().resource(LOGICAL_ID, "AWS::SageMaker::ModelPackageGroup", props);
        group.put("DeletionPolicy", "Retain");
        group.put("UpdateReplacePolicy", "Retain");
    }
}
