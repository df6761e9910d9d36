package dev.mlops.jenkins;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A build as {@code job/<name>/api/json?tree=builds[…]} reports it: its state, the parameters it ran with, its
 * description and why it was interrupted.
 *
 * @param status number, running or not, result, start and duration
 * @param queueId the queue item it came from
 * @param parameters the values of its string parameters (from its {@code ParametersAction})
 * @param description the build's description, empty if none was set
 * @param interruptions the causes of its {@code InterruptedBuildAction}s; empty when nothing interrupted it
 */
public record BuildDetails(BuildStatus status, long queueId, Map<String, String> parameters,
        Optional<String> description, List<Interruption> interruptions) {
    /**
     * Copies the collections: the record does not change when the caller's do.
     *
     * @param status number, running or not, result, start and duration
     * @param queueId the queue item it came from
     * @param parameters the values of its string parameters (from its {@code ParametersAction})
     * @param description the build's description, empty if none was set
     * @param interruptions the causes of its {@code InterruptedBuildAction}s; empty when nothing interrupted it
     */
    public BuildDetails {
        parameters = Map.copyOf(parameters);
        interruptions = List.copyOf(interruptions);
    }

    /**
     * Whether a stage's {@code timeout} ended the build: a timeout is among the causes of its interruption and no
     * user stopped it (a stop during the timeout's grace period reads as the user's).
     *
     * @return {@code true} when it timed out
     */
    public boolean timedOut() {
        return interruptions.stream().anyMatch(Interruption::timeout)
                && interruptions.stream().noneMatch(Interruption::byUser);
    }

    /**
     * The build.
     *
     * @return its reference
     */
    public BuildRef build() {
        return status.build();
    }
}
