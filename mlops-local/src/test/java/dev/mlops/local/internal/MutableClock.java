package dev.mlops.local.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** A clock tests set and advance, so schedules fall due and captures land in chosen hours without sleeping. */
public final class MutableClock extends Clock {
    private final AtomicReference<Instant> now;

    /**
     * Starts at a given instant.
     *
     * @param start the first time
     */
    public MutableClock(Instant start) {
        now = new AtomicReference<>(start);
    }

    /**
     * Moves the clock.
     *
     * @param to the new time
     */
    public void set(Instant to) {
        now.set(to);
    }

    /**
     * Advances the clock.
     *
     * @param by how far
     */
    public void advance(Duration by) {
        now.updateAndGet(t -> t.plus(by));
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return now.get();
    }
}
