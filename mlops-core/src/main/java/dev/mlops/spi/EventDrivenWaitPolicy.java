package dev.mlops.spi;

import dev.mlops.exception.ValidationException;
import java.time.Duration;

/** Waits on a {@link ChangeSignal}, polling at most every {@code maxInterval}; see {@link WaitPolicy#eventDriven}. */
final class EventDrivenWaitPolicy implements WaitPolicy {
    private final ChangeSignal signal;
    private final long maxMillis;

    EventDrivenWaitPolicy(ChangeSignal signal, Duration maxInterval) {
        if (signal == null) {
            throw new ValidationException("WaitPolicy.eventDriven.signal", null, "the component's change signal");
        }
        if (maxInterval == null || maxInterval.toMillis() < 1) {
            throw new ValidationException("WaitPolicy.eventDriven.maxInterval", maxInterval, "at least 1 ms");
        }
        this.signal = signal;
        this.maxMillis = maxInterval.toMillis();
    }

    @Override
    public Ticker ticker() {
        return Ticker.system();
    }

    @Override
    public Duration minimumInterval() {
        return Duration.ZERO;
    }

    @Override
    public Pacer begin() {
        return new Pacer() {
            private long sleep = Math.min(10, maxMillis);

            @Override
            public long mark() {
                return signal.generation();
            }

            @Override
            public void pause(long mark, long deadlineNanos) throws InterruptedException {
                long left = Math.max(1, (deadlineNanos - System.nanoTime()) / 1_000_000L);
                signal.awaitChange(mark, Math.min(sleep, left));
                sleep = Math.min(maxMillis, sleep * 3 / 2 + 1);
            }
        };
    }

    @Override
    public String toString() {
        return "WaitPolicy.eventDriven{maxInterval=" + maxMillis + " ms}";
    }
}
