/** How {@link dev.mlops.aws.pipelines.PipelineDefinitionRenderer} renders values and steps; not public API. */
package dev.mlops.aws.pipelines.internal;
