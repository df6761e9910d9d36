package dev.mlops.monitor.capture;

import dev.mlops.exception.ValidationException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retention of captured inferences in SageMaker's layout, {@code {endpoint}/{variant}/yyyy/MM/dd/HH/*.jsonl}, by
 * age and by total size per endpoint (all its variants together), the local counterpart of an S3 lifecycle rule on
 * the capture destination.
 *
 * <p>{@link #apply(Path, Instant)} deletes, oldest first: every completed file of an hour that ended more than
 * {@code maxAge} ago, then more completed files, oldest hour and oldest file first, while the endpoint's capture
 * holds more than {@code maxBytes}. A file still being written (the hidden {@code .name.jsonl.tmp} of an open
 * {@link CaptureWriter}) is counted but never deleted, and anything outside the layout is left alone. Hour, day,
 * month and year directories left empty are removed once their period ended at least two hours ago, so that a
 * writer never loses the directory it is about to create a file in.
 */
public final class CaptureRetention {
    private static final Logger LOG = LoggerFactory.getLogger(CaptureRetention.class);
    /** Captures older than this are deleted by default: 7 days. */
    public static final Duration DEFAULT_MAX_AGE = Duration.ofDays(7);
    /** An endpoint's captures are kept below this by default: 1 GiB. */
    public static final long DEFAULT_MAX_BYTES = 1L << 30;
    private static final Pattern YEAR = Pattern.compile("\\d{4}");
    private static final Pattern TWO = Pattern.compile("\\d{2}");
    private static final Duration PRUNE_MARGIN = Duration.ofHours(2);

    private final Duration maxAge;
    private final long maxBytes;

    private CaptureRetention(Duration maxAge, long maxBytes) {
        this.maxAge = maxAge;
        this.maxBytes = maxBytes;
    }

    /**
     * A retention rule.
     *
     * @param maxAge how long captures are kept, at least one hour
     * @param maxBytes the most an endpoint's captures may take, at least 1
     * @return the rule
     */
    public static CaptureRetention of(Duration maxAge, long maxBytes) {
        if (maxAge == null || maxAge.compareTo(Duration.ofHours(1)) < 0) {
            throw new ValidationException("CaptureRetention.maxAge", maxAge, "at least one hour");
        }
        if (maxBytes < 1) {
            throw new ValidationException("CaptureRetention.maxBytes", maxBytes, "at least 1 byte");
        }
        return new CaptureRetention(maxAge, maxBytes);
    }

    /**
     * The default rule: {@link #DEFAULT_MAX_AGE} and {@link #DEFAULT_MAX_BYTES}.
     *
     * @return the rule
     */
    public static CaptureRetention defaults() {
        return new CaptureRetention(DEFAULT_MAX_AGE, DEFAULT_MAX_BYTES);
    }

    /**
     * A rule with another age.
     *
     * @param age at least one hour
     * @return the rule
     */
    public CaptureRetention withMaxAge(Duration age) {
        return of(age, maxBytes);
    }

    /**
     * A rule with another size.
     *
     * @param bytes at least 1
     * @return the rule
     */
    public CaptureRetention withMaxBytes(long bytes) {
        return of(maxAge, bytes);
    }

    /** @return how long captures are kept */
    public Duration maxAge() {
        return maxAge;
    }

    /** @return the most an endpoint's captures may take, in bytes */
    public long maxBytes() {
        return maxBytes;
    }

    /**
     * What one application deleted and kept.
     *
     * @param filesDeleted completed capture files deleted
     * @param bytesDeleted their size
     * @param bytesKept the size of the endpoint's capture files left, open ones included
     */
    public record Result(int filesDeleted, long bytesDeleted, long bytesKept) {
    }

    /** A capture file of the layout. */
    private record Capture(Path file, Instant hour, long size, boolean open) {
    }

    /**
     * Applies the rule to one endpoint's captures.
     *
     * @param endpointDir {@code {capture root}/{endpoint}}
     * @param now the current time (the capture clock)
     * @return what was deleted and kept
     * @throws IOException if the directory cannot be read or a file cannot be deleted
     */
    public Result apply(Path endpointDir, Instant now) throws IOException {
        if (!Files.isDirectory(endpointDir, LinkOption.NOFOLLOW_LINKS)) {
            return new Result(0, 0, 0);
        }
        List<Capture> all = new ArrayList<>();
        List<Path[]> hourDirs = new ArrayList<>();
        for (Path variant : children(endpointDir)) {
            for (Path y : dirs(variant, YEAR)) {
                for (Path m : dirs(y, TWO)) {
                    for (Path d : dirs(m, TWO)) {
                        for (Path h : dirs(d, TWO)) {
                            Instant hour = hourOf(y, m, d, h);
                            if (hour == null) {
                                continue;
                            }
                            hourDirs.add(new Path[] {y, m, d, h});
                            for (Path f : children(h)) {
                                String name = f.getFileName().toString();
                                if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
                                    continue;
                                }
                                boolean open = name.startsWith(".") && name.endsWith(".jsonl.tmp");
                                if (open || (!name.startsWith(".") && name.endsWith(".jsonl"))) {
                                    all.add(new Capture(f, hour, size(f), open));
                                }
                            }
                        }
                    }
                }
            }
        }
        List<Capture> done = new ArrayList<>(all.stream().filter(c -> !c.open()).toList());
        done.sort(Comparator.comparing(Capture::hour).thenComparing(c -> c.file().getFileName().toString()));
        long total = all.stream().mapToLong(Capture::size).sum();
        Instant cutoff = now.minus(maxAge);
        int deleted = 0;
        long freed = 0;
        for (Capture c : done) {
            boolean expired = !c.hour().plus(Duration.ofHours(1)).isAfter(cutoff);
            if (!expired && total <= maxBytes) {
                break;
            }
            if (delete(c.file())) {
                deleted++;
                freed += c.size();
            }
            total -= c.size();
        }
        prune(hourDirs, now);
        if (deleted > 0) {
            LOG.debug("Capture retention of {}: deleted {} file(s), {} bytes; {} bytes kept (max age {}, max {} bytes)",
                    endpointDir, deleted, freed, total, maxAge, maxBytes);
        }
        return new Result(deleted, freed, total);
    }

    /** Removes hour, day, month and year directories left empty whose period ended long enough ago. */
    private static void prune(List<Path[]> hourDirs, Instant now) throws IOException {
        Instant limit = now.minus(PRUNE_MARGIN);
        for (Path[] p : hourDirs) {
            Instant hour = hourOf(p[0], p[1], p[2], p[3]);
            if (hour == null) {
                continue;
            }
            LocalDateTime t = LocalDateTime.ofInstant(hour, ZoneOffset.UTC);
            Instant hourEnd = hour.plus(1, ChronoUnit.HOURS);
            Instant dayEnd = t.truncatedTo(ChronoUnit.DAYS).plusDays(1).toInstant(ZoneOffset.UTC);
            Instant monthEnd = t.truncatedTo(ChronoUnit.DAYS).withDayOfMonth(1).plusMonths(1).toInstant(ZoneOffset.UTC);
            Instant yearEnd = t.truncatedTo(ChronoUnit.DAYS).withDayOfYear(1).plusYears(1).toInstant(ZoneOffset.UTC);
            if (!hourEnd.isAfter(limit) && removeIfEmpty(p[3]) && !dayEnd.isAfter(limit) && removeIfEmpty(p[2])
                    && !monthEnd.isAfter(limit) && removeIfEmpty(p[1]) && !yearEnd.isAfter(limit)) {
                removeIfEmpty(p[0]);
            }
        }
    }

    private static boolean removeIfEmpty(Path dir) throws IOException {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return true; // removed already (another hour of the same day)
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            if (s.iterator().hasNext()) {
                return false;
            }
        }
        try {
            Files.delete(dir);
        } catch (NoSuchFileException | java.nio.file.DirectoryNotEmptyException e) {
            return !Files.isDirectory(dir);
        }
        return true;
    }

    private static boolean delete(Path f) throws IOException {
        return Files.deleteIfExists(f);
    }

    private static long size(Path f) {
        try {
            return Files.size(f);
        } catch (IOException e) {
            return 0; // deleted meanwhile
        }
    }

    private static Instant hourOf(Path y, Path m, Path d, Path h) {
        try {
            return LocalDateTime.of(Integer.parseInt(y.getFileName().toString()), Integer.parseInt(m.getFileName().toString()),
                    Integer.parseInt(d.getFileName().toString()), Integer.parseInt(h.getFileName().toString()), 0)
                    .toInstant(ZoneOffset.UTC);
        } catch (RuntimeException e) {
            return null; // not a date: not the layout
        }
    }

    private static List<Path> dirs(Path parent, Pattern name) throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path p : children(parent)) {
            if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) && name.matcher(p.getFileName().toString()).matches()) {
                out.add(p);
            }
        }
        return out;
    }

    private static List<Path> children(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return out;
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            s.forEach(out::add);
        } catch (NoSuchFileException gone) {
            return out;
        }
        out.sort(Comparator.comparing(p -> p.getFileName().toString()));
        return out;
    }

    @Override
    public String toString() {
        return "CaptureRetention{maxAge=" + maxAge + ", maxBytes=" + maxBytes + "}";
    }
}
