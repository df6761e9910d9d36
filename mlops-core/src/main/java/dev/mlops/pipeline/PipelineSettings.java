package dev.mlops.pipeline;

import java.util.Map;

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
 */
public record PipelineSettings(String projectName, String projectId, String pipelineName,
        String modelPackageGroupName, String baseJobPrefix, Map<String, String> tags) {
    /** Copies the tags. */
    public PipelineSettings {
        tags = Map.copyOf(tags);
    }
}
