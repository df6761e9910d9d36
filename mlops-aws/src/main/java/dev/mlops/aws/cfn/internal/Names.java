package dev.mlops.aws.cfn.internal;

import dev.mlops.template.Templates;
import java.util.Locale;

/**
 * The logical ids and physical names of the originals, per repository or pipeline role. The roles of the
 * SageMaker-provided templates ({@code modelbuild}, {@code modeldeploy}) keep the originals' irregular ids
 * ({@code SageMakerModelPipelineBuildProject}, rule suffixes {@code -build} and {@code -code}); any other role
 * gets ids made from its name the same way ({@code my-role} gives {@code MyRole…}).
 *
 * <p>Physical names are {@code Fn::Sub} texts over the parameters SageMaker fills in, e.g.
 * {@code sagemaker-${SageMakerProjectName}-${SageMakerProjectId}-modelbuild}.
 */
public final class Names {
    /** The parameter SageMaker fills with the project's name. */
    public static final String PROJECT_NAME = "SageMakerProjectName";
    /** The parameter SageMaker fills with the project's id. */
    public static final String PROJECT_ID = "SageMakerProjectId";
    /** The parameter naming the bucket the seed archives are uploaded to. */
    public static final String SEED_BUCKET = "SeedCodeBucket";
    /** The project stack parameter naming the SDK bundle's digest (its prefix in the seed bucket); see SdkBundle. */
    public static final String SDK_BUNDLE = "MlopsSdkBundle";
    /**
     * The project stack parameter naming the SDK image in the account's ECR (see SdkImage): the image the model
     * build's processing steps run and, when {@code MonitorImageUri} is empty, the SDK monitor image.
     */
    public static final String SDK_IMAGE = "MlopsSdkImage";
    /** The condition: {@code MonitorImageUri} is empty, so the monitors run {@link #SDK_IMAGE}. */
    public static final String NO_MONITOR_IMAGE_CONDITION = "MonitorImageUriEmpty";
    /** An ECR image URI SageMaker can pull: {@code <account>.dkr.ecr.<region>.amazonaws.com/<repository>} and a tag or digest. */
    public static final String ECR_IMAGE_URI = "[0-9]{12}\\.dkr\\.ecr\\.[a-z0-9-]+\\.amazonaws\\.com(\\.cn)?/[a-z0-9._/-]+"
            + "(:[A-Za-z0-9._-]+|@sha256:[0-9a-f]{64})";
    /** The folder of SDK bundles in the seed bucket. */
    public static final String SDK_BUNDLE_FOLDER = "mlops-sdk";
    /** The artifact bucket's logical id. */
    public static final String BUCKET = "MlOpsArtifactsBucket";
    /** The artifact bucket policy's logical id. */
    public static final String BUCKET_POLICY = "MlOpsArtifactsBucketPolicy";
    /** The deploy-only template's parameter naming the group to deploy from. */
    public static final String SOURCE_GROUP_PARAMETER = "SourceModelPackageGroupName";
    /** The condition that holds when {@link #SOURCE_GROUP_PARAMETER} is empty. */
    public static final String OWN_GROUP_CONDITION = "DeployFromTheProjectsOwnModelPackageGroup";
    /** The template the deploy build exports (the originals' {@code EXPORT_TEMPLATE_NAME}). */
    public static final String EXPORTED_TEMPLATE = "template-export.yml";
    /** The test results the test build writes (the originals' {@code EXPORT_TEST_RESULTS}). */
    public static final String TEST_RESULTS = "test-results.json";
    /** The prefix of every physical name: {@code sagemaker-<name>-<id>}. */
    public static final String PREFIX = "sagemaker-${" + PROJECT_NAME + "}-${" + PROJECT_ID + "}";

    private final String role;

    private Names(String role) {
        this.role = role;
    }

    /**
     * The names for a repository or pipeline role.
     *
     * @param role e.g. {@code modelbuild}
     * @return its names
     */
    public static Names of(String role) {
        return new Names(role);
    }

