package dev.mlops.aws.cfn.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.aws.cfn.AwsRoles;
import dev.mlops.template.Template;

/**
 * What every renderer of the project stack shares: the template, the roles, the stack under construction and
 * the values several resource families use (role ARNs, the model package group, the project tags).
 */
public final class RenderContext {
    private final Template template;
    private final AwsRoles roles;
    private final StackBuilder stack;

    /**
     * Creates the context.
     *
     * @param template the template being rendered
     * @param roles the roles the resources use
     * @param stack the project stack under construction
     */
    public RenderContext(Template template, AwsRoles roles, StackBuilder stack) {
        this.template = template;
        this.roles = roles;
        this.stack = stack;
    }

    /**
     * The template being rendered.
     *
     * @return the template
     */
    public Template template() {
        return template;
    }

    /**
     * The roles.
     *
     * @return the roles
     */
    public AwsRoles roles() {
        return roles;
    }

    /**
     * The project stack under construction.
     *
     * @return the builder
     */
    public StackBuilder stack() {
        return stack;
    }

    /**
     * The ARN of one of the roles, from pseudo parameters.
     *
     * @param name the role's name, one of {@link #roles()}
     * @return the {@code Fn::Sub}
     */
    public ObjectNode roleArn(String name) {
        return Cfn.roleArn(roles.path(), name);
    }

    /**
     * The model package group the project registers to and deploys from: {@code <name>-<id>}, or the
     * {@code SourceModelPackageGroupName} parameter when the template declares it and it is not empty.
     *
     * @return the value, a {@code Fn::Sub} or a {@code Fn::If}
     */
    public ObjectNode modelPackageGroup() {
        ObjectNode own = Cfn.sub(Names.modelPackageGroup());
        if (stack.hasParameter(Names.SOURCE_GROUP_PARAMETER)) {
            return Cfn.ifThen(Names.OWN_GROUP_CONDITION, own, Cfn.ref(Names.SOURCE_GROUP_PARAMETER));
        }
        return own;
    }

    /**
     * The project's tags, {@code sagemaker:project-name} and {@code sagemaker:project-id}, from the parameters
     * SageMaker fills in.
     *
     * @return a new {@code Tags} list
     */
    public ArrayNode projectTags() {
        ArrayNode tags = Cfn.array();
        tags.add(Cfn.tag("sagemaker:project-name", Cfn.ref(Names.PROJECT_NAME)));
        tags.add(Cfn.tag("sagemaker:project-id", Cfn.ref(Names.PROJECT_ID)));
        return tags;
    }
}
