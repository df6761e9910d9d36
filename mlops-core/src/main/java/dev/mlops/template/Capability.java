package dev.mlops.template;

/**
 * Something a template needs from a backend. A backend declares what it can do; creating a project whose
 * template needs more fails before anything is made, with an error that names the missing capability.
 */
public enum Capability {
    /** Git repositories hosted by the backend and seeded from the template. */
    HOSTED_REPOSITORIES,
    /** Repositories on GitHub, Bitbucket or another third-party Git host. */
    THIRD_PARTY_REPOSITORIES,
    /** Running ML pipelines (processing, training, evaluation, condition, register). */
    ML_PIPELINES,
    /** Hosting real-time inference endpoints. */
    ENDPOINTS,
    /** Scheduling model monitors on endpoints. */
    MODEL_MONITOR,
    /** Building container images. */
    IMAGE_BUILDING,
    /** Orchestrating pipelines on a Jenkins server. */
    JENKINS
}
