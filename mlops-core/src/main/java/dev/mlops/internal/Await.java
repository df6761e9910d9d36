package dev.mlops.internal;

import dev.mlops.exception.MlopsBackendException;
import dev.mlops.spi.WaitPolicy;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Checks a condition until it holds, pausing between checks as the component's {@link WaitPolicy} says:
 * event-driven on the embedded backend, backoff with jitter against a remote service.
 */
public final class Await {
    private Await() {
    }

    /**
     * Checks until the supplier returns a value.
     *
     * @param what what is awaited, for the timeout message
     * @param timeout how long to wait
     * @param policy the awaited component's policy
     * @param check returns the value when ready
     * @param <T> the value type
     * @return the value
     * @throws MlopsBackendException (retryable) on timeout or interruption
     */
    public static <T> T until(String what, Duration timeout, WaitPolicy policy, Supplier<Optional<T>> check) {
        Validation.positive("timeout", timeout);
        try {
            return policy.until(timeout, check).orElseThrow(() -> new MlopsBackendException("Timed out after " + timeout
                    + " waiting for " + what, null, Map.of("timeout", timeout.toString()), true));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MlopsBackendException("Interrupted while waiting for " + what, e);
        }
    }

    /**
     * The time left before a deadline taken at {@code startNanos}, never negative.
     *
     * @param policy the policy whose ticker measured the start
     * @param startNanos the start
     * @param timeout the whole budget
     * @return what remains of it
     */
    public static Duration left(WaitPolicy policy, long startNanos, Duration timeout) {
        Duration left = timeout.minusNanos(policy.ticker().nanoTime() - startNanos);
        return left.isNegative() || left.isZero() ? Duration.ofMillis(1) : left;
    }
}
