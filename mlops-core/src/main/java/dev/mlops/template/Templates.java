package dev.mlops.template;

import java.util.List;

/**
 * The SageMaker-provided MLOps project templates, as customizable {@link Template} values. Each carries the
 * repositories, seed code, pipelines, stages, gates, parameters and names of the original.
 *
 * <pre>{@code
 * Project p = MlopsProjects.builder().name("abalone").template(Templates.modelBuildTrainDeploy()).create();
 * }</pre>
 */
public final class Templates {
    /** Role of the model-build repository and pipeline. */
    public static final String MODEL_BUILD = "modelbuild";
    /** Role of the model-deploy repository and pipeline. */
    public static final String MODEL_DEPLOY = "modeldeploy";
    /** Role of the model-monitor repository and pipeline. */
    public static final String MODEL_MONITOR = "modelmonitor";
    /** The staging environment. */
    public static final String STAGING = "staging";
    /** The prod environment. */
    public static final String PROD = "prod";

    private Templates() {
    }

    /**
     * "MLOps template for model building and training": a model-build repository seeded with the abalone
     * pipeline, and a pipeline Source → Build that runs it on every commit.
     *
     * @return the template
     */
    public static Template modelBuildTrain() {
        return Template.builder()
                .id("model-building-training")
                .displayName("MLOps template for model building and training")
                .addRepositories(RepositorySpec.of(MODEL_BUILD, modelBuildSeed()))
                .addPipelines(buildPipeline())
                .addCapabilities(Capability.HOSTED_REPOSITORIES, Capability.ML_PIPELINES)
                .build();
    }

    /**
     * "MLOps template for model deployment": a model-deploy repository with staging and prod configuration and
     * endpoint tests, and a pipeline Source → Build → DeployStaging → TestStaging → ApproveDeployment →
     * DeployProd that runs on every approval-status change of a model version (rejections too: the newest
     * approved version is redeployed, the originals' implicit rollback) and on every commit.
     *
     * <p>The parameter {@code SourceModelPackageGroupName} lets it deploy a group another project owns.
     *
     * @return the template
     */
    public static Template modelDeploy() {
        return Template.builder()
                .id("model-deployment")
                .displayName("MLOps template for model deployment")
                .addRepositories(RepositorySpec.of(MODEL_DEPLOY, modelDeploySeed()))
                .addPipelines(deployPipeline())
                .environments(List.of(STAGING, PROD))
                .addParameters(TemplateParameter.optional("SourceModelPackageGroupName",
                        "the model package group to deploy from; defaults to the project's own <name>-<id>", ""))
                .addCapabilities(Capability.HOSTED_REPOSITORIES, Capability.ENDPOINTS)
                .build();
    }

    /**
     * "MLOps template for model building, training, and deployment": the two templates above in one project.
     *
     * @return the template
     */
    public static Template modelBuildTrainDeploy() {
        return Template.builder()
                .id("model-building-training-deployment")
                .displayName("MLOps template for model building, training, and deployment")
                .addRepositories(RepositorySpec.of(MODEL_BUILD, modelBuildSeed()),
                        RepositorySpec.of(MODEL_DEPLOY, modelDeploySeed()))
                .addPipelines(buildPipeline(), deployPipeline())
                .environments(List.of(STAGING, PROD))
                .addCapabilities(Capability.HOSTED_REPOSITORIES, Capability.ML_PIPELINES, Capability.ENDPOINTS)
                .build();
    }

    /**
     * "MLOps template for model building, training, deployment, and Amazon SageMaker Model Monitor": adds a
     * model-monitor repository and a pipeline that reads the deployed version's baselines and deploys data
     * quality, model quality, bias drift and feature attribution monitors to staging and, after approval, to
     * prod. It runs when the staging endpoint goes into service and on every commit.
     *
     * @return the template
     */
    public static Template modelBuildTrainDeployMonitor() {
        PipelineSpec monitor = PipelineSpec.builder()
                .role(MODEL_MONITOR)
                .sourceRepository(MODEL_MONITOR)
                .addStages(Stage.of("Source", StageType.SOURCE).build(),
                        Stage.of("Build", StageType.MONITOR_CONFIG).build(),
                        Stage.of("DeployMonitorsStaging", StageType.MONITOR_DEPLOY).environment(STAGING).build(),
                        Stage.approval(ApprovalGate.manual("ApproveMonitorsProdDeployment")
                                .message("Make sure the prod endpoint is in service before approving").build()),
                        Stage.of("DeployMonitorsProd", StageType.MONITOR_DEPLOY).environment(PROD).build())
                .addTriggers(Trigger.onCommit(MODEL_MONITOR), Trigger.onEndpointInService(STAGING))
                .build();
        return modelBuildTrainDeploy().toBuilder()
                .id("model-building-training-deployment-monitoring")
                .displayName("MLOps template for model building, training, deployment, and Amazon SageMaker Model Monitor")
                .addRepositories(RepositorySpec.of(MODEL_MONITOR, SeedCode.fromClasspath("dev/mlops/seed/modelmonitor")))
                .addPipelines(monitor)
                .addCapabilities(Capability.MODEL_MONITOR)
                .build();
    }

