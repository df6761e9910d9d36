package dev.mlops.local.internal;

import dev.mlops.ModelApprovalStatus;
import dev.mlops.event.EventCursor;
import dev.mlops.event.EventPage;
import dev.mlops.event.ProjectEvent;
import dev.mlops.event.ProjectEventType;
import dev.mlops.spi.ModelRegistry;
import dev.mlops.spi.ModelVersionInfo;
import dev.mlops.spi.ProjectRecord;
import dev.mlops.spi.RegisterRequest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Another backend's registry composed with the embedded engine. Registrations go through the SPI with the step as
 * client token, so a resumed step registers once. Approvals reach the engine through the registry's events: the
 * leader reads them after a cursor kept in the state store and queues the deploy executions in the same transaction
 * that moves the cursor, so each change triggers exactly once.
 */
final class ForeignRegistryPort implements RegistryPort {
    private static final Logger LOG = LoggerFactory.getLogger(ForeignRegistryPort.class);
    private static final String CURSOR = "registry-events";
    /** A remote registry is read at most this often, whatever the engine's tick. */
    private static final long FOLLOW_INTERVAL_MILLIS = 1_000;

    private final LocalContext ctx;
    private final ModelRegistry registry;
    private final Triggers triggers;
    private final String group;
    private final Fence fence;
    private long lastFollow;

    ForeignRegistryPort(LocalContext ctx, ModelRegistry registry, Triggers triggers, String group, Fence fence) {
        this.fence = fence;
        this.ctx = ctx;
        this.registry = registry;
        this.triggers = triggers;
        this.group = group;
    }

    @Override
    public Optional<ModelVersionInfo> byArn(String arn) {
        return registry.byArn(arn);
    }

    @Override
    public Optional<ModelVersionInfo> latestApproved(String group) {
        return registry.latest(group, ModelApprovalStatus.Approved);
    }

    @Override
    public ModelVersionInfo register(ProjectRecord project, String executionId, String[] step, long started, String group,
            ModelApprovalStatus status, Map<String, Double> metrics, Map<String, String> lineage,
            Map<String, String> containers) {
        // The remote call cannot join the state store's transaction: check just before it, and record the step under
        // the fence after it (a repeat of the call with the same client token returns the same version).
        ctx.db().read(tx -> {
            fence.check(tx, executionId);
            return null;
        });
        ModelVersionInfo info = registry.register(new RegisterRequest(project.name(), group, status, metrics, lineage,
                containers, executionId + "/" + step[0]));
        ctx.db().write(tx -> {
            fence.check(tx, executionId);
            MlSteps.succeeded(tx, executionId, step, started, info.arn());
            return null;
        });
        return info;
    }

    @Override
    public synchronized void followApprovals(ProjectRecord project) {
        long now = System.currentTimeMillis();
        if (now - lastFollow < FOLLOW_INTERVAL_MILLIS) {
            return;
        }
        lastFollow = now;
        List<String> stored = ctx.db().read(tx -> tx.query("SELECT cursor FROM event_cursors WHERE project=? AND name=?",
                rs -> rs.getString(1), project.name(), CURSOR));
        EventCursor cursor = stored.isEmpty() ? EventCursor.START : EventCursor.of(stored.get(0));
        while (true) {
            EventPage page;
            try {
                page = registry.events(group, cursor, 100);
            } catch (RuntimeException e) {
                LOG.debug("Reading registry events of {} failed; next tick retries", group, e);
                return;
            }
            EventCursor next = page.next();
            List<ProjectEvent> events = page.events();
            ctx.db().write(tx -> {
                if (fence.refusal(tx, null) != null) {
                    return null;   // another process leads now and follows the registry itself
                }
                for (ProjectEvent e : events) {
                    String status = e.detail().get("status");
                    boolean fires = e.type() == ProjectEventType.ModelApprovalChanged
                            || (e.type() == ProjectEventType.ModelRegistered && !"PendingManualApproval".equals(status));
                    if (fires && status != null && !status.equals("PendingManualApproval")) {
                        triggers.onModelApprovalChange(tx, project.name(), group,
                                Integer.parseInt(e.detail().getOrDefault("version", "0")), ModelApprovalStatus.valueOf(status));
                    }
                }
                tx.update("INSERT INTO event_cursors(project, name, cursor) VALUES(?,?,?) ON CONFLICT(project, name)"
                        + " DO UPDATE SET cursor=excluded.cursor", project.name(), CURSOR, next.value());
                return null;
            });
            if (events.isEmpty() || next.equals(cursor)) {
                return;
            }
            cursor = next;
        }
    }
}
