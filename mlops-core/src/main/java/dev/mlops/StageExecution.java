package dev.mlops;

import dev.mlops.template.StageType;
import java.time.Instant;
import java.util.Optional;

/**
 * One stage of a pipeline execution, as last seen.
 *
 * @param name the stage's name
 * @param type what it does
 * @param status its status
 * @param startedAt when it started, if it did
 * @param endedAt when it ended, if it did
 * @param summary one line on the outcome (the failure's cause when it failed)
 */
public record StageExecution(String name, StageType type, ExecutionStatus status, Optional<Instant> startedAt,
        Optional<Instant> endedAt, String summary) {
}
