package dev.mlops.spi;

import dev.mlops.LogChunk;
import dev.mlops.event.ProjectListener;
import java.util.Optional;

/**
 * Runs a project's CI/CD pipelines: CodePipeline, Jenkins or the embedded engine. Gates are decided under the
 * identity the component was configured with.
 */
public interface Orchestrator extends Component {

    /**
     * Starts this process's part in running the project (for the embedded engine: triggers, stages and endpoints;
     * for a remote orchestrator: following its progress) and delivers the project's events to a listener.
     * Idempotent per project; each call's handle is closed by its caller.
     *
     * @param project the project
     * @param components the composition the project runs on: the registry, endpoints and artifacts to use
     * @param listener receives the project's events from now on
     * @return a handle that stops this call's share when closed
     */
    AutoCloseable attach(ProjectRecord project, Components components, ProjectListener listener);

    /**
     * Makes what this orchestrator needs for a project's pipelines (for Jenkins: a folder and one job per pipeline),
     * or brings it up to date; idempotent. Called while a project is provisioned, after its repositories are made,
     * and after a template update. Orchestrators whose pipelines the project store makes (CodePipeline in the
     * project's stack) or that need nothing made (the embedded engine) keep the default, which does nothing.
     *
     * @param project the project
     * @param components the composition, e.g. to read the repositories' clone URLs
     */
    default void provision(ProjectRecord project, Components components) {
    }

    /**
     * Deletes what {@link #provision} made for a project; idempotent. Called before the project's record is deleted.
     *
     * @param project the project
     */
    default void deleteProject(ProjectRecord project) {
    }

    /**
     * Starts an execution of a pipeline at the head of its source branch.
     *
     * @param project the project
     * @param pipeline the pipeline's role
     * @param request the reason, parameters and idempotency token
     * @return the new execution (or, for a repeated token, the one it started before)
     */
    ExecutionInfo start(ProjectRecord project, String pipeline, StartRequest request);

    /**
     * One execution.
     *
     * @param project the project
     * @param executionId its id
     * @return the execution, if it exists
     */
    Optional<ExecutionInfo> execution(ProjectRecord project, String executionId);

    /**
     * A page of a pipeline's executions, newest first.
     *
     * @param project the project
     * @param pipeline the pipeline's role
     * @param page which page
     * @return the page
     */
    Page<ExecutionInfo> executions(ProjectRecord project, String pipeline, PageRequest page);

    /**
     * A pipeline's newest execution.
     *
     * @param project the project
     * @param pipeline the pipeline's role
     * @return the execution, if any
     */
    default Optional<ExecutionInfo> latest(ProjectRecord project, String pipeline) {
        return executions(project, pipeline, PageRequest.first(1)).items().stream().findFirst();
    }

    /**
     * A piece of a stage's log.
     *
     * @param project the project
     * @param executionId the execution
     * @param stage the stage's name
     * @param cursor {@link LogChunk#START} or the {@code next} of the chunk before
     * @return the text after the cursor
     */
    LogChunk log(ProjectRecord project, String executionId, String stage, String cursor);

    /**
     * Stops an execution.
     *
     * @param project the project
     * @param executionId the execution
     * @param reason why
     */
    void stop(ProjectRecord project, String executionId, String reason);

    /**
     * A page of the project's manual approvals, newest first.
     *
     * @param project the project
     * @param page which page
     * @return the page
     */
    Page<ApprovalInfo> approvals(ProjectRecord project, PageRequest page);

    /**
     * One approval.
     *
     * @param project the project
     * @param ref its reference
     * @return the approval, if it exists
     */
    default Optional<ApprovalInfo> approval(ProjectRecord project, GateRef ref) {
        return Page.find(page -> approvals(project, page), a -> a.ref().equals(ref));
    }

    /**
     * Decides a pending approval under this component's identity.
     *
     * @param project the project
     * @param ref the approval's reference
     * @param approve {@code true} to approve, {@code false} to reject
     * @param comment why
     * @return the approval after the decision
     * @throws dev.mlops.exception.IllegalStateTransitionException if it is no longer pending
     */
    ApprovalInfo decide(ProjectRecord project, GateRef ref, boolean approve, String comment);
}
