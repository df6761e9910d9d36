/**
 * The AWS backend: projects provisioned as SageMaker projects from the originals' CloudFormation, operated through
 * CodePipeline, CodeBuild, CodeCommit, the SageMaker model registry, S3 and SageMaker endpoints. Start with
 * {@link dev.mlops.aws.AwsBackend#builder()}.
 */
package dev.mlops.aws;
