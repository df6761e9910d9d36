package dev.mlops.aws.sim;

import java.util.Map;
import java.util.Optional;

/**
 * The third-party Git host behind a simulated CodeConnections connection: where the pipelines' {@code
 * CodeStarSourceConnection} sources read their revision and where the stack's seed check-in pushes. A test supplies
 * it (an in-memory host, later a GitHub or Bitbucket fake); a push to it reaches the pipelines through
 * {@link AwsSimulation#pushed(String, String)}, as the host's webhook reaches CodePipeline.
 */
public interface ThirdPartyGit {
    /**
     * The head of a branch.
     *
     * @param fullName {@code owner/name}
     * @param branch the branch
     * @return its head commit, or empty when the repository or the branch does not exist
     */
    Optional<String> head(String fullName, String branch);

    /**
     * What the seed check-in build does: the files over the branch's tree as one commit, none when the tree holds them
     * already.
     *
     * @param fullName {@code owner/name}; the repository must exist, as the original template requires
     * @param branch the branch, started when missing
     * @param files the seed archive's files
     * @param message the commit message
     * @return the branch's head afterwards
     * @throws IllegalStateException when there is no such repository (the check-in build fails, and the stack)
     */
    String checkIn(String fullName, String branch, Map<String, byte[]> files, String message);
}
