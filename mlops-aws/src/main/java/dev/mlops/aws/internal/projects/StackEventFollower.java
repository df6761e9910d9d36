package dev.mlops.aws.internal.projects;

import dev.mlops.aws.AwsService;
import dev.mlops.aws.internal.AwsCalls;
import dev.mlops.aws.internal.AwsErrors;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudformation.model.DescribeStackEventsResponse;
import software.amazon.awssdk.services.cloudformation.model.StackEvent;

/**
 * Follows one CloudFormation stack's events as they happen. {@code DescribeStackEvents} answers newest first; each
 * {@link #poll()} pages back until the last event it has seen, and returns what is new oldest first. It remembers the
 * earliest failed resource, the cause a rollback reports only as "resource(s) failed to create".
 */
final class StackEventFollower {
    private final AwsCalls calls;
    private final String stack;
    private final Set<String> seen = new HashSet<>();
    private String lastSeen;
    private StackEvent firstFailure;

    /**
     * @param calls the backend's calls
     * @param stack the stack's id (ARN) or name
     */
    StackEventFollower(AwsCalls calls, String stack) {
        this.calls = calls;
        this.stack = stack;
    }

    String stack() {
        return stack;
    }

    /** Skips every event there is now: what follows is the next deployment's (an update's). */
    void skipExisting() {
        Optional<DescribeStackEventsResponse> page = page(null);
        page.ifPresent(p -> {
            p.stackEvents().forEach(e -> seen.add(e.eventId()));
            if (!p.stackEvents().isEmpty()) {
                lastSeen = p.stackEvents().get(0).eventId();
            }
        });
    }

    /**
     * The events since the last poll.
     *
     * @return oldest first; empty while the stack does not exist yet
     */
    List<StackEvent> poll() {
        List<StackEvent> fresh = new ArrayList<>();
        String token = null;
        pages:
        do {
            Optional<DescribeStackEventsResponse> page = page(token);
            if (page.isEmpty()) {
                return List.of();
            }
            for (StackEvent e : page.get().stackEvents()) {
                if (e.eventId().equals(lastSeen) || seen.contains(e.eventId())) {
                    break pages;
                }
                fresh.add(e);
            }
            token = page.get().nextToken();
        } while (token != null);
        if (!fresh.isEmpty()) {
            lastSeen = fresh.get(0).eventId();
        }
        Collections.reverse(fresh);
        for (StackEvent e : fresh) {
            seen.add(e.eventId());
            if (isResourceFailure(e) && (firstFailure == null || e.timestamp().isBefore(firstFailure.timestamp()))) {
                firstFailure = e;
            }
        }
        return fresh;
    }

    /**
     * The earliest failure of a resource seen so far (not the stack's own status).
     *
     * @return the event
     */
    Optional<StackEvent> firstFailure() {
        return Optional.ofNullable(firstFailure);
    }

    private boolean isResourceFailure(StackEvent e) {
        String status = e.resourceStatusAsString();
        if (status == null || !status.endsWith("_FAILED")) {
            return false;
        }
        boolean stackItself = "AWS::CloudFormation::Stack".equals(e.resourceType())
                && (e.logicalResourceId() == null || e.logicalResourceId().equals(e.stackName()));
        String reason = e.resourceStatusReason() == null ? "" : e.resourceStatusReason();
        // Resources stopped because another failed carry "Resource creation cancelled": not the cause.
        return !stackItself && !reason.contains("Resource creation cancelled") && !reason.contains("Resource update cancelled");
    }

    private Optional<DescribeStackEventsResponse> page(String token) {
        return calls.call(AwsService.CLOUDFORMATION, "read the events of stack " + stack, Map.of("stack", stack), () -> {
            try {
                return Optional.of(calls.clients().cloudFormation().describeStackEvents(r -> r.stackName(stack)
                        .nextToken(token)));
            } catch (SdkException e) {
                if (AwsErrors.isNotFound(e)) {
                    return Optional.empty();
                }
                throw e;
            }
        });
    }

}
