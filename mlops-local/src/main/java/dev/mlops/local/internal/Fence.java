package dev.mlops.local.internal;

import dev.mlops.ExecutionStatus;
import dev.mlops.exception.MlopsBackendException;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * Fences one engine's writes: a run's write (a stage transition, a registration, a deploy) commits only if this
 * process still holds the project's lease at the epoch it took it with, and the run is still live. A paused or
 * superseded leader, or a run that was stopped or failed meanwhile, writes nothing.
 */
final class Fence {
    private final LocalContext ctx;
    private final String project;
    private volatile long epoch = -1;

    Fence(LocalContext ctx, String project) {
        this.ctx = ctx;
        this.project = project;
    }

    /** The epoch this process took the lease with, or -1. */
    long epoch() {
        return epoch;
    }

    /** Records the epoch this process took the lease with. */
    void held(long epoch) {
        this.epoch = epoch;
    }

    /**
     * Whether a run may write, read inside the write's transaction.
     *
     * @param tx the transaction of the write
     * @param executionId the run, or {@code null} for a write of the engine itself
     * @return why not, or {@code null} if it may
     */
    String refusal(Db.Tx tx, String executionId) throws SQLException {
        List<String[]> lease = tx.query("SELECT owner, epoch FROM leases WHERE project=?",
                rs -> new String[] {rs.getString(1), Long.toString(rs.getLong(2))}, project);
        if (lease.isEmpty() || !lease.get(0)[0].equals(ctx.processId()) || Long.parseLong(lease.get(0)[1]) != epoch) {
            return "process " + ctx.processId() + " no longer leads project " + project + " (lease "
                    + (lease.isEmpty() ? "released" : "held by " + lease.get(0)[0] + " at epoch " + lease.get(0)[1])
                    + ", this process took it at epoch " + epoch + ")";
        }
        if (executionId != null) {
            List<String> status = tx.query("SELECT status FROM executions WHERE id=?", rs -> rs.getString(1), executionId);
            if (status.isEmpty()) {
                return "execution " + executionId + " no longer exists";
            }
            if (ExecutionStatus.valueOf(status.get(0)).isTerminal()) {
                return "execution " + executionId + " already ended as " + status.get(0);
            }
        }
        return null;
    }

    /**
     * Fails the write unless the run may make it.
     *
     * @param tx the transaction of the write
     * @param executionId the run
     * @throws Fenced if it may not
     */
    void check(Db.Tx tx, String executionId) throws SQLException {
        String why = refusal(tx, executionId);
        if (why != null) {
            throw new Fenced(why, executionId);
        }
    }

    /** A write refused by the fence; the run's thread stops without writing anything more. */
    static final class Fenced extends MlopsBackendException {
        private static final long serialVersionUID = 1L;

        Fenced(String why, String executionId) {
            super("Write refused: " + why, null, Map.of("execution", String.valueOf(executionId)), false);
        }
    }
}
