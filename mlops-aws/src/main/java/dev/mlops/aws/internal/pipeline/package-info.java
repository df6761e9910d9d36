/**
 * The AWS backend's orchestrator: the project's CodePipeline pipelines (made by the project's stack), their
 * executions, stage and action progress, CodeBuild logs in CloudWatch Logs and manual approvals. Internal: use it
 * through {@link dev.mlops.aws.AwsBackend#orchestrator()}.
 */
package dev.mlops.aws.internal.pipeline;
