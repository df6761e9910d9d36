package dev.mlops.event;

/** What happened in a project. */
public enum ProjectEventType {
    /** The project was created (or its creation was completed after an interruption). */
    ProjectCreated,
    /** The project's template was changed by {@code Project.update}; the detail lists the changes. */
    ProjectUpdated,
    /** One step of provisioning or updating a project: a resource made, changed or removed. */
    ProvisioningProgress,
    /** A repository was created and seeded. */
    RepositorySeeded,
    /** A new commit reached a repository's tracked branch. */
    RepositoryCommit,
    /**
     * A repository's tracked branch could not be read, for a reason retrying will not fix (a revoked token, a
     * deleted repository); the detail says why. The orchestrator keeps trying and starts nothing until it can.
     */
    RepositoryReadFailed,
    /** A pipeline execution started; the detail names the {@code pipeline}, the {@code execution} and how many {@code stages} it has. */
    ExecutionStarted,
    /** A stage started. */
    StageStarted,
    /** A stage succeeded. */
    StageSucceeded,
    /** A stage failed. */
    StageFailed,
    /** An ML pipeline step started, ended or was skipped. */
    StepProgress,
    /** An execution reached a manual gate. */
    GatePending,
    /** A gate was approved. */
    GateApproved,
    /** A gate was rejected. */
    GateRejected,
    /** An execution ended (see the detail's status). */
    ExecutionEnded,
    /** A model version was registered. */
    ModelRegistered,
    /** A model version's approval status changed. */
    ModelApprovalChanged,
    /** An endpoint started serving a model version. */
    EndpointInService,
    /** A rollback was asked for: the deploy pipeline was started for an older approved version. */
    RollbackRequested,
    /** An endpoint was deleted. */
    EndpointDeleted,
    /** A monitor found violations. */
    MonitorViolations,
    /** An image-building pipeline registered a new image version (a build context not built before). */
    ImageVersionCreated,
    /** The project was deleted. */
    ProjectDeleted
}
