package dev.mlops.spi;

import dev.mlops.exception.ValidationException;
import java.time.Duration;

/**
 * How a caller waits for a component's state to change between two checks. Embedded components wake waiters
 * when they commit a change ({@link #eventDriven}); remote services are polled with exponential backoff and
 * jitter ({@link #backoff}), so a one-minute wait makes a handful of calls, not thousands.
 *
 * <pre>{@code
 * WaitPolicy policy = WaitPolicy.backoff(Duration.ofSeconds(1), Duration.ofSeconds(10), 2.0, Ticker.system());
 * }</pre>
 */
public interface WaitPolicy {

    /**
     * The policy of a remote service by default: first pause about 1 s, doubling up to about 10 s, each pause
     * drawn between half and all of its step (equal jitter), so at most about 15 checks a minute.
     *
     * @return the policy
     */
    static WaitPolicy remote() {
        return BackoffWaitPolicy.DEFAULT;
    }

    /**
     * Exponential backoff with equal jitter: the n-th pause is drawn uniformly from [d/2, d] with
     * {@code d = min(max, first * multiplier^n)}.
     *
     * @param first the first step, at least 1 ms
     * @param max the largest step, at least {@code first}
     * @param multiplier the growth per check, at least 1
     * @param ticker the clocks to sleep on
     * @return the policy
     * @throws ValidationException if a bound breaks its rule
     */
    static WaitPolicy backoff(Duration first, Duration max, double multiplier, Ticker ticker) {
        return new BackoffWaitPolicy(first, max, multiplier, ticker);
    }

    /**
     * Event-driven: a pause ends as soon as the signal fires, and at the latest after {@code maxInterval}, so that
     * changes made by other processes are seen too; the first pauses are short (10 ms, growing by half).
     *
     * @param signal the component's change signal
     * @param maxInterval the longest pause, at least 1 ms
     * @return the policy
     */
    static WaitPolicy eventDriven(ChangeSignal signal, Duration maxInterval) {
        return new EventDrivenWaitPolicy(signal, maxInterval);
    }

    /**
     * The clocks this policy sleeps on; deadlines of waits under it are read from them.
     *
     * @return the ticker
     */
    Ticker ticker();

    /**
     * How often a watcher that never stops checking (the embedded engine following a remote repository's head) may
     * check: the first step of a backoff policy, zero for an event-driven one, whose checks are local and cheap.
     *
     * @return by default one second, as {@link #remote()}'s first step
     */
    default Duration minimumInterval() {
        return Duration.ofSeconds(1);
    }

    /**
     * Starts one wait.
     *
     * @return the pacer of that wait, to call between checks
     */
    Pacer begin();

    /**
     * Checks until {@code check} has a value or {@code timeout} has passed on this policy's ticker, pausing between
     * checks as this policy says. The one wait loop of the library: callers turn an empty result into their own
     * timeout error.
     *
     * @param timeout how long to wait
     * @param check returns the value once ready
     * @param <T> the value type
     * @return the value, or empty if the time ran out (after a last check)
     * @throws InterruptedException if interrupted while pausing
     */
    default <T> java.util.Optional<T> until(Duration timeout, java.util.function.Supplier<java.util.Optional<T>> check)
            throws InterruptedException {
        long deadline = ticker().nanoTime() + timeout.toNanos();
        Pacer pacer = begin();
        while (true) {
            long mark = pacer.mark();
            java.util.Optional<T> v = check.get();
            if (v.isPresent() || ticker().nanoTime() >= deadline) {
                return v;
            }
            pacer.pause(mark, deadline);
        }
    }

    /** The pauses of one wait. */
    interface Pacer {

        /**
         * A token to read before a check, so that a change made between the check and {@link #pause} is not
         * missed; policies that poll blindly return 0.
         *
         * @return the token
         */
        default long mark() {
            return 0;
        }

        /**
         * Pauses until the next check is due, a change is signalled after {@code mark}, or the deadline.
         *
         * @param mark what {@link #mark()} returned before the last check
         * @param deadlineNanos the wait's deadline on the policy's ticker
         * @throws InterruptedException if interrupted
         */
        void pause(long mark, long deadlineNanos) throws InterruptedException;
    }
}
