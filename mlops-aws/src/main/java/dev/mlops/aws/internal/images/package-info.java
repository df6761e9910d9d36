/**
 * The SDK's container image: {@link dev.mlops.aws.internal.images.SdkImage}, built with Jib from the runtime jars
 * of {@code mlops-container}, to a tarball or into ECR.
 */
package dev.mlops.aws.internal.images;
