package dev.mlops.jenkins;

import java.util.Optional;

/**
 * A build's state from {@code /job/X/N/api/json}.
 *
 * @param build the build
 * @param building whether it is still running
 * @param result the result once finished; empty while running
 * @param startedAtMillis start time, epoch milliseconds
 * @param durationMillis the duration once finished (Jenkins reports 0 while running)
 */
public record BuildStatus(BuildRef build, boolean building, Optional<BuildResult> result, long startedAtMillis,
        long durationMillis) {
    /**
     * Whether the build finished (has a result and is no longer running).
     *
     * @return {@code true} once finished
     */
    public boolean finished() {
        return !building && result.isPresent();
    }
}
