/**
 * The renderers behind {@link dev.mlops.aws.cfn.CloudFormationRenderer}, one per resource family, and their JSON
 * helpers. Internal: no compatibility promise, not for use outside this module.
 */
package dev.mlops.aws.cfn.internal;
