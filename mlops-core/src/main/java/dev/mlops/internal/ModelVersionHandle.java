package dev.mlops.internal;

import dev.mlops.ModelApprovalStatus;
import dev.mlops.ModelVersion;
import dev.mlops.exception.NotFoundException;
import dev.mlops.spi.ModelVersionInfo;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link ModelVersion}: a snapshot; metrics are read on first use. */
final class ModelVersionHandle implements ModelVersion {
    private final ProjectContext ctx;
    private final ModelVersionInfo info;
    private volatile Map<String, Double> metrics;

    ModelVersionHandle(ProjectContext ctx, ModelVersionInfo info) {
        this.ctx = ctx;
        this.info = info;
    }

    @Override
    public String arn() {
        return info.arn();
    }

    @Override
    public String group() {
        return info.group();
    }

    @Override
    public int version() {
        return info.version();
    }

    @Override
    public ModelApprovalStatus status() {
        return info.status();
    }

    @Override
    public Map<String, Double> metrics() {
        Map<String, Double> m = metrics;
        if (m == null) {
            m = ctx.components().registry().metrics(info.arn());
            metrics = m;
        }
        return m;
    }

    @Override
    public Map<String, String> lineage() {
        return info.lineage();
    }

    @Override
    public Map<String, String> containers() {
        return info.containers();
    }

    @Override
    public Instant createdAt() {
        return info.createdAt();
    }

    @Override
    public Optional<String> decision() {
        return info.decidedBy().map(u -> u + info.comment().filter(c -> !c.isEmpty()).map(c -> ": " + c).orElse(""));
    }

    @Override
    public List<String> history() {
        return info.history();
    }

    @Override
    public ModelVersion approve(String comment) {
        return decide(ModelApprovalStatus.Approved, comment);
    }

    @Override
    public ModelVersion reject(String comment) {
        return decide(ModelApprovalStatus.Rejected, comment);
    }

    private ModelVersion decide(ModelApprovalStatus status, String comment) {
        String why = comment == null ? "" : comment;
        // Compare-and-set on the status this snapshot read: of two racing decisions one wins, the other is told.
        return new ModelVersionHandle(ctx, ctx.components().registry().updateApprovalStatus(info.group(), info.version(),
                info.status(), status, why));
    }

    @Override
    public ModelVersion refresh() {
        return ctx.components().registry().version(info.group(), info.version())
                .<ModelVersion>map(v -> new ModelVersionHandle(ctx, v))
                .orElseThrow(() -> new NotFoundException("model version", info.arn(), "it was deleted"));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelVersion && ((ModelVersion) o).arn().equals(info.arn());
    }

    @Override
    public int hashCode() {
        return info.arn().hashCode();
    }

    @Override
    public String toString() {
        return "ModelVersion{" + info.group() + "/" + info.version() + " " + info.status() + "}";
    }
}
