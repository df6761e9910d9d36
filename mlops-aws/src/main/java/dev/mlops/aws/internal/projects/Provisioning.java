package dev.mlops.aws.internal.projects;

import dev.mlops.template.Template;
import java.util.Optional;
import software.amazon.awssdk.services.sagemaker.model.CreateProjectRequest;
import software.amazon.awssdk.services.sagemaker.model.DescribeProjectResponse;
import software.amazon.awssdk.services.sagemaker.model.UpdateProjectRequest;

/**
 * How SageMaker provisions a project's stack: from a CloudFormation template in S3 ({@code TemplateProviders}), or
 * from a Service Catalog product ({@code ServiceCatalogProvisioningDetails}).
 */
interface Provisioning {

    /**
     * What a template would be provisioned from. Planning changes nothing (it may read).
     *
     * @param template the template
     * @param projectName the project's name
     * @return the plan
     */
    Plan plan(Template template, String projectName);

    /**
     * Whether this way provisioned a project.
     *
     * @param project the project as SageMaker describes it
     * @return true if it did
     */
    boolean provisioned(DescribeProjectResponse project);

    /**
     * The project's CloudFormation stack (id or name), once SageMaker has made it.
     *
     * @param project the project as SageMaker describes it
     * @return the stack, or empty while there is none yet
     */
    Optional<String> stack(DescribeProjectResponse project);

    /** What a template is provisioned from, and how to ask SageMaker for it. */
    interface Plan {

        /**
         * Identifies what the stack becomes: equal digests provision the same stack.
         *
         * @return a digest
         */
        String digest();

        /**
         * Uploads what the request refers to and completes a CreateProject request.
         *
         * @param request the request
         */
        void applyTo(CreateProjectRequest.Builder request);

        /**
         * Uploads what the request refers to and completes an UpdateProject request.
         *
         * @param request the request
         * @param current the project as SageMaker describes it now
         */
        void applyTo(UpdateProjectRequest.Builder request, DescribeProjectResponse current);
    }
}
