package dev.mlops.jupyter.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;

/** How views write times, durations and numbers: the same on every machine (UTC, {@link Locale#ROOT}). */
public final class Formats {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    /** What a cell shows when there is no value. */
    public static final String NONE = "—";

    private Formats() {
    }

    /**
     * A time in UTC to the second.
     *
     * @param time the time, or {@code null}
     * @return the text, {@link #NONE} for {@code null}
     */
    public static String time(Instant time) {
        return time == null ? NONE : TIME.format(time);
    }

    /**
     * An optional time in UTC to the second.
     *
     * @param time the time
     * @return the text, {@link #NONE} when empty
     */
    public static String time(Optional<Instant> time) {
        return time.map(Formats::time).orElse(NONE);
    }

    /**
     * The time between two instants, as {@code 1.2 s}, {@code 3 min 4 s} or {@code 2 h 5 min}.
     *
     * @param from the start, or {@code null}
     * @param to the end, or empty while running
     * @return the text, {@link #NONE} when either end is unknown
     */
    public static String duration(Instant from, Optional<Instant> to) {
        if (from == null || to.isEmpty()) {
            return NONE;
        }
        Duration d = Duration.between(from, to.get());
        long ms = d.toMillis();
        if (ms < 60_000) {
            return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
        }
        if (ms < 3_600_000) {
            return (ms / 60_000) + " min " + (ms % 60_000) / 1000 + " s";
        }
        return (ms / 3_600_000) + " h " + (ms % 3_600_000) / 60_000 + " min";
    }

    /**
     * A number with up to four significant digits past the point, without an exponent for ordinary magnitudes.
     *
     * @param value the number
     * @return the text, {@link #NONE} for NaN
     */
    public static String number(double value) {
        if (Double.isNaN(value)) {
            return NONE;
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "∞" : "-∞";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return String.format(Locale.ROOT, "%d", (long) value);
        }
        double abs = Math.abs(value);
        if (abs >= 1e6 || abs < 1e-4) {
            return String.format(Locale.ROOT, "%.3e", value);
        }
        String s = String.format(Locale.ROOT, abs >= 100 ? "%.2f" : abs >= 1 ? "%.4f" : "%.4g", value);
        if (s.contains(".") && !s.contains("e")) {
            s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return s;
    }

    /**
     * The first seven characters of a commit id, as Git shows them.
     *
     * @param commit the commit id, or {@code null}
     * @return the short id, {@link #NONE} for {@code null} or blank
     */
    public static String shortCommit(String commit) {
        if (commit == null || commit.isBlank()) {
            return NONE;
        }
        return commit.length() > 7 ? commit.substring(0, 7) : commit;
    }
}
