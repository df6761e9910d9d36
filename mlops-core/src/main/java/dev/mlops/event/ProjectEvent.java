package dev.mlops.event;

import java.time.Instant;
import java.util.Map;

/**
 * Something that happened in a project. Each subject's events come in the order they happened. Events made by
 * any process sharing the project reach the listeners of every process that has it open.
 *
 * @param id the event's identifier, unique in its project; a reader that may see an event twice (delivery is at
 *     least once) recognises it by this
 * @param time when it happened
 * @param project the project's name
 * @param type what happened
 * @param subject what it happened to, e.g. {@code modelbuild/Build} or {@code abalone-p-…/2}
 * @param message one readable line
 * @param detail structured details (status, commit, version, …)
 */
public record ProjectEvent(String id, Instant time, String project, ProjectEventType type, String subject,
        String message, Map<String, String> detail) {
    /**
     * Copies the detail map: the record does not change when the caller's collection does.
     *
     * @param id the event's identifier, unique in its project; a reader that may see an event twice (delivery is at
     *     least once) recognises it by this
     * @param time when it happened
     * @param project the project's name
     * @param type what happened
     * @param subject what it happened to, e.g. {@code modelbuild/Build} or {@code abalone-p-…/2}
     * @param message one readable line
     * @param detail structured details (status, commit, version, …)
     */
    public ProjectEvent {
        detail = Map.copyOf(detail);
    }
}
