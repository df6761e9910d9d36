package dev.mlops.internal;

import dev.mlops.exception.MlopsBackendException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Polls until a condition holds, backing off from 10 ms to 50 ms; waits for work done by any process. A change
 * this process commits ({@link StateSignal#changed()}) ends the current wait at once.
 */
public final class Await {
    private Await() {
    }

    /**
     * Polls until the supplier returns a value.
     *
     * @param what what is awaited, for the timeout message
     * @param timeout how long to wait
     * @param poll returns the value when ready
     * @param <T> the value type
     * @return the value
     * @throws MlopsBackendException (retryable) on timeout
     */
    public static <T> T until(String what, Duration timeout, Supplier<Optional<T>> poll) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long sleep = 10;
        while (true) {
            long seen = StateSignal.generation();
            Optional<T> v = poll.get();
            if (v.isPresent()) {
                return v.get();
            }
            if (System.nanoTime() > deadline) {
                throw new MlopsBackendException("Timed out after " + timeout + " waiting for " + what, null,
                        Map.of("timeout", timeout.toString()), true);
            }
            try {
                StateSignal.awaitChange(seen, sleep);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MlopsBackendException("Interrupted while waiting for " + what, e);
            }
            sleep = Math.min(50, sleep * 3 / 2);
        }
    }
}
