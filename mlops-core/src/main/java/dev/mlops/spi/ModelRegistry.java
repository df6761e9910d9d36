package dev.mlops.spi;

import dev.mlops.ModelApprovalStatus;
import java.util.List;

/** The model registry: SageMaker Model Registry or the embedded one. */
public interface ModelRegistry {

    /**
     * A group's versions, newest first.
     *
     * @param group the model package group
     * @return the versions
     */
    List<ModelVersionInfo> versions(String group);

    /**
     * Changes a version's approval status, recording who and why; a change fires the deploy trigger.
     *
     * @param group the group
     * @param version the version number
     * @param status the new status
     * @param user who decides
     * @param comment why
     * @return the version after the change
     * @throws dev.mlops.exception.NotFoundException if the version does not exist
     * @throws dev.mlops.exception.IllegalStateTransitionException if it already has that status
     */
    ModelVersionInfo updateApprovalStatus(String group, int version, ModelApprovalStatus status, String user,
            String comment);
}
