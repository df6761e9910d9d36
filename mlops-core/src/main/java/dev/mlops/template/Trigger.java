package dev.mlops.template;

import dev.mlops.MlopsStyle;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * What starts a pipeline, as the originals' EventBridge rules do: a commit on a repository's branch, an
 * approval-status change of a model version, or an environment's endpoint coming into service.
 */
@Value.Immutable
@MlopsStyle
public abstract class Trigger {

    /** The kinds of trigger. */
    public enum Kind {
        /** A new commit on the tracked branch of a repository ({@code CodeCommit Repository State Change}). */
        COMMIT,
        /**
         * A model version's approval status changed to anything but PendingManualApproval
         * ({@code SageMaker Model Package State Change}); rejections fire too.
         */
        MODEL_APPROVAL_CHANGE,
        /** An environment's endpoint went into service ({@code SageMaker Endpoint State Change}). */
        ENDPOINT_IN_SERVICE
    }

    /**
     * The kind.
     *
     * @return the kind
     */
    public abstract Kind kind();

    /**
     * For {@link Kind#COMMIT}: the repository's role, e.g. {@code modelbuild}.
     *
     * @return for {@link Kind#COMMIT}: the repository's role, e.g. {@code modelbuild}
     */
    public abstract Optional<String> repository();

    /**
     * For {@link Kind#ENDPOINT_IN_SERVICE}: the environment, e.g. {@code staging}.
     *
     * @return for {@link Kind#ENDPOINT_IN_SERVICE}: the environment, e.g. {@code staging}
     */
    public abstract Optional<String> environment();

    /**
     * A commit on a repository's tracked branch.
     *
     * @param repositoryRole the repository's role
     * @return the trigger
     */
    public static Trigger onCommit(String repositoryRole) {
        return ImmutableTrigger.builder().kind(Kind.COMMIT).repository(repositoryRole).build();
    }

    /**
     * Any approval-status change of a model version in the project's group, except to PendingManualApproval.
     *
     * @return the trigger
     */
    public static Trigger onModelApprovalChange() {
        return ImmutableTrigger.builder().kind(Kind.MODEL_APPROVAL_CHANGE).build();
    }

    /**
     * An environment's endpoint going into service.
     *
     * @param environment the environment
     * @return the trigger
     */
    public static Trigger onEndpointInService(String environment) {
        return ImmutableTrigger.builder().kind(Kind.ENDPOINT_IN_SERVICE).environment(environment).build();
    }
}
