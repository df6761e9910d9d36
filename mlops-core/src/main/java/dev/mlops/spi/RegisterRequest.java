package dev.mlops.spi;

import dev.mlops.ModelApprovalStatus;
import dev.mlops.exception.ValidationException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A model version to register, as an orchestrator's build stage hands it to a registry.
 *
 * @param project the project's name
 * @param group the model package group
 * @param status the initial approval status
 * @param metrics flattened metrics
 * @param lineage source commit, execution, digests
 * @param containers inference containers in order: kind to artifact URI
 * @param clientToken makes the call idempotent: a registry that already registered a version under this token
 *     returns it instead of registering another (a retried or resumed stage registers once)
 */
public record RegisterRequest(String project, String group, ModelApprovalStatus status, Map<String, Double> metrics,
        Map<String, String> lineage, Map<String, String> containers, String clientToken) {
    /**
     * Checks the client token and the fields and copies the collections; a bad one is a
     * {@link dev.mlops.exception.ValidationException} naming it.
     *
     * @param project the project's name
     * @param group the model package group
     * @param status the initial approval status
     * @param metrics flattened metrics
     * @param lineage source commit, execution, digests
     * @param containers inference containers in order: kind to artifact URI
     * @param clientToken makes the call idempotent: a registry that already registered a version under this token
     *     returns it instead of registering another (a retried or resumed stage registers once)
     */
    public RegisterRequest {
        if (clientToken == null || clientToken.isEmpty() || clientToken.length() > 128) {
            throw new ValidationException("RegisterRequest.clientToken", clientToken, "1 to 128 characters");
        }
        if (containers == null || containers.isEmpty()) {
            throw new ValidationException("RegisterRequest.containers", containers, "at least one inference container");
        }
        metrics = Map.copyOf(metrics);
        lineage = Map.copyOf(lineage);
        containers = Collections.unmodifiableMap(new LinkedHashMap<>(containers));
    }
}
