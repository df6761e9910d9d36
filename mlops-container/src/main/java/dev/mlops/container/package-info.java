/**
 * What the SDK's container image runs on SageMaker: {@link dev.mlops.container.ProcessingStepMain} runs a
 * model-build repository's {@link dev.mlops.pipeline.ProcessingScript} in a processing job.
 */
package dev.mlops.container;