    /**
     * The artifact bucket's name, {@code sagemaker-project-<id>}.
     *
     * @return the {@code Fn::Sub} text
     */
    public static String bucketName() {
        return "sagemaker-project-${" + PROJECT_ID + "}";
    }

    /**
     * The project's model package group, {@code <name>-<id>}.
     *
     * @return the {@code Fn::Sub} text
     */
    public static String modelPackageGroup() {
        return "${" + PROJECT_NAME + "}-${" + PROJECT_ID + "}";
    }

    /**
     * The name of an environment's endpoint stack, {@code sagemaker-<name>-<id>-deploy-<environment>}.
     *
     * @param environment e.g. {@code staging}
     * @return the {@code Fn::Sub} text
     */
    public static String deployStack(String environment) {
        return PREFIX + "-deploy-" + environment;
    }

    /**
     * A name turned into a logical-id part: {@code staging} gives {@code Staging}, {@code load-test} gives
     * {@code LoadTest}; characters other than letters and digits are dropped.
     *
     * @param name the name
     * @return the part, alphanumeric
     */
    public static String pascal(String name) {
        StringBuilder b = new StringBuilder();
        boolean upper = true;
        for (char c : name.toCharArray()) {
            if (Character.isLetterOrDigit(c) && c < 128) {
                b.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            } else {
                upper = true;
            }
        }
        return b.toString();
    }

    /**
     * The role's logical-id prefix: {@code ModelBuild}, {@code ModelDeploy}, else {@link #pascal} of the role.
     *
     * @return the prefix
     */
    public String prefix() {
        switch (role) {
            case Templates.MODEL_BUILD:
                return "ModelBuild";
            case Templates.MODEL_DEPLOY:
                return "ModelDeploy";
            case Templates.MODEL_MONITOR:
                return "ModelMonitor";
            default:
                return pascal(role);
        }
    }

    /**
     * The physical name of the role's repository, pipeline and main build project,
     * {@code sagemaker-<name>-<id>-<role>}.
     *
     * @return the {@code Fn::Sub} text
     */
    public String resourceName() {
        return PREFIX + "-" + role;
    }

    /**
     * The repository's logical id, e.g. {@code ModelBuildCodeCommitRepository}.
     *
     * @return the id
     */
    public String repositoryId() {
        return prefix() + "CodeCommitRepository";
    }

    /**
     * The pipeline's logical id, e.g. {@code ModelDeployPipeline}; the model monitor's is the original's
     * {@code SageMakerMonitorPipeline}.
     *
     * @return the id
     */
    public String pipelineId() {
        return role.equals(Templates.MODEL_MONITOR) ? "SageMakerMonitorPipeline" : prefix() + "Pipeline";
    }

    /**
     * The logical id of the build project of the pipeline's ML-pipeline or deploy-config stage:
     * {@code SageMakerModelPipelineBuildProject} for the model build, {@code GetBaselinesAndConfigs} for the model
     * monitor, else e.g. {@code ModelDeployBuildProject}.
     *
     * @return the id
     */
    public String buildProjectId() {
        switch (role) {
            case Templates.MODEL_BUILD:
                return "SageMakerModelPipelineBuildProject";
            case Templates.MODEL_MONITOR:
                return "GetBaselinesAndConfigs";
            default:
                return prefix() + "BuildProject";
        }
    }

    /**
     * The logical id of a test or command stage's build project: the first test stage of the model-deploy
     * pipeline is the original's {@code ModelDeployTestProject}, any other e.g. {@code ModelDeployLoadTestProject}.
     *
     * @param stage the stage's name
     * @param firstTest whether it is the pipeline's first test stage
     * @return the id
     */
    public String stageProjectId(String stage, boolean firstTest) {
        return firstTest ? prefix() + "TestProject" : prefix() + pascal(stage) + "Project";
    }

    /**
     * The physical name of a test or command stage's build project: {@code sagemaker-<name>-<id>-testing} for the
     * first test stage (the original's), else {@code sagemaker-<name>-<id>-<role>-<stage in lower case>}.
     *
     * @param stage the stage's name
     * @param firstTest whether it is the pipeline's first test stage
     * @return the {@code Fn::Sub} text
     */
    public String stageProjectName(String stage, boolean firstTest) {
        return firstTest ? PREFIX + "-testing" : PREFIX + "-" + role + "-" + stage.toLowerCase(Locale.ROOT);
    }

