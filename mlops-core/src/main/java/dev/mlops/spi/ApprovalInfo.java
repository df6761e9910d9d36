package dev.mlops.spi;

import java.time.Instant;
import java.util.Optional;

/**
 * A manual approval as a backend reports it.
 *
 * @param token the token that decides it
 * @param gate the gate's name
 * @param pipeline the pipeline's role
 * @param executionId the waiting execution
 * @param message the message to approvers
 * @param status Pending, Approved, Rejected or Expired
 * @param createdAt when the execution reached it
 * @param decidedBy who decided
 * @param comment why
 */
public record ApprovalInfo(String token, String gate, String pipeline, String executionId, String message,
        String status, Instant createdAt, Optional<String> decidedBy, Optional<String> comment) {
}
