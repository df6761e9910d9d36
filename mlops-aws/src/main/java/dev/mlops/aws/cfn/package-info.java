/**
 * Rendering templates to CloudFormation for the AWS backend: {@link dev.mlops.aws.cfn.CloudFormationRenderer}
 * turns a {@link dev.mlops.template.Template} into a {@link dev.mlops.aws.cfn.RenderedProject} (the project
 * stack, the endpoint stacks and the seed archives' places) with the names of the SageMaker-provided originals,
 * using the roles of an {@link dev.mlops.aws.cfn.AwsRoles}. Offline and deterministic.
 */
package dev.mlops.aws.cfn;
