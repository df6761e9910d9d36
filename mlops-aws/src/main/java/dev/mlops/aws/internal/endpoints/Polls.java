package dev.mlops.aws.internal.endpoints;

import dev.mlops.exception.MlopsBackendException;
import dev.mlops.spi.WaitPolicy;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** Polls a remote state until it settles, pacing the polls as a wait policy says. */
final class Polls {
    private Polls() {
    }

    /**
     * Checks until the supplier has a value.
     *
     * @param what what is awaited, for the timeout message
     * @param timeout how long to wait
     * @param policy the pacing (the backend's long waits for stacks and endpoints)
     * @param context details for the timeout's exception
     * @param check returns the value once settled
     * @param <T> the value
     * @return the value
     * @throws MlopsBackendException (retryable) on timeout or interruption
     */
    static <T> T until(String what, Duration timeout, WaitPolicy policy, Map<String, String> context,
            Supplier<Optional<T>> check) {
        try {
            return policy.until(timeout, check).orElseThrow(() -> new MlopsBackendException("Timed out after " + timeout
                    + " waiting for " + what + "; AWS goes on with it: look again later", null, context, true));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MlopsBackendException("Interrupted while waiting for " + what, e, context, true);
        }
    }
}
