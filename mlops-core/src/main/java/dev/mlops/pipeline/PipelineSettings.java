package dev.mlops.pipeline;

import java.util.Map;
import java.util.Objects;

/**
 * What the build stage passes to the model-build repository's {@link PipelineFactory}: the counterpart of the
 * {@code --kwargs} the original {@code run-pipeline} passes to {@code get_pipeline()}.
 *
 * @param projectName the project's name
 * @param projectId the project's id
 * @param pipelineName the ML pipeline's name ({@code <name>-<id>})
 * @param modelPackageGroupName the model package group ({@code <name>-<id>})
 * @param baseJobPrefix the prefix of job names ({@code <name>-<id>})
 * @param tags the project's tags, including {@code sagemaker:project-name} and {@code sagemaker:project-id}
 * @param region the AWS region the pipeline is rendered for, or empty on the embedded backend (the original's
 *     {@code region} kwarg: its seed picks the public abalone data set of that region)
 */
public record PipelineSettings(String projectName, String projectId, String pipelineName,
        String modelPackageGroupName, String baseJobPrefix, Map<String, String> tags, String region) {
    /**
     * Copies the tags: the record does not change when the caller's collection does.
     *
     * @param projectName the project's name
     * @param projectId the project's id
     * @param pipelineName the ML pipeline's name ({@code <name>-<id>})
     * @param modelPackageGroupName the model package group ({@code <name>-<id>})
     * @param baseJobPrefix the prefix of job names ({@code <name>-<id>})
     * @param tags the project's tags, including {@code sagemaker:project-name} and {@code sagemaker:project-id}
     * @param region the AWS region the pipeline is rendered for, or empty on the embedded backend (the original's
     *     {@code region} kwarg: its seed picks the public abalone data set of that region)
     */
    public PipelineSettings {
        tags = Map.copyOf(tags);
        region = Objects.requireNonNullElse(region, "");
    }

    /**
     * Settings without a region, as the embedded backend passes them.
     *
     * @param projectName the project's name
     * @param projectId the project's id
     * @param pipelineName the ML pipeline's name
     * @param modelPackageGroupName the model package group
     * @param baseJobPrefix the prefix of job names
     * @param tags the project's tags
     */
    public PipelineSettings(String projectName, String projectId, String pipelineName, String modelPackageGroupName,
            String baseJobPrefix, Map<String, String> tags) {
        this(projectName, projectId, pipelineName, modelPackageGroupName, baseJobPrefix, tags, "");
    }

    /**
     * Whether the pipeline is built for a cloud region (and so reads its data from there).
     *
     * @return {@code true} if a region is set
     */
    public boolean hasRegion() {
        return !region.isEmpty();
    }
}
