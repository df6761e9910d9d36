package dev.mlops.cli.support;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads a duration as people write it: {@code 90s}, {@code 5m}, {@code 1h30m}, {@code 500ms}, a bare number of
 * seconds, or ISO-8601 ({@code PT5M}).
 */
public final class DurationConverter implements ITypeConverter<Duration> {
    private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    /** Creates the converter (picocli does). */
    public DurationConverter() {
    }

    @Override
    public Duration convert(String value) {
        return parse(value);
    }

    /**
     * Parses a duration.
     *
     * @param value e.g. {@code 5m}
     * @return the duration, positive
     * @throws TypeConversionException if the text is no positive duration
     */
    public static Duration parse(String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        Duration d = null;
        if (v.startsWith("p")) {
            try {
                d = Duration.parse(v.toUpperCase(Locale.ROOT));
            } catch (java.time.format.DateTimeParseException e) {
                d = null;
            }
        } else if (v.matches("\\d+")) {
            d = Duration.ofSeconds(Long.parseLong(v));
        } else if (!v.isEmpty()) {
            Matcher m = PART.matcher(v);
            int at = 0;
            d = Duration.ZERO;
            while (m.find() && m.start() == at) {
                long n = Long.parseLong(m.group(1));
                d = d.plus(switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                });
                at = m.end();
            }
            if (at != v.length()) {
                d = null;
            }
        }
        if (d == null || d.isNegative() || d.isZero()) {
            throw new TypeConversionException("'" + value + "' is not a positive duration (e.g. 90s, 5m, 1h30m, 500ms, PT5M)");
        }
        return d;
    }
}