    /** The image kinds of the image-building template, in the order of the original's options. */
    public static final List<String> IMAGE_KINDS = List.of("processing", "training", "inference");

    /**
     * "MLOps template for image building, model building, and model deployment": template C plus, for each image
     * kind (processing, training, inference), a repository {@code <kind>-imagebuild} seeded with a buildable image
     * (a Dockerfile and a Java image descriptor) and a pipeline Source → BuildImage that builds it and registers a
     * new image version when the build context changed. A new image version starts the model build, whose
     * registered model (on approval) starts the deploy, the original's chain.
     *
     * <p>The parameters {@code IncludeProcessingImage}, {@code IncludeTrainingImage} and
     * {@code IncludeInferenceImage} ({@code true} by default) are the original's "Include … image-building
     * pipeline" options: {@code false} leaves that image's repository and pipeline out of the project.
     *
     * @return the template
     */
    public static Template imageBuildModelBuildDeploy() {
        Template c = modelBuildTrainDeploy();
        Template.Builder b = c.toBuilder()
                .id("image-building-model-building-deployment")
                .displayName("MLOps template for image building, model building, and model deployment")
                .addCapabilities(Capability.IMAGE_BUILDING);
        List<PipelineSpec> pipelines = new java.util.ArrayList<>();
        PipelineSpec.Builder build = PipelineSpec.builder();
        build.from(c.pipeline(MODEL_BUILD).orElseThrow());
        for (String kind : IMAGE_KINDS) {
            String role = imageRepository(kind);
            String parameter = "Include" + Character.toUpperCase(kind.charAt(0)) + kind.substring(1) + "Image";
            b.addParameters(TemplateParameter.optional(parameter, "true to include the " + kind
                    + " image's repository and image-building pipeline, false to leave them out", "true"));
            b.addRepositories(ImmutableRepositorySpec.builder().role(role).seed(imageBuildSeed()).includedBy(parameter)
                    .build());
            pipelines.add(PipelineSpec.builder().role(role).sourceRepository(role).includedBy(parameter)
                    .addStages(Stage.of("Source", StageType.SOURCE).build(),
                            Stage.of("BuildImage", StageType.IMAGE_BUILD).build())
                    .addTriggers(Trigger.onCommit(role))
                    .build());
            build.addTriggers(Trigger.onImageVersion(role));
        }
        b.pipelines(List.of(build.build(), c.pipeline(MODEL_DEPLOY).orElseThrow()));
        b.addAllPipelines(pipelines);
        return b.build();
    }

    /**
     * The role of the repository (and image-building pipeline) of an image kind.
     *
     * @param kind {@code processing}, {@code training} or {@code inference}
     * @return e.g. {@code training-imagebuild}
     */
    public static String imageRepository(String kind) {
        return kind + "-imagebuild";
    }

    /**
     * The image-building seed: a {@code Dockerfile} with its {@code buildspec.yml} (built by Docker, on CodeBuild or
     * a local engine) and an {@code image.properties} with a small Java entry point (built by Jib on the embedded
     * backend, no Docker needed).
     *
     * @return the seed
     */
    public static SeedCode imageBuildSeed() {
        return SeedCode.fromClasspath("dev/mlops/seed/imagebuild");
    }

    /**
     * "MLOps template for model building, training, and deployment with third-party Git repositories using
     * CodePipeline": the build and deploy pipelines over GitHub or Bitbucket repositories reached through a
     * CodeStar (CodeConnections) connection tagged {@code sagemaker=true}.
     *
     * @return the template; give the required repository and connection parameters
     */
    public static Template thirdPartyGitCodePipeline() {
        return modelBuildTrainDeploy().toBuilder()
                .id("model-building-training-deployment-3p-git-codepipeline")
                .displayName("MLOps template for model building, training, and deployment with third-party Git"
                        + " repositories using CodePipeline")
                .parameters(thirdPartyParameters())
                .capabilities(List.of(Capability.THIRD_PARTY_REPOSITORIES, Capability.ML_PIPELINES, Capability.ENDPOINTS))
                .build();
    }

    /**
     * "MLOps template for model building, training, and deployment with third-party Git repositories using
     * Jenkins": the same repositories, with Jenkins running the pipelines.
     *
     * @return the template; give the required repository and connection parameters
     */
    public static Template thirdPartyGitJenkins() {
        return modelBuildTrainDeploy().toBuilder()
                .id("model-building-training-deployment-3p-git-jenkins")
                .displayName("MLOps template for model building, training, and deployment with third-party Git"
                        + " repositories using Jenkins")
                .parameters(jenkinsParameters())
                .capabilities(List.of(Capability.THIRD_PARTY_REPOSITORIES, Capability.JENKINS, Capability.ML_PIPELINES,
                        Capability.ENDPOINTS))
                .build();
    }

