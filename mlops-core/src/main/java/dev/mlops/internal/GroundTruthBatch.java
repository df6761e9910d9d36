package dev.mlops.internal;

import dev.mlops.GroundTruth;
import dev.mlops.exception.ValidationException;
import dev.mlops.monitor.capture.CaptureData;
import dev.mlops.monitor.capture.GroundTruthRecord;
import java.util.ArrayList;
import java.util.List;

/** {@link GroundTruth}: labels collected in memory, uploaded in one call. */
final class GroundTruthBatch implements GroundTruth {
    private final ProjectContext ctx;
    private final String endpoint;
    private final List<GroundTruthRecord> pending = new ArrayList<>();

    GroundTruthBatch(ProjectContext ctx, String endpoint) {
        this.ctx = ctx;
        this.endpoint = endpoint;
    }

    @Override
    public synchronized GroundTruth add(String inferenceId, String label) {
        if (inferenceId == null || inferenceId.isEmpty()) {
            throw new ValidationException("GroundTruth.inferenceId", inferenceId, "the inference id sent with the request");
        }
        if (label == null) {
            throw new ValidationException("GroundTruth.label", null, "the true label as CSV text");
        }
        pending.add(new GroundTruthRecord(label, CaptureData.Encoding.CSV, inferenceId));
        return this;
    }

    @Override
    public synchronized int size() {
        return pending.size();
    }

    @Override
    public synchronized String upload() {
        if (pending.isEmpty()) {
            return "";
        }
        String where = ctx.components().monitors().addGroundTruth(ctx.record(), endpoint, List.copyOf(pending));
        pending.clear();
        return where;
    }
}
