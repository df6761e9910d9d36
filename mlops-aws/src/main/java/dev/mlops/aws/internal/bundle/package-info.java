/**
 * The SDK bundle: the SDK's own runtime jars, found from the running class path, which provisioning uploads into the
 * account's SageMaker bucket under a content-addressed prefix ({@code mlops-sdk/<digest>/}) with a
 * {@code SHA256SUMS} manifest, so that the projects' CodeBuild builds can run the SDK's build mains without the SDK
 * being published anywhere public.
 */
package dev.mlops.aws.internal.bundle;
