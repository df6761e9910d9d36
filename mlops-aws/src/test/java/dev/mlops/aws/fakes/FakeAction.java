package dev.mlops.aws.fakes;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An action of a {@link FakePipeline}, as {@code CreatePipeline} declares one: a name, an action type (category and
 * provider, owner {@code AWS}, version {@code 1}), a run order within its stage and a configuration.
 *
 * @param name the action's name
 * @param category {@code Source}, {@code Build}, {@code Test}, {@code Deploy} or {@code Approval}
 * @param provider {@code CodeCommit}, {@code CodeBuild}, {@code CloudFormation}, {@code Manual}, …
 * @param runOrder its place in the stage, 1 first
 * @param configuration the action's configuration ({@code ProjectName} of a CodeBuild action, {@code CustomData} of
 *     an approval)
 */
public record FakeAction(String name, String category, String provider, int runOrder, Map<String, String> configuration) {
    /** Copies the configuration. */
    public FakeAction {
        configuration = Map.copyOf(configuration);
    }

    /**
     * A CodeCommit source action.
     *
     * @param name its name, e.g. {@code ModelBuildWorkflowCode}
     * @param repository the repository it reads
     * @return the action
     */
    public static FakeAction source(String name, String repository) {
        return new FakeAction(name, "Source", "CodeCommit", 1, Map.of("RepositoryName", repository,
                "BranchName", "main", "PollForSourceChanges", "false"));
    }

    /**
     * A source action on a third-party repository through a CodeConnections connection.
     *
     * @param name its name, e.g. {@code ModelBuildWorkflowCode}
     * @param connectionArn the connection
     * @param fullRepositoryId {@code owner/name}
     * @param branch the branch it reads
     * @return the action
     */
    public static FakeAction connectionSource(String name, String connectionArn, String fullRepositoryId, String branch) {
        return new FakeAction(name, "Source", "CodeStarSourceConnection", 1, Map.of("ConnectionArn", connectionArn,
                "FullRepositoryId", fullRepositoryId, "BranchName", branch, "OutputArtifactFormat", "CODE_ZIP"));
    }

    /**
     * A CodeBuild action.
     *
     * @param name its name, e.g. {@code BuildAndExecuteSageMakerPipeline}
     * @param project the CodeBuild project it starts a build of
     * @return the action
     */
    public static FakeAction codeBuild(String name, String project) {
        return new FakeAction(name, "Build", "CodeBuild", 1, Map.of("ProjectName", project));
    }

    /**
     * A CloudFormation deploy action.
     *
     * @param name its name, e.g. {@code DeployResourcesStaging}
     * @param stack the stack it deploys
     * @return the action
     */
    public static FakeAction cloudFormation(String name, String stack) {
        return new FakeAction(name, "Deploy", "CloudFormation", 1, Map.of("ActionMode", "REPLACE_ON_FAILURE",
                "StackName", stack));
    }

    /**
     * A manual approval.
     *
     * @param name its name, e.g. {@code ApproveDeployment}
     * @param customData the message to approvers
     * @return the action
     */
    public static FakeAction approval(String name, String customData) {
        Map<String, String> c = new LinkedHashMap<>();
        if (customData != null) {
            c.put("CustomData", customData);
        }
        return new FakeAction(name, "Approval", "Manual", 1, c);
    }

    /**
     * The same action at another place in its stage.
     *
     * @param order 1 to 999
     * @return the action
     */
    public FakeAction runOrder(int order) {
        return new FakeAction(name, category, provider, order, configuration);
    }

    /** @return whether it is a manual approval */
    public boolean isApproval() {
        return category.equals("Approval");
    }

    /** @return whether it is a CodeBuild action */
    public boolean isCodeBuild() {
        return provider.equals("CodeBuild");
    }

    /** @return whether it is a source action */
    public boolean isSource() {
        return category.equals("Source");
    }
}
