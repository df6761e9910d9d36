package dev.mlops.jenkins;

import java.util.Map;
import java.util.Optional;

/**
 * A build as {@code job/<name>/api/json?tree=builds[…]} reports it: its state, the parameters it ran with and its
 * description.
 *
 * @param status number, running or not, result, start and duration
 * @param queueId the queue item it came from
 * @param parameters the values of its string parameters (from its {@code ParametersAction})
 * @param description the build's description, empty if none was set
 */
public record BuildDetails(BuildStatus status, long queueId, Map<String, String> parameters,
        Optional<String> description) {
    /**
     * Copies the parameters: the record does not change when the caller's collection does.
     *
     * @param status number, running or not, result, start and duration
     * @param queueId the queue item it came from
     * @param parameters the values of its string parameters (from its {@code ParametersAction})
     * @param description the build's description, empty if none was set
     */
    public BuildDetails {
        parameters = Map.copyOf(parameters);
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
