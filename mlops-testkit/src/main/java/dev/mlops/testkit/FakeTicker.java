package dev.mlops.testkit;

import dev.mlops.exception.ValidationException;
import dev.mlops.spi.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fake time for waits: {@link #sleep(Duration)} returns at once, having moved time forward by the duration, so a
 * one-minute wait under a backoff policy runs in microseconds while seeing a minute pass. Time moves only when a
 * thread sleeps on it or a test {@link #advance(Duration) advances} it. Thread-safe: concurrent sleeps each add their
 * duration.
 *
 * <pre>{@code
 * FakeTicker time = new FakeTicker();
 * WaitPolicy policy = WaitPolicy.backoff(Duration.ofSeconds(1), Duration.ofSeconds(10), 2.0, time);
 * long start = time.nanoTime();
 * // … a wait under that policy …
 * Duration waited = time.elapsedSince(start);
 * }</pre>
 */
public final class FakeTicker implements Ticker {
    /** Where a ticker made with {@link #FakeTicker()} starts: 2024-01-01T00:00:00Z. */
    public static final Instant DEFAULT_START = Instant.parse("2024-01-01T00:00:00Z");

    private final Instant start;
    private final AtomicLong nanos = new AtomicLong();
    private final AtomicLong sleeps = new AtomicLong();
    private final Clock clock;

    /** A ticker whose wall clock starts at {@link #DEFAULT_START}. */
    public FakeTicker() {
        this(DEFAULT_START);
    }

    /**
     * A ticker whose wall clock starts at a given instant.
     *
     * @param start the wall clock's first reading
     * @throws ValidationException if the start is null
     */
    public FakeTicker(Instant start) {
        if (start == null) {
            throw new ValidationException("FakeTicker.start", null, "an instant");
        }
        this.start = start;
        this.clock = new View(ZoneOffset.UTC);
    }

    /**
     * The monotonic reading: nanoseconds slept and advanced since the ticker was made.
     *
     * @return nanoseconds from zero
     */
    @Override
    public long nanoTime() {
        return nanos.get();
    }

    /**
     * A wall clock that reads this ticker's time: the start instant plus the time that passed.
     *
     * @return the clock, in UTC
     */
    @Override
    public Clock clock() {
        return clock;
    }

    /**
     * Moves time forward by the duration at once, without blocking.
     *
     * @param duration how long; zero or negative durations move nothing
     * @throws InterruptedException if the calling thread is interrupted (its flag is cleared, as {@link Thread#sleep}
     *     does)
     */
    @Override
    public void sleep(Duration duration) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("interrupted while sleeping on a FakeTicker");
        }
        sleeps.incrementAndGet();
        long d = duration == null ? 0 : duration.toNanos();
        if (d > 0) {
            nanos.addAndGet(d);
        }
    }

    /**
     * Moves time forward, as a test does to let a deadline pass.
     *
     * @param duration how long, not negative
     * @return this ticker
     * @throws ValidationException if the duration is null or negative
     */
    public FakeTicker advance(Duration duration) {
        if (duration == null || duration.isNegative()) {
            throw new ValidationException("FakeTicker.advance", duration, "a duration of zero or more");
        }
        nanos.addAndGet(duration.toNanos());
        return this;
    }

    /**
     * How much time passed since a reading of {@link #nanoTime()}.
     *
     * @param startNanos an earlier reading
     * @return the time passed
     */
    public Duration elapsedSince(long startNanos) {
        return Duration.ofNanos(nanos.get() - startNanos);
    }

    /**
     * How many times {@link #sleep(Duration)} was called: the number of pauses waits made.
     *
     * @return the count
     */
    public long sleeps() {
        return sleeps.get();
    }

    @Override
    public String toString() {
        return "FakeTicker{" + now() + ", +" + Duration.ofNanos(nanos.get()) + "}";
    }

    /** The wall-clock view. */
    private final class View extends Clock {
        private final ZoneId zone;

        View(ZoneId zone) {
            this.zone = zone;
        }

        @Override
        public ZoneId getZone() {
            return zone;
        }

        @Override
        public Clock withZone(ZoneId other) {
            return other.equals(zone) ? this : new View(other);
        }

        @Override
        public Instant instant() {
            return start.plusNanos(nanos.get());
        }

        @Override
        public long millis() {
            return instant().toEpochMilli();
        }
    }
}
