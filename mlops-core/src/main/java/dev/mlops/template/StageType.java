package dev.mlops.template;

/** What a pipeline stage does. The names follow the stages and actions of the original templates. */
public enum StageType {
    /** Checks out the pipeline's source repository at the commit that started the run. */
    SOURCE,
    /** Compiles the model-build code and runs its ML pipeline (the original's {@code run-pipeline}). */
    ML_PIPELINE,
    /** Picks the newest approved model version and exports per-environment configuration ({@code build.py}). */
    DEPLOY_CONFIG,
    /** Deploys the exported configuration to an environment's endpoint. */
    DEPLOY,
    /**
     * Tests an environment's endpoint with the deploy repository's tests: a programmatic gate, since a
     * failing test stops the run before anything later happens.
     */
    TEST,
    /** Waits for a person to approve or reject (see {@link ApprovalGate}). */
    APPROVAL,
    /** Runs a command in the checked-out source, failing the run if it exits non-zero. */
    COMMAND,
    /** Builds a container image from the source (image-building template). */
    IMAGE_BUILD,
    /** Reads the deployed model's baselines and exports monitoring-schedule configuration (Model Monitor template). */
    MONITOR_CONFIG,
    /** Deploys model monitors to an environment (Model Monitor template). */
    MONITOR_DEPLOY
}
