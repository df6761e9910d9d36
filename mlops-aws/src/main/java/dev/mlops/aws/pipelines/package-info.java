/**
 * SageMaker Pipelines definitions of the SDK's ML pipelines: {@link dev.mlops.aws.pipelines.PipelineDefinitionRenderer}
 * renders an {@link dev.mlops.pipeline.MlPipeline} for a {@link dev.mlops.aws.pipelines.PipelineTarget} (region,
 * roles, buckets, the code jar the build stage uploads and the SDK image that runs it).
 */
@MlopsStyle
package dev.mlops.aws.pipelines;

import dev.mlops.MlopsStyle;
