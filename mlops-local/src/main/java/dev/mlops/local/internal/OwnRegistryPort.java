package dev.mlops.local.internal;

import dev.mlops.ModelApprovalStatus;
import dev.mlops.spi.ModelVersionInfo;
import dev.mlops.spi.ProjectRecord;
import java.util.Map;
import java.util.Optional;

/**
 * The embedded registry, used in the engine's own transactions: a registration commits with its step's state, and
 * an approval commits with the deploy execution it triggers, so neither is ever seen without the other.
 */
final class OwnRegistryPort implements RegistryPort {
    private final LocalContext ctx;
    private final LocalRegistry registry;
    private final Fence fence;

    OwnRegistryPort(LocalContext ctx, LocalRegistry registry, Fence fence) {
        this.ctx = ctx;
        this.registry = registry;
        this.fence = fence;
    }

    @Override
    public Optional<ModelVersionInfo> byArn(String arn) {
        return registry.byArn(arn);
    }

    @Override
    public Optional<ModelVersionInfo> latestApproved(String group) {
        return ctx.db().read(tx -> registry.latestApproved(tx, group));
    }

    @Override
    public ModelVersionInfo register(ProjectRecord project, String executionId, String[] step, long started, String group,
            ModelApprovalStatus status, Map<String, Double> metrics, Map<String, String> lineage,
            Map<String, String> containers) {
        return ctx.db().write(tx -> {
            fence.check(tx, executionId);
            ModelVersionInfo info = registry.register(tx, project.name(), group, status, metrics, lineage, containers);
            MlSteps.succeeded(tx, executionId, step, started, info.arn());
            return info;
        });
    }

    /** The newest registry event of the version must say Approved: the embedded registry writes one with every change. */
    @Override
    public void checkDecision(ModelVersionInfo version) {
        java.util.List<String> last = ctx.db().read(tx -> tx.query("SELECT json_extract(detail_json, '$.status') FROM events"
                + " WHERE type IN ('ModelRegistered','ModelApprovalChanged') AND subject=? ORDER BY seq DESC LIMIT 1",
                rs -> rs.getString(1), version.group() + "/" + version.version()));
        if (last.isEmpty() || !"Approved".equals(last.get(0))) {
            throw new dev.mlops.exception.MlopsClientException("Model version " + version.group() + "/" + version.version()
                    + " reads Approved, but its last recorded decision is " + (last.isEmpty() ? "none" : last.get(0))
                    + ": the approval was written around the API and is refused; approve it with"
                    + " project.models()…approve(…)", null, Map.of("modelArn", version.arn()));
        }
    }

    @Override
    public void followApprovals(ProjectRecord project) {
        // The embedded registry queues deploys in the transaction of each change (see Triggers).
    }
}
