package dev.mlops.internal;

import dev.mlops.Execution;
import dev.mlops.ExecutionStatus;
import dev.mlops.LogChunk;
import dev.mlops.StageExecution;
import dev.mlops.exception.NotFoundException;
import dev.mlops.spi.ExecutionInfo;
import dev.mlops.spi.Orchestrator;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** {@link Execution}: a snapshot with verbs; waits and log following use the orchestrator's policy. */
final class ExecutionHandle implements Execution {
    private final ProjectContext ctx;
    private final ExecutionInfo info;

    ExecutionHandle(ProjectContext ctx, ExecutionInfo info) {
        this.ctx = ctx;
        this.info = info;
    }

    private Orchestrator orchestrator() {
        return ctx.components().orchestrator();
    }

    @Override
    public String id() {
        return info.id();
    }

    @Override
    public String pipeline() {
        return info.pipeline();
    }

    @Override
    public ExecutionStatus status() {
        return info.status();
    }

    @Override
    public String trigger() {
        return info.trigger();
    }

    @Override
    public Optional<String> sourceCommit() {
        return info.sourceCommit();
    }

    @Override
    public Instant startedAt() {
        return info.startedAt();
    }

    @Override
    public Optional<Instant> endedAt() {
        return info.endedAt();
    }

    @Override
    public List<StageExecution> stages() {
        return info.stages();
    }

    @Override
    public String log(String stage) {
        Validation.notBlank("Execution.log.stage", stage);
        StringBuilder sb = new StringBuilder();
        String cursor = LogChunk.START;
        while (true) {
            LogChunk chunk = orchestrator().log(ctx.record(), info.id(), stage, cursor);
            sb.append(chunk.text());
            if (chunk.text().isEmpty() || chunk.next().equals(cursor)) {
                return sb.toString();
            }
            cursor = chunk.next();
        }
    }

    @Override
    public LogChunk log(String stage, String cursor) {
        Validation.notBlank("Execution.log.stage", stage);
        Validation.notNull("Execution.log.cursor", cursor, "LogChunk.START or the next() of the chunk before");
        return orchestrator().log(ctx.record(), info.id(), stage, cursor);
    }

    @Override
    public Execution followLog(String stage, Consumer<String> sink, Duration timeout) {
        Validation.notBlank("Execution.followLog.stage", stage);
        Validation.notNull("Execution.followLog.sink", sink, "a consumer of log text");
        String[] cursor = {LogChunk.START};
        Await.until("stage " + stage + " of execution " + info.id() + " to end", timeout, orchestrator().waitPolicy(),
                () -> {
                    while (true) {
                        LogChunk chunk = orchestrator().log(ctx.record(), info.id(), stage, cursor[0]);
                        if (!chunk.text().isEmpty()) {
                            sink.accept(chunk.text());
                        }
                        boolean moved = !chunk.next().equals(cursor[0]);
                        cursor[0] = chunk.next();
                        if (chunk.complete() && !moved) {
                            return Optional.of(true);
                        }
                        if (!moved || chunk.text().isEmpty()) {
                            return chunk.complete() ? Optional.of(true) : Optional.empty();
                        }
                    }
                });
        return refresh();
    }

    @Override
    public Execution refresh() {
        return new ExecutionHandle(ctx, orchestrator().execution(ctx.record(), info.id())
                .orElseThrow(() -> new NotFoundException("execution", info.id(), "it was deleted")));
    }

    @Override
    public Execution await(Duration timeout) {
        Validation.positive("Execution.await.timeout", timeout);
        return Await.until("execution " + info.id() + " of " + info.pipeline() + " to end", timeout,
                orchestrator().waitPolicy(), () -> {
                    Execution now = refresh();
                    return now.status().isTerminal() ? Optional.of(now) : Optional.empty();
                });
    }

    @Override
    public void stop(String reason) {
        Validation.notBlank("Execution.stop.reason", reason);
        orchestrator().stop(ctx.record(), info.id(), reason);
    }

    @Override
    public String toString() {
        return "Execution{" + info.pipeline() + "/" + info.id() + " " + info.status() + ", trigger=" + info.trigger() + "}";
    }
}
