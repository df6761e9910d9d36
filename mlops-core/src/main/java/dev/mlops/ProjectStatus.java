package dev.mlops;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One view of a whole project, read at {@link #readAt()}: each pipeline's latest run, the gates waiting for a
 * decision, the model group's newest and newest approved versions, and what each environment serves. It is a
 * snapshot of separate reads, not one transaction: on a remote backend a run may move on between them.
 *
 * @param project the project's name
 * @param backend the backend that holds it
 * @param pipelines each pipeline's latest run, in the template's order
 * @param pendingGates the gates waiting for a decision
 * @param latestModel the newest model version, if any
 * @param approvedModel the newest approved model version, if any
 * @param environments what each environment's endpoint serves, in the template's order
 * @param readAt when the reads began
 */
public record ProjectStatus(String project, String backend, List<PipelineState> pipelines, List<PendingGate> pendingGates,
        Optional<ModelState> latestModel, Optional<ModelState> approvedModel, List<EnvironmentState> environments,
        Instant readAt) {

    /**
     * Copies the lists: the record does not change when the caller's collection does.
     *
     * @param project the project's name
     * @param backend the backend that holds it
     * @param pipelines each pipeline's latest run, in the template's order
     * @param pendingGates the gates waiting for a decision
     * @param latestModel the newest model version, if any
     * @param approvedModel the newest approved model version, if any
     * @param environments what each environment's endpoint serves, in the template's order
     * @param readAt when the reads began
     */
    public ProjectStatus {
        pipelines = List.copyOf(pipelines);
        pendingGates = List.copyOf(pendingGates);
        environments = List.copyOf(environments);
    }

    /**
     * A pipeline's latest run.
     *
     * @param pipeline the pipeline's role, e.g. {@code modelbuild}
     * @param executionId the latest run's id, if it ever ran
     * @param status its status, if it ever ran
     * @param currentStage the stage in progress or the one it ended on, if any
     */
    public record PipelineState(String pipeline, Optional<String> executionId, Optional<ExecutionStatus> status,
            Optional<String> currentStage) {
    }

    /**
     * A gate waiting for a decision.
     *
     * @param pipeline the pipeline
     * @param gate the gate's stage name
     * @param executionId the run it holds
     * @param modelArn the model version it would promote, if known
     */
    public record PendingGate(String pipeline, String gate, String executionId, Optional<String> modelArn) {
    }

    /**
     * A model version.
     *
     * @param version its number in the group
     * @param status its approval status
     * @param arn its ARN
     */
    public record ModelState(int version, ModelApprovalStatus status, String arn) {
    }

    /**
     * An environment's endpoint.
     *
     * @param environment the environment, e.g. {@code prod}
     * @param endpointName its endpoint's name
     * @param endpointStatus the endpoint's status (e.g. {@code InService}), or {@code None} when there is none
     * @param modelArn the model version it serves, if known
     */
    public record EnvironmentState(String environment, String endpointName, String endpointStatus,
            Optional<String> modelArn) {
    }
}
