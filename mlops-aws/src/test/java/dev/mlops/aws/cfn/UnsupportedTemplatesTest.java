package dev.mlops.aws.cfn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.exception.UnsupportedByBackendException;
import dev.mlops.template.ApprovalGate;
import dev.mlops.template.Template;
import dev.mlops.template.Templates;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * What this release does not render is refused by name, never dropped: Jenkins, incomplete third-party repositories,
 * and gates CodePipeline cannot express.
 */
class UnsupportedTemplatesTest {
    private final CloudFormationRenderer renderer = new CloudFormationRenderer();

    @Test
    void everyTemplateRenders() {
        assertThat(Templates.all()).filteredOn(t -> renderer.problems(t).isEmpty()).extracting(Template::id)
                .containsExactly("model-building-training", "model-deployment", "model-building-training-deployment",
                        "model-building-training-deployment-monitoring", "image-building-model-building-deployment",
                        "model-building-training-deployment-3p-git-codepipeline",
                        "model-building-training-deployment-3p-git-jenkins");
    }

    @Test
    void jenkinsAndThirdPartyRepositoriesWithoutTheirParameters_areRefused() {
        Template bareJenkins = Templates.thirdPartyGitJenkins().toBuilder().parameters(java.util.List.of()).build();
        assertThat(renderer.problems(bareJenkins)).containsExactly("its third-party repositories need the template"
                + " parameters [ModelBuildCodeRepositoryFullname, ModelBuildCodeRepositoryBranch,"
                + " ModelDeployCodeRepositoryFullname, ModelDeployCodeRepositoryBranch] (the connection, and each"
                + " repository's owner/name and branch); add them as Templates.thirdPartyGitCodePipeline() does",
                "its Jenkins pipelines need the template parameters [JenkinsUrl, JenkinsUser, JenkinsApiTokenSecretArn,"
                + " ModelBuildCodeRepositoryUrl, ModelDeployCodeRepositoryUrl] (the Jenkins folder URL, user and token"
                + " secret of the approval route, and each repository's URL); add them as"
                + " Templates.thirdPartyGitJenkins() does");
        assertThatThrownBy(() -> renderer.render(bareJenkins, "abalone"))
                .isInstanceOf(UnsupportedByBackendException.class).hasMessageContaining("JenkinsUrl");
        Template bare = Templates.thirdPartyGitCodePipeline().toBuilder().parameters(java.util.List.of()).build();
        assertThat(renderer.problems(bare)).containsExactly("its third-party repositories need the template parameters"
                + " [CodeConnectionArn, ModelBuildCodeRepositoryFullname, ModelBuildCodeRepositoryBranch,"
                + " ModelDeployCodeRepositoryFullname, ModelDeployCodeRepositoryBranch] (the connection, and each"
                + " repository's owner/name and branch); add them as Templates.thirdPartyGitCodePipeline() does");
    }

    @Test
    void approvalGatesWithApproversOrATimeout_areRefused_ratherThanRenderedOpen() {
        Template gated = Templates.modelBuildTrainDeploy().withApprovalGate(
                ApprovalGate.manual("ApproveDeployment").approvers("ml-leads").timeout(Duration.ofHours(1)).build());

        assertThat(renderer.problems(gated)).containsExactly(
                "stage ApproveDeployment (APPROVAL) of pipeline modeldeploy: approvers [ml-leads] cannot be set on a"
                        + " CodePipeline manual approval, where IAM decides who may approve; grant"
                        + " codepipeline:PutApprovalResult to them instead and remove the approvers",
                "stage ApproveDeployment (APPROVAL) of pipeline modeldeploy: timeout PT1H cannot be set on a CodePipeline"
                        + " manual approval, which always expires after 7 days; remove the timeout");
    }

    @Test
    void badArguments_areValidationErrorsNamingTheField() {
        // SageMaker's rule allows a leading digit: "1abalone" renders; a leading hyphen does not.
        assertThat(renderer.render(Templates.modelBuildTrain(), "1abalone").projectName()).isEqualTo("1abalone");
        assertThatThrownBy(() -> renderer.render(Templates.modelBuildTrain(), "-abalone"))
                .isInstanceOf(dev.mlops.exception.ValidationException.class)
                .hasMessage("CloudFormationRenderer.projectName = \"-abalone\" is invalid: must be 1 to 32 characters matching"
                        + " ^[a-zA-Z0-9](-*[a-zA-Z0-9])*, the SageMakerProjectName rule of the templates");
        assertThatThrownBy(() -> renderer.render(null, "abalone"))
                .isInstanceOf(dev.mlops.exception.ValidationException.class).hasMessageStartingWith("CloudFormationRenderer.template = null");
        assertThatThrownBy(() -> renderer.render(Templates.modelBuildTrain(), "abalone", null))
                .isInstanceOf(dev.mlops.exception.ValidationException.class).hasMessageStartingWith("CloudFormationRenderer.roles = null");
    }
}
