package dev.mlops.internal;

/**
 * A process-wide signal that some backend state changed, so that whoever polls for a change (an {@link Await},
 * the embedded backend's engine and approval gates) wakes at once instead of at its next poll. Backends call
 * {@link #changed()} after committing a change worth waking for; pollers read {@link #generation()} before
 * checking their condition and then {@link #awaitChange(long, long) wait} at most their poll interval, so a
 * change made between the check and the wait is not missed. Changes made by other processes are still seen at
 * the next poll.
 */
public final class StateSignal {
    private static final Object LOCK = new Object();
    private static long generation;

    private StateSignal() {
    }

    /**
     * The current generation, to pass to {@link #awaitChange(long, long)}.
     *
     * @return a counter that {@link #changed()} increments
     */
    public static long generation() {
        synchronized (LOCK) {
            return generation;
        }
    }

    /** Wakes every waiter: some state changed. */
    public static void changed() {
        synchronized (LOCK) {
            generation++;
            LOCK.notifyAll();
        }
    }

    /**
     * Waits until the generation differs from {@code seen} or the time is up.
     *
     * @param seen the generation read before checking the awaited condition
     * @param maxMillis the longest wait: the caller's poll interval
     * @throws InterruptedException if interrupted while waiting
     */
    public static void awaitChange(long seen, long maxMillis) throws InterruptedException {
        long deadline = System.nanoTime() + maxMillis * 1_000_000L;
        synchronized (LOCK) {
            while (generation == seen) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                LOCK.wait(Math.max(1, left / 1_000_000L));
            }
        }
    }
}
