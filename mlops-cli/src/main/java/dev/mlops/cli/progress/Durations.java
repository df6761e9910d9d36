package dev.mlops.cli.progress;

import java.time.Duration;
import java.util.Locale;

/** Short durations for people: {@code 0.8s}, {@code 12.3s}, {@code 2m05s}, {@code 1h02m}. */
final class Durations {
    private Durations() {
    }

    static String format(Duration d) {
        long ms = Math.max(0, d.toMillis());
        if (ms < 60_000) {
            return String.format(Locale.ROOT, "%.1fs", ms / 1000.0);
        }
        long s = ms / 1000;
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
    }

    /** The clock form a plain line starts with, as progressbar shows elapsed time: {@code 0:01:05}. */
    static String clock(Duration d) {
        long s = Math.max(0, d.getSeconds());
        return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s % 3600) / 60, s % 60);
    }
}
