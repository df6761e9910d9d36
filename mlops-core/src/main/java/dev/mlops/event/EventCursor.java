package dev.mlops.event;

import dev.mlops.exception.ValidationException;

/**
 * Where a reader of a project's events stands: opaque, made by the backend, and passed back to read what came
 * after. Delivery is at least once and keeps the order of each subject's events; a reader that stores its cursor
 * resumes where it left off, in this process or another.
 *
 * <pre>{@code
 * EventPage page = project.events(EventCursor.START);
 * page.events().forEach(System.out::println);
 * EventPage next = project.events(page.next());      // later: only what happened since
 * }</pre>
 */
public final class EventCursor {
    /** Before the first event. */
    public static final EventCursor START = new EventCursor("");

    private final String value;

    private EventCursor(String value) {
        this.value = value;
    }

    /**
     * A cursor from its stored form.
     *
     * @param value what {@link #value()} returned, or the empty string for {@link #START}
     * @return the cursor
     * @throws ValidationException if the value is null or longer than 2048 characters
     */
    public static EventCursor of(String value) {
        if (value == null || value.length() > 2048) {
            throw new ValidationException("EventCursor.value", value == null ? null : value.length() + " characters",
                    "a value read from EventCursor.value(), at most 2048 characters");
        }
        return value.isEmpty() ? START : new EventCursor(value);
    }

    /**
     * The stored form, to keep and pass to {@link #of(String)} later.
     *
     * @return the backend's opaque text
     */
    public String value() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EventCursor && ((EventCursor) o).value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return value.isEmpty() ? "EventCursor{start}" : "EventCursor{" + value + "}";
    }
}
