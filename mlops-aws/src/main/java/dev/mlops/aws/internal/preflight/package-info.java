/**
 * The checks made before a project is created (internal): the name against SageMaker's rule, the region's services
 * from the SDK's endpoint metadata, each role the stack uses ({@code iam:GetRole}: that it exists under the path the
 * stack refers to and that its trust policy names the service that assumes it), CodeCommit's availability to the
 * account (closed to new customers since July 2024; an account with no repository cannot be told apart without making
 * one, so that is a warning), the CodeConnections connection of third-party repositories ({@code AVAILABLE}, tagged
 * {@code sagemaker=true}), and SageMaker's Service Catalog portfolio when a product is provisioned. Results are
 * {@link dev.mlops.aws.Preflight} and {@link dev.mlops.aws.PreflightProblem}.
 */
package dev.mlops.aws.internal.preflight;
