package dev.mlops.cli.progress;

import dev.mlops.event.ProjectEvent;
import dev.mlops.event.ProjectListener;
import java.io.PrintStream;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live progress of the waits a command makes (stack creation, pipeline runs, deployments, gates, monitor runs),
 * drawn from the project's listener events.
 *
 * <p>On a terminal, each finished stage, ML step or stack resource stays on screen as one line ({@code ✔ Train
 * 2.1s [2/5]}, {@code ✘} when it failed), and the bottom line redraws in place: the phase, a bar when its total is
 * known, done/total, the elapsed time, and the stage and step running now. Into a file or a pipe it draws nothing
 * unless asked ({@link Mode#ALWAYS}), and then prints plain lines with the elapsed time and no control characters.
 * Whether the output is a terminal is asked of the very file descriptor behind it (see {@link Mode#AUTO}).
 *
 * <p>Events may arrive on any thread while the command's thread waits: lines are printed whole, in the order the
 * display took the events in. Events seen before (delivery is at least once) are dropped. {@link #close()} leaves the
 * terminal's line empty and may be called more than once.
 *
 * <pre>{@code
 * try (ProgressDisplay progress = ProgressDisplay.create(System.err, ProgressDisplay.Mode.AUTO)) {
 *     progress.phase("build pipeline", 5);
 *     project.addListener(progress);
 *     project.pipelines().build().awaitLatest(timeout);
 * }
 * }</pre>
 */
public final class ProgressDisplay implements ProjectListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProgressDisplay.class);

    /** When a display draws. */
    public enum Mode {
        /**
         * Only when the output is {@code System.err} or {@code System.out} and its file descriptor is a terminal
         * (asked through JLine, not {@code System.console()}, which on Java 17 looks at standard input and
         * output); plain lines if that terminal is dumb ({@code TERM} unset or {@code dumb}); nothing otherwise.
         */
        AUTO,
        /** Always: redrawing on a terminal that can, plain lines into a file, a pipe or a dumb terminal. */
        ALWAYS,
        /** Never. */
        NEVER
    }

    private final Object lock = new Object();
    private final Tracker tracker;
    private final Screen screen;
    private boolean phased;
    private boolean closed;

    private ProgressDisplay(Function<Object, Screen> screens, LongSupplier nanos) {
        this.tracker = new Tracker(nanos);
        this.screen = screens.apply(lock);
    }

    /**
     * Creates a display.
     *
     * @param out where to draw (the command's standard error, so that standard output stays for results)
     * @param mode when to draw
     * @return the display; close it when the waits are over
     */
    public static ProgressDisplay create(PrintStream out, Mode mode) {
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(mode, "mode");
        if (mode == Mode.NEVER) {
            return new ProgressDisplay(lock -> null, System::nanoTime);
        }
        return create(out, mode, TerminalCheck.check(out), System::nanoTime);
    }

    /** A display on given terminal facts and clock: what tests and the demo use. */
    static ProgressDisplay create(PrintStream out, Mode mode, TerminalCheck.Facts facts, LongSupplier nanos) {
        return new ProgressDisplay(lock -> switch (mode) {
            case NEVER -> null;
            case AUTO -> facts.live() ? new LiveScreen(out, lock, facts)
                    : facts.terminal() ? new PlainScreen(out, facts.unicode()) : null;
            case ALWAYS -> facts.live() ? new LiveScreen(out, lock, facts) : new PlainScreen(out, facts.unicode());
        }, nanos);
    }

    /**
     * Whether this display draws at all.
     *
     * @return true if it draws
     */
    public boolean enabled() {
        return screen != null;
    }

    /**
     * Starts a new phase of waiting: what is waited for, and how many steps it has if that is known. The phase
     * before it, if any, ends with a line saying how far it got and in how long. A step is a pipeline stage (a
     * manual gate is one), or a stack resource while a stack is made; without a total, a pipeline run's
     * {@code ExecutionStarted} event may give it.
     *
     * @param label what is waited for, e.g. {@code build pipeline}
     * @param totalSteps the number of steps, or -1 when unknown
     */
    public void phase(String label, int totalSteps) {
        Objects.requireNonNull(label, "label");
        if (screen == null) {
            return;
        }
        AutoCloseable old;
        boolean had;
        synchronized (lock) {
            if (closed) {
                return;
            }
            old = screen.detach();
            had = phased;
        }
        closeQuietly(old);
        synchronized (lock) {
            if (closed) {
                return;
            }
            if (had) {
                screen.show(List.of(tracker.summary()), tracker);
            }
            tracker.phase(label, totalSteps);
            screen.begin(tracker);
            phased = true;
        }
    }

    /**
     * Takes in one event; safe to call from any thread, and it never throws.
     *
     * @param event the event
     */
    @Override
    public void onEvent(ProjectEvent event) {
        if (screen == null || event == null) {
            return;
        }
        try {
            synchronized (lock) {
                if (closed) {
                    return;
                }
                screen.show(tracker.apply(event), tracker);
            }
        } catch (RuntimeException e) {
            LOG.debug("Progress display could not show event {}", event.id(), e);
        }
    }

    /** Ends the current phase with its summary line and leaves the line clean; later calls do nothing. */
    @Override
    public void close() {
        if (screen == null) {
            return;
        }
        AutoCloseable old;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            old = screen.detach();
        }
        closeQuietly(old);
        synchronized (lock) {
            if (phased) {
                screen.show(List.of(tracker.summary()), tracker);
            }
            screen.finish();
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            LOG.debug("Closing a progress bar failed", e);
        }
    }

    @Override
    public String toString() {
        return "ProgressDisplay[" + (screen == null ? "off" : screen.getClass().getSimpleName()) + ", phase "
                + tracker.status().phase() + "]";
    }
}
