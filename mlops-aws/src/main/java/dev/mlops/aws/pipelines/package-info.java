/**
 * Rendering ML pipelines ({@link dev.mlops.pipeline.MlPipeline}) to SageMaker Pipelines definitions:
 * {@link dev.mlops.aws.pipelines.PipelineDefinitionRenderer} turns a pipeline into the JSON that
 * {@code CreatePipeline}/{@code UpdatePipeline} take, for the account, role, bucket and images of a
 * {@link dev.mlops.aws.pipelines.PipelineTarget}. Offline and deterministic.
 */
package dev.mlops.aws.pipelines;
