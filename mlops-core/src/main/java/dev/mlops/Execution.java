package dev.mlops;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A run of a project pipeline, as last fetched. {@link #refresh()} fetches it again; {@link #await(Duration)}
 * waits until it ends.
 */
public interface Execution {

    /**
     * The execution's id.
     *
     * @return the id
     */
    String id();

    /**
     * The pipeline's role, e.g. {@code modelbuild}.
     *
     * @return the role
     */
    String pipeline();

    /**
     * Its status when fetched.
     *
     * @return the status
     */
    ExecutionStatus status();

    /**
     * What started it, e.g. {@code commit 3f2a1c0 on modelbuild/main} or {@code model version 2 Approved}.
     *
     * @return the trigger, in words
     */
    String trigger();

    /**
     * The source commit the run checked out, once its source stage ran.
     *
     * @return the commit id
     */
    Optional<String> sourceCommit();

    /**
     * When it started.
     *
     * @return the start time
     */
    Instant startedAt();

    /**
     * When it ended, if it has.
     *
     * @return the end time
     */
    Optional<Instant> endedAt();

    /**
     * Its stages, in order.
     *
     * @return the stages
     */
    List<StageExecution> stages();

    /**
     * The log a stage kept.
     *
     * @param stage the stage's name
     * @return the log text; empty if the stage has not run
     */
    String log(String stage);

    /**
     * A piece of a stage's log after a cursor, to follow a running stage.
     *
     * @param stage the stage's name
     * @param cursor {@link LogChunk#START} or the {@code next} of the chunk before
     * @return the text after the cursor, the cursor to go on from, and whether the stage has ended
     */
    LogChunk log(String stage, String cursor);

    /**
     * Follows a stage's log until the stage ends: each new piece of text goes to the sink as it is written.
     *
     * @param stage the stage's name
     * @param sink receives the text, piece by piece
     * @param timeout how long to follow at most
     * @return the execution when the stage ended
     */
    Execution followLog(String stage, java.util.function.Consumer<String> sink, Duration timeout);

    /**
     * Fetches the execution again.
     *
     * @return the current state
     */
    Execution refresh();

    /**
     * Waits until the execution ends.
     *
     * @param timeout how long to wait
     * @return the final state
     * @throws dev.mlops.exception.MlopsBackendException (retryable) if it has not ended in time
     */
    Execution await(Duration timeout);

    /**
     * Stops the execution; a running stage is interrupted and the run ends as Stopped.
     *
     * @param reason why, recorded with the execution
     */
    void stop(String reason);
}
