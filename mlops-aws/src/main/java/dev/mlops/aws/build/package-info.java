/**
 * The build stage's mains, which the projects' CodeBuild builds run from the SDK bundle
 * ({@code java -cp 'sdk/*' <main>}, see {@code docs/backend-aws.md}, "The build stage on CodeBuild"):
 * <ul>
 *   <li>{@link dev.mlops.aws.build.RunPipeline} ({@code codebuild-buildspec.yml} of the model-build repository):
 *       compiles the repository, upserts its SageMaker pipeline, starts it and waits with step progress;</li>
 *   <li>{@link dev.mlops.aws.build.BuildDeployment} ({@code buildspec.yml} of the model-deploy repository): picks
 *       the model version to deploy and exports the endpoint stack's template and each environment's
 *       configuration;</li>
 *   <li>{@link dev.mlops.aws.build.TestEndpoint} ({@code test/buildspec.yml}): runs the repository's endpoint tests
 *       against the staging endpoint.</li>
 * </ul>
 * Each exits 0 on success, 1 when the stage fails and 2 on a usage error.
 */
package dev.mlops.aws.build;
