package dev.mlops.local.internal;

import java.sql.SQLException;

/** The state of an ML pipeline's steps in the state store. */
final class MlSteps {
    private MlSteps() {
    }

    /**
     * Records a step as succeeded.
     *
     * @param tx the transaction
     * @param executionId the run
     * @param step the step's name and type
     * @param started when it started
     * @param detail what it produced (for a register step, the version's ARN)
     */
    static void succeeded(Db.Tx tx, String executionId, String[] step, long started, String detail) throws SQLException {
        tx.update("INSERT INTO ml_steps(execution_id, step, type, status, started_at, ended_at, detail) VALUES(?,?,?,?,?,?,?)"
                + " ON CONFLICT(execution_id, step) DO UPDATE SET status=excluded.status, ended_at=excluded.ended_at,"
                + " detail=excluded.detail", executionId, step[0], step[1], "Succeeded", started,
                System.currentTimeMillis(), detail);
    }
}
