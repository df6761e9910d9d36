package dev.mlops.spi;

import dev.mlops.ModelApprovalStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A model version as a registry stores it. Its metrics are read apart, with {@link ModelRegistry#metrics(String)},
 * since a remote registry keeps them in a separate report.
 *
 * @param arn its identifier
 * @param group the model package group
 * @param version its number in the group
 * @param status its approval status
 * @param lineage source commit, execution, digests
 * @param containers inference containers in order: kind to artifact URI
 * @param createdAt when it was registered
 * @param decidedBy who made the last decision
 * @param comment why
 * @param history status changes, oldest first
 */
public record ModelVersionInfo(String arn, String group, int version, ModelApprovalStatus status,
        Map<String, String> lineage, Map<String, String> containers, Instant createdAt,
        Optional<String> decidedBy, Optional<String> comment, List<String> history) {
    /**
     * Copies the collections (keeping the containers' order): the record does not change when the caller's
     * collections do.
     *
     * @param arn its identifier
     * @param group the model package group
     * @param version its number in the group
     * @param status its approval status
     * @param lineage source commit, execution, digests
     * @param containers inference containers in order: kind to artifact URI
     * @param createdAt when it was registered
     * @param decidedBy who made the last decision
     * @param comment why
     * @param history status changes, oldest first
     */
    public ModelVersionInfo {
        lineage = Map.copyOf(lineage);
        containers = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(containers));
        history = List.copyOf(history);
    }
}
