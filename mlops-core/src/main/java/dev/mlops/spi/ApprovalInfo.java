package dev.mlops.spi;

import dev.mlops.GateStatus;
import java.time.Instant;
import java.util.Optional;

/**
 * A manual approval as an orchestrator reports it.
 *
 * @param ref what the orchestrator needs to decide it
 * @param gate the gate's name
 * @param pipeline the pipeline's role
 * @param executionId the waiting execution
 * @param message the message to approvers
 * @param status where it stands
 * @param createdAt when the execution reached it
 * @param modelArn the model version the execution deploys, once known
 * @param decidedBy who decided
 * @param comment why
 */
public record ApprovalInfo(GateRef ref, String gate, String pipeline, String executionId, String message,
        GateStatus status, Instant createdAt, Optional<String> modelArn, Optional<String> decidedBy,
        Optional<String> comment) {
}
