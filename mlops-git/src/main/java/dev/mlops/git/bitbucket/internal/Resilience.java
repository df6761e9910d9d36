package dev.mlops.git.bitbucket.internal;

import dev.mlops.exception.ValidationException;
import java.time.Duration;

/**
 * How a Bitbucket client retries and times out: attempts in all, the first backoff (doubled each attempt, with
 * jitter), the longest wait (also the cap on {@code Retry-After}), and the timeout of one request.
 *
 * @param maxAttempts attempts in all, at least 1
 * @param firstBackoff the first backoff
 * @param maxWait the longest wait between attempts
 * @param requestTimeout the timeout of one request
 */
public record Resilience(int maxAttempts, Duration firstBackoff, Duration maxWait, Duration requestTimeout) {
    /** The defaults: 6 attempts, 500 ms doubling up to 60 s, 30 s per request. */
    public static final Resilience DEFAULT = new Resilience(6, Duration.ofMillis(500), Duration.ofSeconds(60),
            Duration.ofSeconds(30));

    /** Checks the values. */
    public Resilience {
        if (maxAttempts < 1 || maxAttempts > 100) {
            throw new ValidationException("bitbucket.retries.maxAttempts", maxAttempts, "between 1 and 100");
        }
        positive("bitbucket.retries.firstBackoff", firstBackoff);
        positive("bitbucket.retries.maxWait", maxWait);
        positive("bitbucket.requestTimeout", requestTimeout);
    }

    private static void positive(String field, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new ValidationException(field, d, "a positive duration");
        }
    }
}
