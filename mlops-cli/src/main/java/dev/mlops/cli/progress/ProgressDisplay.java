package dev.mlops.cli.progress;

import dev.mlops.event.ProjectEvent;
import dev.mlops.event.ProjectListener;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;

/**
 * Live progress of the waits a command makes (stack creation, pipeline runs, deployments, monitor runs), drawn from
 * the project's listener events. It prints nothing unless enabled, so scripts and {@code --json} output stay clean.
 *
 * <pre>{@code
 * try (ProgressDisplay progress = ProgressDisplay.create(System.err, ProgressDisplay.Mode.AUTO)) {
 *     progress.phase("build pipeline", -1);
 *     project.addListener(progress);
 *     project.pipelines().build().awaitLatest(timeout);
 * }
 * }</pre>
 */
public final class ProgressDisplay implements ProjectListener, AutoCloseable {
    /** When a display draws. */
    public enum Mode {
        /** Only when the output is an interactive terminal. */
        AUTO,
        /** Always, even into a file or pipe. */
        ALWAYS,
        /** Never. */
        NEVER
    }

    private final PrintStream out;
    private final boolean enabled;
    private final Instant start = Instant.now();
    private volatile String phase = "";

    private ProgressDisplay(PrintStream out, boolean enabled) {
        this.out = out;
        this.enabled = enabled;
    }

    /**
     * Creates a display.
     *
     * @param out where to draw (the command's standard error, so that standard output stays for results)
     * @param mode when to draw
     * @return the display; close it when the waits are over
     */
    public static ProgressDisplay create(PrintStream out, Mode mode) {
        boolean on = switch (mode) {
            case ALWAYS -> true;
            case NEVER -> false;
            case AUTO -> System.console() != null;
        };
        return new ProgressDisplay(out, on);
    }

    /**
     * Whether this display draws at all.
     *
     * @return true if it draws
     */
    public boolean enabled() {
        return enabled;
    }

    /**
     * Starts a new phase of waiting: what is waited for, and how many steps it has if that is known.
     *
     * @param label what is waited for, e.g. {@code build pipeline}
     * @param totalSteps the number of steps, or -1 when unknown
     */
    public void phase(String label, int totalSteps) {
        this.phase = label;
        if (enabled) {
            out.printf("%7.2fs %s%s%n", elapsed(), label, totalSteps > 0 ? " (" + totalSteps + " steps)" : "");
        }
    }

    @Override
    public void onEvent(ProjectEvent event) {
        if (enabled) {
            out.printf("%7.2fs   %s%n", elapsed(), event.message());
        }
    }

    private double elapsed() {
        return Math.max(0, Duration.between(start, Instant.now()).toMillis()) / 1000.0;
    }

    @Override
    public void close() {
        out.flush();
    }

    @Override
    public String toString() {
        return "ProgressDisplay[" + (enabled ? "on" : "off") + ", phase " + phase + "]";
    }
}
