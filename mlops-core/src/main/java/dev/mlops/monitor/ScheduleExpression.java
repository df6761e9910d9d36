package dev.mlops.monitor;

import dev.mlops.exception.ValidationException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A monitoring schedule's {@code ScheduleExpression} in the forms SageMaker accepts (UTC):
 * <ul>
 *   <li>hourly: {@code cron(0 * ? * * *)};</li>
 *   <li>daily at an hour: {@code cron(0 H ? * * *)}, H from 0 to 23 ({@code cron(0 0 ? * * *)} is midnight);</li>
 *   <li>every N hours from a starting hour: {@code cron(0 S/N ? * * *)}, S 0 to 23, N 1 to 24 (the SDK's
 *       {@code daily_every_x_hours}); {@code cron(0 *}{@code /N ? * * *)} is read as {@code 0/N};</li>
 *   <li>one-off: {@code NOW}, which runs once at once over a data-analysis window given as negative ISO-8601
 *       offsets from the run time, e.g. start {@code -PT1H} and end {@code -PT0H}; the window may be at most
 *       24 hours long.</li>
 * </ul>
 * A cron schedule runs at each matching hour T and analyses the data captured since its previous run time
 * (for an hourly schedule, {@code [T - 1 h, T)}).
 */
public final class ScheduleExpression {
    /** The one-off keyword. */
    public static final String NOW = "NOW";

    private static final Pattern CRON = Pattern.compile("cron\\(0 ([^ ]+) \\? \\* \\* \\*\\)");
    private static final Pattern HOUR = Pattern.compile("\\d{1,2}");
    private static final Pattern EVERY = Pattern.compile("(\\d{1,2}|\\*)/(\\d{1,2})");
    private static final String FORMS = "cron(0 * ? * * *) (hourly), cron(0 H ? * * *) with H 0-23 (daily),"
            + " cron(0 S/N ? * * *) with S 0-23 and N 1-24 (every N hours), or NOW";

    private final String text;
    private final int[] hours;
    private final Duration start;
    private final Duration end;

    private ScheduleExpression(String text, int[] hours, Duration start, Duration end) {
        this.text = text;
        this.hours = hours;
        this.start = start;
        this.end = end;
    }

    /**
     * Every hour on the hour: {@code cron(0 * ? * * *)}.
     *
     * @return the expression
     */
    public static ScheduleExpression hourly() {
        return parse("cron(0 * ? * * *)");
    }

    /**
     * Once a day: {@code cron(0 H ? * * *)}.
     *
     * @param hour 0 to 23 (UTC)
     * @return the expression
     */
    public static ScheduleExpression daily(int hour) {
        return parse("cron(0 " + hour + " ? * * *)");
    }

    /**
     * Every N hours from midnight: {@code cron(0 0/N ? * * *)}.
     *
     * @param hours 1 to 24
     * @return the expression
     */
    public static ScheduleExpression everyHours(int hours) {
        return everyHours(hours, 0);
    }

    /**
     * Every N hours from a starting hour: {@code cron(0 S/N ? * * *)}.
     *
     * @param hours 1 to 24
     * @param startingHour 0 to 23
     * @return the expression
     */
    public static ScheduleExpression everyHours(int hours, int startingHour) {
        return parse("cron(0 " + startingHour + "/" + hours + " ? * * *)");
    }

    /**
     * A one-off run at once over {@code [runTime + start, runTime + end)}.
     *
     * @param dataAnalysisStart a zero or negative offset, e.g. {@code Duration.ofHours(-1)}
     * @param dataAnalysisEnd a zero or negative offset after the start, at most 24 hours after it
     * @return the expression
     */
    public static ScheduleExpression now(Duration dataAnalysisStart, Duration dataAnalysisEnd) {
        checkWindow(dataAnalysisStart, dataAnalysisEnd);
        return new ScheduleExpression(NOW, null, dataAnalysisStart, dataAnalysisEnd);
    }

    /**
     * Parses a cron expression (for {@code NOW}, use {@link #parse(String, String, String)}).
     *
     * @param expression the text
     * @return the expression
     * @throws ValidationException if it is not one of the accepted forms
     */
    public static ScheduleExpression parse(String expression) {
        return parse(expression, null, null);
    }

