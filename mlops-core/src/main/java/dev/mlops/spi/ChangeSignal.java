package dev.mlops.spi;

/**
 * A signal that an embedded component's state changed, owned by one backend instance: whoever waits on the
 * component (an await, an engine, a gate poll) wakes at once instead of at its next poll. The component calls
 * {@link #changed()} after committing a change worth waking for; waiters read {@link #generation()} before checking
 * their condition and then {@link #awaitChange(long, long) wait} at most their poll interval, so a change made
 * between the check and the wait is not missed. Changes made by other processes are still seen at the next poll.
 */
public final class ChangeSignal {
    private final Object lock = new Object();
    private long generation;

    /** Makes a signal with no change yet. */
    public ChangeSignal() {
    }

    /**
     * The current generation, to pass to {@link #awaitChange(long, long)}.
     *
     * @return a counter that {@link #changed()} increments
     */
    public long generation() {
        synchronized (lock) {
            return generation;
        }
    }

    /** Wakes every waiter: some state changed. */
    public void changed() {
        synchronized (lock) {
            generation++;
            lock.notifyAll();
        }
    }

    /**
     * Waits until the generation differs from {@code seen} or the time is up.
     *
     * @param seen the generation read before checking the awaited condition
     * @param maxMillis the longest wait: the caller's poll interval
     * @throws InterruptedException if interrupted while waiting
     */
    public void awaitChange(long seen, long maxMillis) throws InterruptedException {
        long deadline = System.nanoTime() + maxMillis * 1_000_000L;
        synchronized (lock) {
            while (generation == seen) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                lock.wait(Math.max(1, left / 1_000_000L));
            }
        }
    }
}
