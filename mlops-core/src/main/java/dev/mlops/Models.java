package dev.mlops;

import java.util.Optional;

/** A project's model package group in the registry. */
public interface Models {

    /**
     * The group's name, {@code <name>-<id>}.
     *
     * @return the name
     */
    String group();

    /**
     * All versions, newest first.
     *
     * @return the versions
     */
    Listing<ModelVersion> versions();

    /**
     * Versions waiting for approval, newest first.
     *
     * @return the versions
     */
    Listing<ModelVersion> pendingApproval();

    /**
     * The newest approved version: what the deploy pipeline deploys.
     *
     * @return the version, if any is approved
     */
    Optional<ModelVersion> latestApproved();

    /**
     * A version by number (one read, not a listing).
     *
     * @param version the number
     * @return the version
     * @throws dev.mlops.exception.NotFoundException if there is none
     */
    ModelVersion version(int version);

    /**
     * Waits for a version to be registered beyond those that exist now, or for the first one.
     *
     * @param timeout how long to wait
     * @return the newest version
     */
    ModelVersion awaitNewVersion(java.time.Duration timeout);

    /**
     * A version by its ARN.
     *
     * @param arn the version's ARN
     * @return the version
     * @throws dev.mlops.exception.NotFoundException if the registry has no such version
     */
    ModelVersion byArn(String arn);
}
