package dev.mlops.spi;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Time as waits see it: a monotonic reading, the wall clock and a way to sleep. The system ticker is the default;
 * a test passes a fake one that advances time when slept on, so a one-minute wait runs at once.
 */
public interface Ticker {

    /**
     * The system's clocks.
     *
     * @return the ticker
     */
    static Ticker system() {
        return SystemTicker.INSTANCE;
    }

    /**
     * A monotonic reading in nanoseconds, for deadlines.
     *
     * @return nanoseconds from an arbitrary origin
     */
    long nanoTime();

    /**
     * The wall clock, for timestamps.
     *
     * @return the clock
     */
    Clock clock();

    /**
     * Sleeps.
     *
     * @param duration how long
     * @throws InterruptedException if interrupted
     */
    void sleep(Duration duration) throws InterruptedException;

    /**
     * The wall clock's current instant.
     *
     * @return now
     */
    default Instant now() {
        return clock().instant();
    }
}
