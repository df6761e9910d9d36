package dev.mlops.internal;

import dev.mlops.Gate;
import dev.mlops.GateStatus;
import dev.mlops.ModelVersion;
import dev.mlops.exception.NotFoundException;
import dev.mlops.spi.ApprovalInfo;
import java.time.Instant;
import java.util.Optional;

/** {@link Gate}: a snapshot of one approval; decisions go to the orchestrator under its identity. */
final class GateHandle implements Gate {
    private final ProjectContext ctx;
    private final ApprovalInfo info;

    GateHandle(ProjectContext ctx, ApprovalInfo info) {
        this.ctx = ctx;
        this.info = info;
    }

    @Override
    public String id() {
        return info.ref().encode();
    }

    @Override
    public String name() {
        return info.gate();
    }

    @Override
    public String pipeline() {
        return info.pipeline();
    }

    @Override
    public String executionId() {
        return info.executionId();
    }

    @Override
    public String message() {
        return info.message();
    }

    @Override
    public GateStatus status() {
        return info.status();
    }

    @Override
    public Instant createdAt() {
        return info.createdAt();
    }

    @Override
    public Optional<String> modelArn() {
        return info.modelArn();
    }

    @Override
    public Optional<ModelVersion> modelVersion() {
        return info.modelArn().flatMap(arn -> ctx.components().registry().byArn(arn))
                .map(v -> new ModelVersionHandle(ctx, v));
    }

    @Override
    public Optional<String> decision() {
        return info.decidedBy().map(u -> u + info.comment().filter(c -> !c.isEmpty()).map(c -> ": " + c).orElse(""));
    }

    @Override
    public Gate approve(String comment) {
        return new GateHandle(ctx, ctx.components().orchestrator().decide(ctx.record(), info.ref(), true,
                comment == null ? "" : comment));
    }

    @Override
    public Gate reject(String comment) {
        return new GateHandle(ctx, ctx.components().orchestrator().decide(ctx.record(), info.ref(), false,
                comment == null ? "" : comment));
    }

    @Override
    public Gate refresh() {
        return ctx.components().orchestrator().approval(ctx.record(), info.ref()).<Gate>map(a -> new GateHandle(ctx, a))
                .orElseThrow(() -> new NotFoundException("gate", info.ref().toString(), "it was deleted"));
    }

    @Override
    public String toString() {
        return "Gate{" + info.pipeline() + "/" + info.gate() + " " + info.status() + ", execution=" + info.executionId()
                + info.modelArn().map(a -> ", model=" + a).orElse("") + "}";
    }
}
