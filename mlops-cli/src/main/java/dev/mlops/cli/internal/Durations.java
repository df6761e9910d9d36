package dev.mlops.cli.internal;

import dev.mlops.exception.ValidationException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people type them: {@code 250ms}, {@code 2s}, {@code 5m}, {@code 1h}, or ISO-8601 ({@code PT2S}). */
final class Durations {
    private static final Pattern SHORT = Pattern.compile("(\\d{1,9})(ms|s|m|h)");

    private Durations() {
    }

    static Duration parse(String field, String text) {
        Matcher m = SHORT.matcher(text == null ? "" : text.strip());
        Duration d;
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            d = switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            };
        } else {
            try {
                d = Duration.parse(text == null ? "" : text.strip());
            } catch (DateTimeParseException e) {
                throw new ValidationException(field, text, "a duration such as 250ms, 2s, 5m, 1h or PT2S");
            }
        }
        if (d.isNegative() || d.isZero()) {
            throw new ValidationException(field, text, "a positive duration");
        }
        return d;
    }
}
