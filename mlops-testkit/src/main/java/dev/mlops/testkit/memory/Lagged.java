package dev.mlops.testkit.memory;

import java.util.ArrayDeque;

/**
 * One stored value as an eventually consistent store serves it: writes take effect at once for the store itself
 * ({@link #latest()}), and reach readers only once their visibility time has passed ({@link #visible(long)}).
 * Not thread-safe: used under {@link MemoryState}'s lock.
 *
 * @param <V> the value's type; {@code null} stands for "absent" (never written, or deleted)
 */
final class Lagged<V> {
    private record Entry<V>(V value, long visibleAt) {
    }

    private final ArrayDeque<Entry<V>> entries = new ArrayDeque<>();
    private V latest;

    /**
     * Writes a value.
     *
     * @param value the value, or {@code null} to delete
     * @param visibleAt when readers see it, on the state's ticker; never before an earlier write's time
     */
    void set(V value, long visibleAt) {
        Entry<V> last = entries.peekLast();
        long at = last == null ? visibleAt : Math.max(visibleAt, last.visibleAt());
        entries.addLast(new Entry<>(value, at));
        latest = value;
    }

    /**
     * The value as the store itself has it.
     *
     * @return the last value written, or {@code null}
     */
    V latest() {
        return latest;
    }

    /**
     * The value as a reader sees it at a time.
     *
     * @param now the reading time, on the state's ticker
     * @return the newest value visible by then, or {@code null} if none is
     */
    V visible(long now) {
        Entry<V> hit = null;
        while (!entries.isEmpty() && entries.peekFirst().visibleAt() <= now) {
            hit = entries.pollFirst();
        }
        if (hit != null) {
            entries.addFirst(hit);
        }
        return hit == null ? null : hit.value();
    }
}
