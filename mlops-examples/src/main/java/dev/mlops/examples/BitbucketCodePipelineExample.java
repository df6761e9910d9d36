package dev.mlops.examples;

import dev.mlops.Execution;
import dev.mlops.ExecutionStatus;
import dev.mlops.MlopsProjects;
import dev.mlops.ModelApprovalStatus;
import dev.mlops.ModelVersion;
import dev.mlops.Project;
import dev.mlops.Secret;
import dev.mlops.aws.AwsBackend;
import dev.mlops.git.bitbucket.BitbucketCloudRepositories;
import dev.mlops.spi.SourceRepositories;
import dev.mlops.template.Template;
import dev.mlops.template.Templates;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Optional;

/**
 * The composition "Bitbucket + CodePipeline + SageMaker", the seed's CodePipeline template over third-party Git:
 * the code lives in two Bitbucket Cloud repositories, CodePipeline (V2 pipelines with a CodeConnections source)
 * builds, trains and deploys on SageMaker, and the registry's approval and the manual gate guard prod.
 *
 * <pre>{@code
 * try (AwsBackend aws = AwsBackend.builder().region(Region.EU_WEST_1).build();
 *         Project project = BitbucketCodePipelineExample.create(aws,
 *                 BitbucketCloudRepositories.builder().workspace("acme")
 *                         .apiToken("ml-bot@acme.com", Secret.of(System.getenv("BITBUCKET_API_TOKEN"))).build(),
 *                 "abalone", BitbucketCodePipelineExample.template("acme/abalone-modelbuild",
 *                         "acme/abalone-modeldeploy", connectionArn))) {
 *     BitbucketCodePipelineExample.deliver(project, Duration.ofHours(2), System.out);
 * }
 * }</pre>
 *
 * <p>As in the original template, the two repositories exist before the project (empty, or with a README) and the
 * connection is AVAILABLE and tagged {@code sagemaker=true}; the project's stack checks the seed code in to them, the
 * repositories component adopts them, and a push to the model build repository starts the build pipeline.
 * {@link #deliver} is safe to call again after a failure: each step first looks at what is done.
 */
public final class BitbucketCodePipelineExample {
    private BitbucketCodePipelineExample() {
    }

    /**
     * The seed's CodePipeline template over third-party Git, naming the repositories and the connection.
     *
     * @param modelBuildRepository the model build repository, {@code workspace/name}
     * @param modelDeployRepository the model deploy repository, {@code workspace/name}
     * @param connectionArn the CodeConnections connection to the Bitbucket workspace
     * @return the template
     */
    public static Template template(String modelBuildRepository, String modelDeployRepository, String connectionArn) {
        return Templates.thirdPartyGitCodePipeline()
                .withParameter("ModelBuildCodeRepositoryFullname", modelBuildRepository)
                .withParameter("ModelDeployCodeRepositoryFullname", modelDeployRepository)
                .withParameter("CodeConnectionArn", connectionArn);
    }

    /**
     * Bitbucket Cloud repositories with an Atlassian API token.
     *
     * @param workspace the workspace's slug
     * @param email the token's account email
     * @param token the API token
     * @return the component
     */
    public static BitbucketCloudRepositories repositories(String workspace, String email, Secret token) {
        return BitbucketCloudRepositories.builder().workspace(workspace).apiToken(email, token).build();
    }

    /**
     * Creates the project (or reattaches to it): the preflight checks the connection, SageMaker makes the project
     * and its stack, which checks the seed code in to both repositories.
     *
     * @param aws the AWS backend
     * @param repositories the Bitbucket repositories component
     * @param name the project's name
     * @param template the template, from {@link #template}
     * @return the project
     */
    public static Project create(AwsBackend aws, SourceRepositories repositories, String name, Template template) {
        return MlopsProjects.builder().name(name).template(template).backend(aws).repositories(repositories).create();
    }

    /**
     * Build → approve → staging → gate → prod for the project's latest build, each step skipped when done.
     *
     * @param project the project
     * @param wait how long each wait may take
     * @param out where to say what happens
     * @return the model version in prod
     * @throws IllegalStateException if the build does not succeed
     * @throws dev.mlops.exception.MlopsException if a wait times out or a component fails
     */
    public static ModelVersion deliver(Project project, Duration wait, PrintStream out) {
        project.repositories().all().forEach(r -> out.printf("  repository %s  %s  %s%n", r.name(), r.cloneUri(),
                r.headCommit()));
        Execution build = project.pipelines().build().awaitLatest(wait);
        out.printf("  build %s %s%n", build.id(), build.status());
        if (build.status() != ExecutionStatus.Succeeded) {
            throw new IllegalStateException("The build pipeline ended " + build.status() + ": " + build.stages());
        }
        ModelVersion built = project.models().versions().stream()
                .filter(v -> build.id().equals(v.lineage().get("pipelineExecution"))).findFirst()
                // where the registry does not name the CodePipeline execution, the newest version is the build's
                .or(() -> project.models().versions().stream().max(java.util.Comparator.comparingInt(ModelVersion::version)))
                .orElseThrow(() -> new IllegalStateException("Build " + build.id() + " registered no model version"));
        ModelVersion candidate = built.status() == ModelApprovalStatus.PendingManualApproval
                ? built.approve("MSE below 6.0 on the test split") : built;
        out.printf("  model version %d %s%n", candidate.version(), candidate.status());
        project.environments().staging().awaitDeployed(candidate, wait);
        out.printf("  staging: version %d%n", candidate.version());
        Optional<ModelVersion> inProd = project.environments().prod().deployedVersion();
        if (inProd.map(v -> v.version() != candidate.version()).orElse(true)) {
            project.gates().awaitPending(candidate, wait).approve("staging tests passed");
        }
        project.environments().prod().awaitDeployed(candidate, wait);
        out.printf("  prod: version %d%n", candidate.version());
        return candidate;
    }

    /**
     * Runs the composition on the AWS account of the default credentials chain, with {@code BITBUCKET_WORKSPACE},
     * {@code BITBUCKET_EMAIL}, {@code BITBUCKET_API_TOKEN}, {@code MODELBUILD_REPOSITORY},
     * {@code MODELDEPLOY_REPOSITORY} and {@code CODECONNECTION_ARN} from the environment.
     *
     * @param args {@code [project name]}, {@code abalone} unless given
     */
    public static void main(String[] args) {
        String name = args.length > 0 ? args[0] : "abalone";
        try (AwsBackend aws = AwsBackend.builder().build();
                Project project = create(aws, repositories(env("BITBUCKET_WORKSPACE"), env("BITBUCKET_EMAIL"),
                        Secret.of(env("BITBUCKET_API_TOKEN"))), name, template(env("MODELBUILD_REPOSITORY"),
                        env("MODELDEPLOY_REPOSITORY"), env("CODECONNECTION_ARN")))) {
            ModelVersion v = deliver(project, Duration.ofHours(2), System.out);
            System.out.printf("Model version %d of %s is in prod%n", v.version(), project.name());
        }
    }

    private static String env(String name) {
        String v = System.getenv(name);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("Set " + name + " in the environment");
        }
        return v;
    }
}
