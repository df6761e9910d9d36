package dev.mlops.spi;

import dev.mlops.ExecutionStatus;
import dev.mlops.StageExecution;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A pipeline execution as a backend reports it.
 *
 * @param id the id
 * @param pipeline the pipeline's role
 * @param status the status
 * @param trigger what started it, in words
 * @param sourceCommit the commit checked out, once known
 * @param startedAt when it started
 * @param endedAt when it ended
 * @param stages the stages in order
 */
public record ExecutionInfo(String id, String pipeline, ExecutionStatus status, String trigger,
        Optional<String> sourceCommit, Instant startedAt, Optional<Instant> endedAt, List<StageExecution> stages) {
    /**
     * Copies the stages: the record does not change when the caller's collection does.
     *
     * @param id the id
     * @param pipeline the pipeline's role
     * @param status the status
     * @param trigger what started it, in words
     * @param sourceCommit the commit checked out, once known
     * @param startedAt when it started
     * @param endedAt when it ended
     * @param stages the stages in order
     */
    public ExecutionInfo {
        stages = List.copyOf(stages);
    }
}
