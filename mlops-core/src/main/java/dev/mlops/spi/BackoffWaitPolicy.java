package dev.mlops.spi;

import dev.mlops.exception.ValidationException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Exponential backoff with equal jitter; see {@link WaitPolicy#backoff}. */
final class BackoffWaitPolicy implements WaitPolicy {
    static final BackoffWaitPolicy DEFAULT = new BackoffWaitPolicy(Duration.ofSeconds(1), Duration.ofSeconds(10), 2.0,
            Ticker.system());

    private final long firstNanos;
    private final long maxNanos;
    private final double multiplier;
    private final Ticker ticker;

    BackoffWaitPolicy(Duration first, Duration max, double multiplier, Ticker ticker) {
        if (first == null || first.toMillis() < 1) {
            throw new ValidationException("WaitPolicy.backoff.first", first, "at least 1 ms");
        }
        if (max == null || max.compareTo(first) < 0) {
            throw new ValidationException("WaitPolicy.backoff.max", max, "at least the first step (" + first + ")");
        }
        if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
            throw new ValidationException("WaitPolicy.backoff.multiplier", multiplier, "a finite number of at least 1");
        }
        if (ticker == null) {
            throw new ValidationException("WaitPolicy.backoff.ticker", null, "a ticker, e.g. Ticker.system()");
        }
        this.firstNanos = first.toNanos();
        this.maxNanos = max.toNanos();
        this.multiplier = multiplier;
        this.ticker = ticker;
    }

    @Override
    public Ticker ticker() {
        return ticker;
    }

    @Override
    public Duration minimumInterval() {
        return Duration.ofNanos(firstNanos);
    }

    @Override
    public Pacer begin() {
        return new Pacer() {
            private double step = firstNanos;

            @Override
            public void pause(long mark, long deadlineNanos) throws InterruptedException {
                long d = (long) Math.min(maxNanos, step);
                step = Math.min(maxNanos, step * multiplier);
                long jittered = d / 2 + ThreadLocalRandom.current().nextLong(d / 2 + 1);
                long left = deadlineNanos - ticker.nanoTime();
                ticker.sleep(Duration.ofNanos(Math.max(0, Math.min(jittered, left))));
            }
        };
    }

    @Override
    public String toString() {
        return "WaitPolicy.backoff{first=" + Duration.ofNanos(firstNanos) + ", max=" + Duration.ofNanos(maxNanos)
                + ", multiplier=" + multiplier + "}";
    }
}