    /**
     * Every template, in the order of the seed document.
     *
     * @return the templates
     */
    public static List<Template> all() {
        return List.of(modelBuildTrain(), modelDeploy(), modelBuildTrainDeploy(), modelBuildTrainDeployMonitor(),
                imageBuildModelBuildDeploy(), thirdPartyGitCodePipeline(), thirdPartyGitJenkins());
    }

    /**
     * The original model-build seed, ported to Java: the abalone pipeline (preprocess, train XGBoost, evaluate,
     * register if MSE ≤ 6.0) and its data.
     *
     * @return the seed
     */
    public static SeedCode modelBuildSeed() {
        return SeedCode.fromClasspath("dev/mlops/seed/modelbuild");
    }

    /**
     * The original model-deploy seed: staging and prod configuration and the endpoint test.
     *
     * @return the seed
     */
    public static SeedCode modelDeploySeed() {
        return SeedCode.fromClasspath("dev/mlops/seed/modeldeploy");
    }

    private static PipelineSpec buildPipeline() {
        return PipelineSpec.builder()
                .role(MODEL_BUILD)
                .sourceRepository(MODEL_BUILD)
                .addStages(Stage.of("Source", StageType.SOURCE).build(),
                        Stage.of("Build", StageType.ML_PIPELINE).build())
                .addTriggers(Trigger.onCommit(MODEL_BUILD))
                .build();
    }

    private static PipelineSpec deployPipeline() {
        return PipelineSpec.builder()
                .role(MODEL_DEPLOY)
                .sourceRepository(MODEL_DEPLOY)
                .addStages(Stage.of("Source", StageType.SOURCE).build(),
                        Stage.of("Build", StageType.DEPLOY_CONFIG).build(),
                        Stage.of("DeployStaging", StageType.DEPLOY).environment(STAGING).configFile("staging-config.json").build(),
                        Stage.test("TestStaging").environment(STAGING).build(),
                        Stage.approval(ApprovalGate.manual("ApproveDeployment").build()),
                        Stage.of("DeployProd", StageType.DEPLOY).environment(PROD).configFile("prod-config.json").build())
                .addTriggers(Trigger.onCommit(MODEL_DEPLOY), Trigger.onModelApprovalChange())
                .build();
    }

    /**
     * The original Jenkins template's repository parameters (no connection: Jenkins clones the repositories), and
     * the approval route's: where the Jenkins jobs are, as whom and with which token secret the model registry's
     * approval events start the deploy job.
     */
    private static List<TemplateParameter> jenkinsParameters() {
        return List.of(
                TemplateParameter.required("ModelBuildCodeRepositoryFullname", "username/reponame or organizationname/reponame"),
                TemplateParameter.optional("ModelBuildCodeRepositoryBranch", "branch of the model-build repository", "main"),
                TemplateParameter.optional("ModelBuildCodeRepositoryUrl",
                        "clone URL of the model-build repository, for its SageMaker code repository; empty for none", ""),
                TemplateParameter.required("ModelDeployCodeRepositoryFullname", "username/reponame or organizationname/reponame"),
                TemplateParameter.optional("ModelDeployCodeRepositoryBranch", "branch of the model-deploy repository", "main"),
                TemplateParameter.optional("ModelDeployCodeRepositoryUrl",
                        "clone URL of the model-deploy repository, for its SageMaker code repository; empty for none", ""),
                TemplateParameter.optional("JenkinsUrl", "https URL of the Jenkins folder the project's folder is made"
                        + " in, ending with '/'; empty: no model-approval route to the deploy job", ""),
                TemplateParameter.optional("JenkinsUser", "the Jenkins user the model-approval route calls as", ""),
                TemplateParameter.optional("JenkinsApiTokenSecretArn", "ARN of the Secrets Manager secret holding that"
                        + " user's API token", ""));
    }

    private static List<TemplateParameter> thirdPartyParameters() {
        return List.of(
                TemplateParameter.required("ModelBuildCodeRepositoryFullname", "username/reponame or organizationname/reponame"),
                TemplateParameter.optional("ModelBuildCodeRepositoryBranch", "branch of the model-build repository", "main"),
                TemplateParameter.required("ModelDeployCodeRepositoryFullname", "username/reponame or organizationname/reponame"),
                TemplateParameter.optional("ModelDeployCodeRepositoryBranch", "branch of the model-deploy repository", "main"),
                TemplateParameter.required("CodeConnectionArn", "ARN of a CodeStar/CodeConnections connection tagged sagemaker=true"));
    }
}
