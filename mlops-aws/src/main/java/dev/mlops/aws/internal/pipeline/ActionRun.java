package dev.mlops.aws.internal.pipeline;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.codepipeline.model.ActionExecutionDetail;
import software.amazon.awssdk.services.codepipeline.model.ActionExecutionStatus;

/**
 * One action execution of a pipeline execution, as {@code ListActionExecutions} reports it, reduced to what the
 * orchestrator reads.
 *
 * @param executionId the pipeline execution
 * @param actionExecutionId the action execution's id
 * @param stage the CodePipeline stage
 * @param action the action's name
 * @param category the action type's category ({@code Source}, {@code Build}, {@code Approval}, …)
 * @param provider the action type's provider ({@code CodeBuild}, {@code Manual}, …)
 * @param status the action's status
 * @param startedAt when it started
 * @param updatedAt when it last changed
 * @param summary the execution result's summary (for an approval: the decision's summary)
 * @param errorMessage the failure's message, when it failed
 * @param externalExecutionId the build id of a CodeBuild action; the approval token of a manual approval
 * @param updatedBy who last changed it (for an approval: who decided)
 * @param configuration the action's configuration ({@code CustomData} of an approval)
 * @param outputVariables the variables the action exported
 */
record ActionRun(String executionId, String actionExecutionId, String stage, String action, String category,
        String provider, ActionExecutionStatus status, Optional<Instant> startedAt, Optional<Instant> updatedAt,
        Optional<String> summary, Optional<String> errorMessage, Optional<String> externalExecutionId,
        Optional<String> updatedBy, Map<String, String> configuration, Map<String, String> outputVariables) {

    /** The category of manual approvals. */
    static final String APPROVAL = "Approval";

    static ActionRun of(ActionExecutionDetail d) {
        String category = d.input() == null || d.input().actionTypeId() == null ? ""
                : d.input().actionTypeId().categoryAsString();
        String provider = d.input() == null || d.input().actionTypeId() == null ? ""
                : d.input().actionTypeId().provider();
        var result = d.output() == null ? null : d.output().executionResult();
        return new ActionRun(d.pipelineExecutionId(), d.actionExecutionId(), d.stageName(), d.actionName(),
                String.valueOf(category), String.valueOf(provider), d.status(), Optional.ofNullable(d.startTime()),
                Optional.ofNullable(d.lastUpdateTime()),
                Optional.ofNullable(result == null ? null : result.externalExecutionSummary()).filter(s -> !s.isBlank()),
                Optional.ofNullable(result == null || result.errorDetails() == null ? null
                        : result.errorDetails().message()),
                Optional.ofNullable(result == null ? null : result.externalExecutionId()).filter(s -> !s.isBlank()),
                Optional.ofNullable(d.updatedBy()).filter(s -> !s.isBlank()),
                d.input() == null || !d.input().hasConfiguration() ? Map.of() : Map.copyOf(d.input().configuration()),
                d.output() == null || !d.output().hasOutputVariables() ? Map.of()
                        : Map.copyOf(d.output().outputVariables()));
    }

    /** @return whether this is a manual approval */
    boolean isApproval() {
        return APPROVAL.equals(category);
    }

    /** @return whether this is a CodeBuild action, whose external execution is a build */
    boolean isCodeBuild() {
        return "CodeBuild".equals(provider);
    }

    /** @return whether the action has ended */
    boolean ended() {
        return status != ActionExecutionStatus.IN_PROGRESS;
    }

    /** The fields, without the external execution id, which is an approval's token for a manual approval. */
    @Override
    public String toString() {
        return "ActionRun{" + executionId + " " + stage + "/" + action + " " + category + "/" + provider + " " + status
                + "}";
    }
}