    /**
     * Parses an expression with the data-analysis window SageMaker's {@code MonitoringScheduleConfig} carries
     * ({@code DataAnalysisStartTime}, {@code DataAnalysisEndTime}), which {@code NOW} requires and cron forms
     * do not take.
     *
     * @param expression the text
     * @param dataAnalysisStartTime e.g. {@code -PT1H}, or null
     * @param dataAnalysisEndTime e.g. {@code -PT0H}, or null
     * @return the expression
     * @throws ValidationException if it is not one of the accepted forms
     */
    public static ScheduleExpression parse(String expression, String dataAnalysisStartTime, String dataAnalysisEndTime) {
        if (expression == null || expression.isEmpty() || expression.length() > 256) {
            throw new ValidationException("ScheduleExpression", expression, "1 to 256 characters: " + FORMS);
        }
        if (expression.equals(NOW)) {
            if (dataAnalysisStartTime == null || dataAnalysisEndTime == null) {
                throw new ValidationException("DataAnalysisStartTime/DataAnalysisEndTime",
                        dataAnalysisStartTime + " / " + dataAnalysisEndTime,
                        "both given with ScheduleExpression NOW, as negative ISO-8601 durations such as -PT1H and -PT0H");
            }
            return now(offset("DataAnalysisStartTime", dataAnalysisStartTime),
                    offset("DataAnalysisEndTime", dataAnalysisEndTime));
        }
        if (dataAnalysisStartTime != null || dataAnalysisEndTime != null) {
            throw new ValidationException("DataAnalysisStartTime/DataAnalysisEndTime",
                    dataAnalysisStartTime + " / " + dataAnalysisEndTime,
                    "absent unless ScheduleExpression is NOW (a cron schedule analyses the time since its last run)");
        }
        Matcher m = CRON.matcher(expression);
        if (!m.matches()) {
            throw new ValidationException("ScheduleExpression", expression, FORMS);
        }
        String h = m.group(1);
        TreeSet<Integer> set = new TreeSet<>();
        if (h.equals("*")) {
            for (int i = 0; i < 24; i++) {
                set.add(i);
            }
        } else if (HOUR.matcher(h).matches()) {
            int hour = Integer.parseInt(h);
            if (hour > 23) {
                throw new ValidationException("ScheduleExpression", expression, "an hour from 0 to 23 in " + FORMS);
            }
            set.add(hour);
        } else {
            Matcher e = EVERY.matcher(h);
            if (!e.matches()) {
                throw new ValidationException("ScheduleExpression", expression, FORMS);
            }
            int from = e.group(1).equals("*") ? 0 : Integer.parseInt(e.group(1));
            int step = Integer.parseInt(e.group(2));
            if (from > 23 || step < 1 || step > 24) {
                throw new ValidationException("ScheduleExpression", expression,
                        "a starting hour from 0 to 23 and a rate from 1 to 24 hours in " + FORMS);
            }
            for (int i = from; i < 24; i += step) {
                set.add(i);
            }
        }
        return new ScheduleExpression(expression, set.stream().mapToInt(Integer::intValue).toArray(), null, null);
    }

    private static Duration offset(String field, String text) {
        if (!text.matches("^.?P.*")) {
            throw new ValidationException(field, text, "an ISO-8601 duration such as -PT1H");
        }
        try {
            return Duration.parse(text);
        } catch (DateTimeParseException e) {
            throw new ValidationException(field, text, "an ISO-8601 duration such as -PT1H");
        }
    }

    private static void checkWindow(Duration start, Duration end) {
        if (start == null || end == null || positive(start) || positive(end)) {
            throw new ValidationException("DataAnalysisStartTime/DataAnalysisEndTime", start + " / " + end,
                    "zero or negative offsets from the run time");
        }
        if (!start.minus(end).isNegative()) {
            throw new ValidationException("DataAnalysisStartTime/DataAnalysisEndTime", start + " / " + end,
                    "a start before the end");
        }
        if (end.minus(start).compareTo(Duration.ofHours(24)) > 0) {
            throw new ValidationException("DataAnalysisStartTime/DataAnalysisEndTime", start + " / " + end,
                    "a window of at most 24 hours");
        }
    }

    private static boolean positive(Duration d) {
        return !d.isNegative() && !d.isZero();
    }

    /**
     * The expression as SageMaker takes it.
     *
     * @return e.g. {@code cron(0 * ? * * *)} or {@code NOW}
     */
    public String text() {
        return text;
    }

    /**
     * Whether this is the one-off {@code NOW}.
     *
     * @return true for NOW
     */
    public boolean isOneOff() {
        return hours == null;
    }

    /**
     * The start of a one-off's window, relative to its run time.
     *
     * @return the offset, empty for cron forms
     */
    public Optional<Duration> dataAnalysisStartTime() {
        return Optional.ofNullable(start);
    }

    /**
     * The end of a one-off's window, relative to its run time.
     *
     * @return the offset, empty for cron forms
     */
    public Optional<Duration> dataAnalysisEndTime() {
        return Optional.ofNullable(end);
    }

    /**
     * The latest scheduled time at or before {@code t}.
     *
     * @param t a time
     * @return the run time
     * @throws IllegalStateException for NOW, which has no recurring times
     */
    public Instant latestAtOrBefore(Instant t) {
        requireCron();
        Instant hour = t.truncatedTo(ChronoUnit.HOURS);
        for (int i = 0; i <= 48; i++) {
            Instant c = hour.minus(i, ChronoUnit.HOURS);
            if (matches(c)) {
                return c;
            }
        }
        throw new IllegalStateException("no run of " + text + " in the 48 hours before " + t);
    }

    /**
     * The scheduled time before {@code runTime}: the start of the window a run at {@code runTime} analyses.
     *
     * @param runTime a scheduled time
     * @return the previous scheduled time
     */
    public Instant previousBefore(Instant runTime) {
        return latestAtOrBefore(runTime.minusNanos(1));
    }

    /**
     * The window a run at time {@code t} analyses: for a cron form, from the scheduled time before the latest one
     * at or before {@code t} to that one; for NOW, {@code [t + start, t + end)}.
     *
     * @param t the run time
     * @return {start, end}
     */
    public Instant[] window(Instant t) {
        if (isOneOff()) {
            return new Instant[] {t.plus(start), t.plus(end)};
        }
        Instant run = latestAtOrBefore(t);
        return new Instant[] {previousBefore(run), run};
    }

    private boolean matches(Instant hourStart) {
        int h = (int) ((hourStart.getEpochSecond() / 3600) % 24);
        return Arrays.binarySearch(hours, h) >= 0;
    }

    private void requireCron() {
        if (hours == null) {
            throw new IllegalStateException("NOW runs once and has no recurring times");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScheduleExpression e && e.text.equals(text) && Objects.equals(e.start, start)
                && Objects.equals(e.end, end);
    }

    @Override
    public int hashCode() {
        return Objects.hash(text, start, end);
    }

    @Override
    public String toString() {
        return isOneOff() ? NOW + "[" + start + ", " + end + ")" : text;
    }
}
