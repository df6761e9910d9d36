package dev.mlops.spi;

import java.util.List;
import java.util.Optional;

/** Runs a project's CI/CD pipelines: CodePipeline, Jenkins or the embedded engine. */
public interface Orchestrator {

    /**
     * Starts an execution of a pipeline at the head of its source branch.
     *
     * @param project the project
     * @param pipeline the pipeline's role
     * @param reason what started it, in words
     * @return the new execution
     */
    ExecutionInfo start(ProjectRecord project, String pipeline, String reason);

    /**
     * A pipeline's executions, newest first.
     *
     * @param project the project
     * @param pipeline the pipeline's role
     * @return the executions
     */
    List<ExecutionInfo> executions(ProjectRecord project, String pipeline);

    /**
     * One execution.
     *
     * @param project the project
     * @param executionId its id
     * @return the execution, if it exists
     */
    Optional<ExecutionInfo> execution(ProjectRecord project, String executionId);

    /**
     * A stage's log.
     *
     * @param project the project
     * @param executionId the execution
     * @param stage the stage's name
     * @return the log, empty if none
     */
    String log(ProjectRecord project, String executionId, String stage);

    /**
     * Stops an execution.
     *
     * @param project the project
     * @param executionId the execution
     * @param reason why
     */
    void stop(ProjectRecord project, String executionId, String reason);

    /**
     * The project's manual approvals, newest first.
     *
     * @param project the project
     * @return the approvals
     */
    List<ApprovalInfo> approvals(ProjectRecord project);

    /**
     * Decides a pending approval.
     *
     * @param project the project
     * @param token the approval's token
     * @param approve {@code true} to approve, {@code false} to reject
     * @param user who decides
     * @param comment why
     * @return the approval after the decision
     * @throws dev.mlops.exception.IllegalStateTransitionException if it is no longer pending
     */
    ApprovalInfo decide(ProjectRecord project, String token, boolean approve, String user, String comment);
}
