package dev.mlops.internal;

import dev.mlops.Execution;
import dev.mlops.Listing;
import dev.mlops.Pipeline;
import dev.mlops.spi.ExecutionInfo;
import dev.mlops.spi.Orchestrator;
import dev.mlops.spi.Page;
import dev.mlops.spi.PageRequest;
import dev.mlops.spi.StartRequest;
import dev.mlops.template.PipelineSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link Pipeline}: starts and reads executions through the orchestrator; waits follow its policy. */
final class PipelineHandle implements Pipeline {
    private final ProjectContext ctx;
    private final PipelineSpec spec;

    PipelineHandle(ProjectContext ctx, PipelineSpec spec) {
        this.ctx = ctx;
        this.spec = spec;
    }

    private Orchestrator orchestrator() {
        return ctx.components().orchestrator();
    }

    @Override
    public String name() {
        return ctx.recordUnchecked().resourceName(spec.role());
    }

    @Override
    public String role() {
        return spec.role();
    }

    @Override
    public PipelineSpec spec() {
        return spec;
    }

    @Override
    public Execution start() {
        return start(Map.of(), null);
    }

    @Override
    public Execution start(Map<String, String> parameters, String idempotencyToken) {
        Validation.notNull("Pipeline.start.parameters", parameters, "a map of parameters (Map.of() for none)");
        ExecutionInfo info = orchestrator().start(ctx.record(), spec.role(), new StartRequest("started through the SDK",
                parameters, Optional.ofNullable(idempotencyToken)));
        return new ExecutionHandle(ctx, info);
    }

    @Override
    public Listing<Execution> executions() {
        List<Execution> out = new ArrayList<>();
        Page.all(page -> orchestrator().executions(ctx.record(), spec.role(), page))
                .forEach(e -> out.add(new ExecutionHandle(ctx, e)));
        return Listing.of(out, "executions of pipeline " + name(), () -> "");
    }

    @Override
    public Optional<Execution> latestExecution() {
        return orchestrator().latest(ctx.record(), spec.role()).map(e -> new ExecutionHandle(ctx, e));
    }

    @Override
    public Execution awaitLatest(Duration timeout) {
        Validation.positive("Pipeline.awaitLatest.timeout", timeout);
        long start = orchestrator().waitPolicy().ticker().nanoTime();
        Execution latest = Await.until("an execution of pipeline " + name(), timeout, orchestrator().waitPolicy(),
                this::latestExecution);
        return latest.await(Await.left(orchestrator().waitPolicy(), start, timeout));
    }

    @Override
    public Execution awaitCommit(String commit, Duration timeout) {
        Validation.notBlank("Pipeline.awaitCommit.commit", commit);
        Validation.positive("Pipeline.awaitCommit.timeout", timeout);
        long start = orchestrator().waitPolicy().ticker().nanoTime();
        Execution run = Await.until("an execution of pipeline " + name() + " for commit " + commit, timeout,
                orchestrator().waitPolicy(), () -> forCommit(commit));
        return run.await(Await.left(orchestrator().waitPolicy(), start, timeout));
    }

    private Optional<Execution> forCommit(String commit) {
        // The newest page is enough: a commit's execution starts right after it lands.
        return orchestrator().executions(ctx.record(), spec.role(), PageRequest.first(20)).items().stream()
                .filter(e -> e.sourceCommit().map(c -> c.equals(commit)).orElse(false))
                .findFirst().map(e -> new ExecutionHandle(ctx, e));
    }

    @Override
    public String toString() {
        return "Pipeline{" + name() + "}";
    }
}