    /**
     * The source action's name: {@code ModelBuildWorkflowCode}, {@code ModelDeployInfraCode}, else
     * {@code <Prefix>Code}.
     *
     * @return the name
     */
    public String sourceAction() {
        switch (role) {
            case Templates.MODEL_BUILD:
                return "ModelBuildWorkflowCode";
            case Templates.MODEL_DEPLOY:
                return "ModelDeployInfraCode";
            default:
                return prefix() + "Code";
        }
    }

    /**
     * The source artifact: {@code ModelBuildSourceArtifact} for the model build, else {@code SourceArtifact}.
     *
     * @return the artifact's name
     */
    public String sourceArtifact() {
        return role.equals(Templates.MODEL_BUILD) ? "ModelBuildSourceArtifact" : "SourceArtifact";
    }

    /**
     * The build artifact: {@code ModelBuildBuildArtifact} for the model build, else {@code BuildArtifact}.
     *
     * @return the artifact's name
     */
    public String buildArtifact() {
        return role.equals(Templates.MODEL_BUILD) ? "ModelBuildBuildArtifact" : "BuildArtifact";
    }

    /**
     * The logical id of the rule that starts this pipeline on a commit to a repository.
     *
     * @param repository the repository's role
     * @return e.g. {@code ModelBuildCodeCommitEventRule}
     */
    public String commitRuleId(String repository) {
        return repository.equals(role) ? prefix() + "CodeCommitEventRule"
                : prefix() + Names.of(repository).prefix() + "CodeCommitEventRule";
    }

    /**
     * The physical name of the commit rule: {@code sagemaker-<name>-<id>-build} for the model build,
     * {@code -code} for the model deploy, else {@code -<role>} (and {@code -<repository>} when the repository is
     * another pipeline's).
     *
     * @param repository the repository's role
     * @return the {@code Fn::Sub} text
     */
    public String commitRuleName(String repository) {
        String suffix;
        if (!repository.equals(role)) {
            suffix = role + "-" + repository;
        } else if (role.equals(Templates.MODEL_BUILD)) {
            suffix = "build";
        } else if (role.equals(Templates.MODEL_DEPLOY)) {
            suffix = "code";
        } else {
            suffix = role;
        }
        return PREFIX + "-" + suffix;
    }

    /**
     * The commit rule's target id: {@code codecommit-<name>-modelbuild} for the model build,
     * {@code codecommit-<name>-trigger} for the model deploy, else {@code codecommit-<name>-<role>}.
     *
     * @return the {@code Fn::Sub} text
     */
    public String commitTargetId() {
        String suffix = role.equals(Templates.MODEL_DEPLOY) ? "trigger" : role;
        return "codecommit-${" + PROJECT_NAME + "}-" + suffix;
    }

    /**
     * The logical id of the rule that starts this pipeline on a model version's approval change, e.g.
     * {@code ModelDeploySageMakerEventRule}.
     *
     * @return the id
     */
    public String modelRuleId() {
        return prefix() + "SageMakerEventRule";
    }

    /**
     * The approval rule's physical name: {@code sagemaker-<name>-<id>-model} for the model deploy, else
     * {@code -model-<role>}.
     *
     * @return the {@code Fn::Sub} text
     */
    public String modelRuleName() {
        return PREFIX + (role.equals(Templates.MODEL_DEPLOY) ? "-model" : "-model-" + role);
    }

    /**
     * The approval rule's target id: {@code sagemaker-<name>-trigger} for the model deploy, else
     * {@code sagemaker-<name>-<role>-trigger}.
     *
     * @return the {@code Fn::Sub} text
     */
    public String modelTargetId() {
        return "sagemaker-${" + PROJECT_NAME + "}" + (role.equals(Templates.MODEL_DEPLOY) ? "" : "-" + role) + "-trigger";
    }
}
