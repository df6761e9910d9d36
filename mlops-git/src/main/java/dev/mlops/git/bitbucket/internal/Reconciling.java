package dev.mlops.git.bitbucket.internal;

import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.util.function.Supplier;

/**
 * Retries a whole read-then-write step after a transient failure. Each attempt starts by reading the host's state,
 * so a write whose answer was lost is found done instead of made twice.
 */
public final class Reconciling {
    private final Retry retry;

    /**
     * A retrier.
     *
     * @param name the retry's name
     * @param resilience attempts and backoff
     */
    public Reconciling(String name, Resilience resilience) {
        this.retry = Retry.of(name, RetryConfig.custom().maxAttempts(resilience.maxAttempts())
                .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(resilience.firstBackoff(), 2.0, 0.5,
                        resilience.maxWait()))
                .retryOnException(t -> t instanceof BitbucketApiException b && b.retryable() && !b.exhausted()).build());
    }

    /**
     * Runs the step, again after each transient failure.
     *
     * @param <T> what it gives
     * @param step the step, starting with a read
     * @return its result
     */
    public <T> T run(Supplier<T> step) {
        return retry.executeSupplier(step);
    }
}
