package dev.mlops.event;

import java.time.Instant;
import java.util.Map;

/**
 * Something that happened in a project, in the order it happened. Events made by any process sharing the
 * project reach the listeners of every process that has it open.
 *
 * @param sequence the event's position in the backend's event log: it increases with every event, so it orders
 *     a project's events and is the cursor for {@code Project.events(afterSequence)}
 * @param time when it happened
 * @param project the project's name
 * @param type what happened
 * @param subject what it happened to, e.g. {@code modelbuild/Build} or {@code abalone-p-…/2}
 * @param message one readable line
 * @param detail structured details (status, commit, version, …)
 */
public record ProjectEvent(long sequence, Instant time, String project, ProjectEventType type, String subject,
        String message, Map<String, String> detail) {
    /** Copies the detail map. */
    public ProjectEvent {
        detail = Map.copyOf(detail);
    }
}
