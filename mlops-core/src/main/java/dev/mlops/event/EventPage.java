package dev.mlops.event;

import java.util.List;

/**
 * Events read after a cursor, and the cursor to read on from.
 *
 * @param events the events, each subject's in the order they happened
 * @param next where the next read starts (this page's end; equal to the cursor read from if nothing happened)
 */
public record EventPage(List<ProjectEvent> events, EventCursor next) {
    /**
     * Copies the list: the record does not change when the caller's collection does.
     *
     * @param events the events, each subject's in the order they happened
     * @param next where the next read starts (this page's end; equal to the cursor read from if nothing happened)
     */
    public EventPage {
        events = List.copyOf(events);
    }
}
