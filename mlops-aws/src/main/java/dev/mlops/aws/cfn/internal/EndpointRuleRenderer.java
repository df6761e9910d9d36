package dev.mlops.aws.cfn.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.template.PipelineSpec;
import dev.mlops.template.Trigger;

/**
 * The Model Monitor template's trigger: the rule {@code sagemaker-<name>-<id>-ep}
 * ({@code InServiceEndpointEventRule}) that starts the monitor pipeline when an environment's endpoint
 * {@code <name>-<environment>} reaches {@code IN_SERVICE}, with the original's pattern
 * ({@code aws.sagemaker}, {@code SageMaker Endpoint State Change}) and target id
 * {@code sagemaker-<name>-endpoint-trigger}.
 */
public final class EndpointRuleRenderer {
    /** The rule's logical id, as the original's. */
    public static final String RULE_ID = "InServiceEndpointEventRule";

    private EndpointRuleRenderer() {
    }

    /**
     * Adds the rule of an {@link Trigger.Kind#ENDPOINT_IN_SERVICE} trigger.
     *
     * @param ctx the project being rendered
     * @param pipeline the pipeline it starts
     * @param trigger the trigger, naming the environment
     */
    public static void render(RenderContext ctx, PipelineSpec pipeline, Trigger trigger) {
        Names names = Names.of(pipeline.role());
        String env = trigger.environment().orElseThrow();
        boolean first = !ctx.stack().hasResource(RULE_ID);
        String id = first ? RULE_ID : "InService" + Names.pascal(env) + "EndpointEventRule";
        ObjectNode pattern = Cfn.object();
        pattern.set("source", Cfn.strings("aws.sagemaker"));
        pattern.set("detail-type", Cfn.strings("SageMaker Endpoint State Change"));
        ObjectNode detail = Cfn.object();
        detail.set("EndpointName", Cfn.array().add(Cfn.sub("${" + Names.PROJECT_NAME + "}-" + env)));
        detail.set("EndpointStatus", Cfn.strings("IN_SERVICE"));
        pattern.set("detail", detail);
        ObjectNode target = Cfn.object();
        target.set("Arn", Cfn.sub("arn:${AWS::Partition}:codepipeline:${AWS::Region}:${AWS::AccountId}:${"
                + names.pipelineId() + "}"));
        target.set("RoleArn", ctx.roleArn(ctx.roles().events()));
        target.set("Id", Cfn.sub("sagemaker-${" + Names.PROJECT_NAME + "}-endpoint-trigger"
                + (first ? "" : "-" + env)));
        ObjectNode props = Cfn.object();
        props.set("Name", Cfn.sub(Names.PREFIX + "-ep" + (first ? "" : "-" + env)));
        props.put("Description", "Starts pipeline " + pipeline.role() + " when the " + env + " endpoint is in service");
        props.set("EventPattern", pattern);
        props.put("State", "ENABLED");
        props.set("Targets", Cfn.array().add(target));
        ctx.stack().resource(id, "AWS::Events::Rule", props);
    }
}
