package dev.mlops.template;

import dev.mlops.MlopsStyle;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * What starts a pipeline, as the originals' EventBridge rules do: a commit on a repository's branch, an
 * approval-status change of a model version, an environment's endpoint coming into service, or a new version of
 * an image the project builds.
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
        ENDPOINT_IN_SERVICE,
        /**
         * An image-building pipeline registered a new version of its image ({@code SageMaker Image Version State
         * Change}, status {@code CREATED}): the image-building template's chain into the model build.
         */
        IMAGE_VERSION
    }

    /**
     * The kind.
     *
     * @return the kind
     */
    public abstract Kind kind();

    /**
     * For {@link Kind#COMMIT}: the repository's role, e.g. {@code modelbuild}; for {@link Kind#IMAGE_VERSION}: the
     * role of the image's repository, e.g. {@code training-imagebuild}.
     *
     * @return the repository's role
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
     * A new version of the image built from a repository, e.g. {@code training-imagebuild}.
     *
     * @param imageRepositoryRole the role of the image's repository (and of its image-building pipeline)
     * @return the trigger
     */
    public static Trigger onImageVersion(String imageRepositoryRole) {
        return ImmutableTrigger.builder().kind(Kind.IMAGE_VERSION).repository(imageRepositoryRole).build();
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
