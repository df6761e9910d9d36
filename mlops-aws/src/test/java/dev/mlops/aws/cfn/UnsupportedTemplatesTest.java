package dev.mlops.aws.cfn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.exception.UnsupportedByBackendException;
import dev.mlops.template.ApprovalGate;
import dev.mlops.template.Template;
import dev.mlops.template.Templates;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * What this release does not render is refused by name, never dropped: the Model Monitor template's own stages,
 * third-party Git repositories, Jenkins, and gates CodePipeline cannot express.
 */
class UnsupportedTemplatesTest {
    private final CloudFormationRenderer renderer = new CloudFormationRenderer();

    @Test
    void theFirstThreeTemplatesAndImageBuildingRender_theOtherThreeAreRefused() {
        assertThat(Templates.all()).filteredOn(t -> renderer.problems(t).isEmpty()).extracting(Template::id)
                .containsExactly("model-building-training", "model-deployment", "model-building-training-deployment",
                        "image-building-model-building-deployment");
    }

    @Test
    void modelMonitor_isRefused_namingEachMonitorStageAndTrigger() {
        Template monitor = Templates.modelBuildTrainDeployMonitor();

        assertThat(renderer.problems(monitor)).containsExactly(
                "stage Build (MONITOR_CONFIG) of pipeline modelmonitor: its baseline-and-configuration CodeBuild project"
                        + " (GetBaselinesAndConfigs) comes in the next release",
                "stage DeployMonitorsStaging (MONITOR_DEPLOY) of pipeline modelmonitor: its monitoring-schedule stack (data"
                        + " quality, model quality, bias drift and feature attribution drift schedules for environment staging)"
                        + " comes in the next release",
                "stage DeployMonitorsProd (MONITOR_DEPLOY) of pipeline modelmonitor: its monitoring-schedule stack (data"
                        + " quality, model quality, bias drift and feature attribution drift schedules for environment prod)"
                        + " comes in the next release",
                "trigger ENDPOINT_IN_SERVICE of pipeline modelmonitor (the staging endpoint's SageMaker Endpoint State Change"
                        + " rule) comes in the next release");
        assertThatThrownBy(() -> renderer.render(monitor, "abalone"))
                .isInstanceOf(UnsupportedByBackendException.class)
                .hasMessageStartingWith("The aws backend cannot render template model-building-training-deployment-monitoring"
                        + " to CloudFormation: stage Build (MONITOR_CONFIG) of pipeline modelmonitor")
                .hasMessageContaining("DeployMonitorsProd")
                .hasMessageEndingWith("render a template without these parts (the resources this template shares with"
                        + " Templates.modelBuildTrainDeploy() render already)");
    }

    @Test
    void modelMonitor_withoutItsMonitorParts_rendersWhatItSharesWithBuildTrainDeploy() {
        Template monitor = Templates.modelBuildTrainDeployMonitor();
        Template shared = monitor.toBuilder()
                .pipelines(monitor.pipelines().stream().filter(p -> !p.role().equals(Templates.MODEL_MONITOR)).toList())
                .build();

        JsonNode stack = Json.parse(renderer.render(shared, "abalone").projectStackJson());
        JsonNode c = Json.parse(renderer.render(Templates.modelBuildTrainDeploy(), "abalone").projectStackJson());

        assertThat(Json.fieldNames(stack.get("Resources"))).containsAll(Json.fieldNames(c.get("Resources")))
                .contains("ModelMonitorCodeCommitRepository").hasSize(c.get("Resources").size() + 1);
        for (String id : Json.fieldNames(c.get("Resources"))) {
            if (!id.startsWith("ModelBuildCodeCommitRepository") && !id.startsWith("ModelDeployCodeCommitRepository")) {
                assertThat(stack.at("/Resources/" + id)).as(id).isEqualTo(c.at("/Resources/" + id));
            }
        }
    }

    @Test
    void thirdPartyGitAndJenkins_areRefused_namingTheConnectionSourceActions() {
        assertThat(renderer.problems(Templates.thirdPartyGitCodePipeline())).containsExactly(
                "its repositories [modelbuild, modeldeploy] are third-party Git repositories (capability"
                        + " repositories.third-party), whose CodeStarSourceConnection source actions, seed check-in project"
                        + " and SageMaker code repositories comes in the next release");
        assertThat(renderer.problems(Templates.thirdPartyGitJenkins())).hasSize(2)
                .anyMatch(p -> p.startsWith("its pipelines run on Jenkins (capability orchestrator.jenkins)"));
        assertThatThrownBy(() -> renderer.render(Templates.thirdPartyGitJenkins(), "abalone"))
                .isInstanceOf(UnsupportedByBackendException.class).hasMessageContaining("CodeStarSourceConnection");
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
