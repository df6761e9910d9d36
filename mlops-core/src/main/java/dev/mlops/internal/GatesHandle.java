package dev.mlops.internal;

import dev.mlops.Gate;
import dev.mlops.GateStatus;
import dev.mlops.Gates;
import dev.mlops.Listing;
import dev.mlops.ModelVersion;
import dev.mlops.exception.NotFoundException;
import dev.mlops.spi.ApprovalInfo;
import dev.mlops.spi.GateRef;
import dev.mlops.spi.Orchestrator;
import dev.mlops.spi.Page;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/** {@link Gates}: the orchestrator's manual approvals. */
final class GatesHandle implements Gates {
    private final ProjectContext ctx;

    GatesHandle(ProjectContext ctx) {
        this.ctx = ctx;
    }

    private Orchestrator orchestrator() {
        return ctx.components().orchestrator();
    }

    private List<ApprovalInfo> approvals() {
        return new ArrayList<>(Page.all(page -> orchestrator().approvals(ctx.record(), page)));
    }

    @Override
    public Listing<Gate> pending() {
        List<ApprovalInfo> all = approvals();
        Collections.reverse(all);
        List<Gate> out = new ArrayList<>();
        all.stream().filter(a -> a.status() == GateStatus.Pending).forEach(a -> out.add(new GateHandle(ctx, a)));
        return Listing.of(out, "pending gates of project " + ctx.record().name(),
                () -> "no execution waits at a manual gate now; await one with project.gates().awaitPending(…)");
    }

    @Override
    public Listing<Gate> all() {
        List<Gate> out = new ArrayList<>();
        approvals().forEach(a -> out.add(new GateHandle(ctx, a)));
        return Listing.of(out, "gates of project " + ctx.record().name(), () -> "no execution has reached a gate yet");
    }

    @Override
    public Gate get(String id) {
        Validation.notBlank("Gates.get.id", id);
        GateRef ref = GateRef.decode(id);
        return orchestrator().approval(ctx.record(), ref).<Gate>map(a -> new GateHandle(ctx, a))
                .orElseThrow(() -> new NotFoundException("gate", ref.toString(), "project " + ctx.record().name()
                        + " has no such gate"));
    }

    @Override
    public Gate awaitPending(Duration timeout) {
        Validation.positive("Gates.awaitPending.timeout", timeout);
        return Await.until("a pending approval gate in project " + ctx.record().name(), timeout,
                orchestrator().waitPolicy(), () -> pending().first());
    }

    @Override
    public Gate awaitPending(ModelVersion version, Duration timeout) {
        Validation.notNull("Gates.awaitPending.version", version, "the model version whose deployment is awaited");
        Validation.positive("Gates.awaitPending.timeout", timeout);
        String arn = version.arn();
        return Await.until("the pending gate of model version " + version.version() + " in project "
                + ctx.record().name(), timeout, orchestrator().waitPolicy(), () -> {
                    Optional<Gate> hit = pending().stream().filter(g -> g.modelArn().map(arn::equals).orElse(false))
                            .findFirst();
                    return hit;
                });
    }
}
