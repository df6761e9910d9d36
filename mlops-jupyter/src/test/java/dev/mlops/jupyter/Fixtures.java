package dev.mlops.jupyter;

import dev.mlops.ModelApprovalStatus;
import dev.mlops.ModelVersion;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Values for the views' tests, with the awkward text users write (markup, quotes, ampersands, long words). */
public final class Fixtures {
    /** A decision comment that is markup if not escaped. */
    public static final String HOSTILE = "<script>alert('x')</script> & \"quotes\" <b>not bold</b>";

    private Fixtures() {
    }

    /**
     * A model version as a registry answers it; the views only read it.
     *
     * @param group the model package group
     * @param version the version
     * @param status the approval status
     * @param metrics the metrics
     * @param comment the decision comment, or null
     */
    public record Version(String group, int version, ModelApprovalStatus status, Map<String, Double> metrics, String comment)
            implements ModelVersion {
        @Override
        public String arn() {
            return "arn:aws:sagemaker:us-east-1:000000000000:model-package/" + group + "/" + version;
        }

        @Override
        public Map<String, String> lineage() {
            return Map.of("sourceCommit", "0123456789abcdef" + version, "pipelineExecution", "exec-" + version);
        }

        @Override
        public Map<String, String> containers() {
            return Map.of();
        }

        @Override
        public Instant createdAt() {
            return Instant.parse("2026-11-30T10:00:00Z").plusSeconds(3600L * version);
        }

        @Override
        public Optional<String> decision() {
            return Optional.ofNullable(comment);
        }

        @Override
        public List<String> history() {
            return List.of();
        }

        @Override
        public ModelVersion approve(String comment) {
            return new Version(group, version, ModelApprovalStatus.Approved, metrics, comment);
        }

        @Override
        public ModelVersion reject(String comment) {
            return new Version(group, version, ModelApprovalStatus.Rejected, metrics, comment);
        }

        @Override
        public ModelVersion refresh() {
            return this;
        }
    }

    /**
     * Four versions of an abalone model with falling MSE; version 2 rejected with a hostile comment.
     *
     * @return the versions
     */
    public static List<ModelVersion> versions() {
        return List.of(version(1, ModelApprovalStatus.Approved, 5.91, 2.4, "first model"),
                version(2, ModelApprovalStatus.Rejected, 6.37, 2.9, HOSTILE),
                version(3, ModelApprovalStatus.Approved, 4.81, 2.19, "MSE below 6.0 on the test split"),
                version(4, ModelApprovalStatus.PendingManualApproval, 4.52, 2.05, null));
    }

    private static ModelVersion version(int v, ModelApprovalStatus s, double mse, double sd, String decision) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("mse", mse);
        m.put("mse.standard_deviation", sd);
        return new Version("abalone-p-<group>&co", v, s, m, decision);
    }
}
