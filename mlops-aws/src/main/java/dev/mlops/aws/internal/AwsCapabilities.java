package dev.mlops.aws.internal;

import dev.mlops.template.Capability;

/** The capabilities by which the AWS components tell each other apart from other backends' components. */
public final class AwsCapabilities {
    /**
     * A project store whose provisioning makes one CodePipeline pipeline per pipeline role of the template, named
     * {@code sagemaker-<name>-<id>-<role>}, with the original templates' stage and action names.
     */
    public static final Capability PIPELINES_PROVISIONED = Capability.of("projects.codepipeline-pipelines");
    /** Hosted repositories that are CodeCommit repositories, which CodePipeline's CodeCommit source actions read. */
    public static final Capability CODECOMMIT_REPOSITORIES = Capability.of("repositories.codecommit");

    private AwsCapabilities() {
    }
}
