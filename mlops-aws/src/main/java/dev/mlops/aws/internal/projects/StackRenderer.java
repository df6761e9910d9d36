package dev.mlops.aws.internal.projects;

import dev.mlops.template.Template;

/**
 * Turns a template into the project stack that SageMaker provisions (the CloudFormation renderer). Rendering is pure:
 * it needs no account and makes nothing, so that an unchanged project can be recognised before any call that
 * changes something.
 */
@FunctionalInterface
public interface StackRenderer {

    /**
     * Renders the project stack of a template.
     *
     * @param template the template, with its parameter values
     * @param projectName the project's name
     * @return the stack
     */
    RenderedStack render(Template template, String projectName);
}
