package dev.mlops.monitor.capture;

import dev.mlops.exception.ValidationException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads data-capture files from a directory tree (an endpoint/variant directory or any parent) in time order,
 * optionally restricted to a time window, skipping and counting malformed lines instead of failing.
 *
 * <p>Files are visited in path order, which for the {@code yyyy/MM/dd/HH/mm-ss-SSS-uuid.jsonl} layout is creation
 * order; hidden files (files still being written by {@link CaptureWriter}) are ignored. Like the Model Monitor
 * container, which may be handed more files than its window, records are filtered by {@code inferenceTime}.
 *
 * <p>{@link #of(Collection)} serves records already in memory the same way (window filter included), so that every
 * analysis reading captures also takes records that were never written to files.
 */
public final class CaptureFiles {
    private static final Logger LOG = LoggerFactory.getLogger(CaptureFiles.class);

    private final Path root;
    private final List<CaptureRecord> records;
    private final Instant from;
    private final Instant to;

    private CaptureFiles(Path root, List<CaptureRecord> records, Instant from, Instant to) {
        this.root = root;
        this.records = records;
        this.from = from;
        this.to = to;
    }

    /**
     * All capture files under a directory.
     *
     * @param root the directory
     * @return the reader
     */
    public static CaptureFiles in(Path root) {
        if (root == null) {
            throw new ValidationException("CaptureFiles.root", null, "non-null");
        }
        return new CaptureFiles(root, null, null, null);
    }

    /**
     * Records held in memory, read as if they were one capture file in the given order.
     *
     * @param records the records; copied
     * @return the reader; {@link #root()} is {@code null}
     */
    public static CaptureFiles of(Collection<CaptureRecord> records) {
        if (records == null || records.stream().anyMatch(java.util.Objects::isNull)) {
            throw new ValidationException("CaptureFiles.records", records, "a collection of non-null records");
        }
        return new CaptureFiles(null, List.copyOf(records), null, null);
    }

    /**
     * The same files restricted to records with {@code from <= inferenceTime < to} (a monitoring window).
     *
     * @param from window start, inclusive
     * @param to window end, exclusive
     * @return a new reader
     */
    public CaptureFiles between(Instant from, Instant to) {
        if (from == null || to == null || !from.isBefore(to)) {
            throw new ValidationException("CaptureFiles.window", from + " .. " + to, "a non-empty [from, to) range");
        }
        return new CaptureFiles(root, records, from, to);
    }

    /**
     * The directory read.
     *
     * @return the root, or {@code null} for records given in memory ({@link #of(Collection)})
     */
    public Path root() {
        return root;
    }

    /**
     * Delivers every well-formed record in the window to {@code consumer}, in file and line order.
     *
     * @param consumer receives the records
     * @return counts of files, records, malformed lines and records outside the window
     */
    public CaptureScan forEach(Consumer<CaptureRecord> consumer) {
        if (records != null) {
            long delivered = 0;
            long outside = 0;
            for (CaptureRecord r : records) {
                if (outsideWindow(r)) {
                    outside++;
                } else {
                    delivered++;
                    consumer.accept(r);
                }
            }
            return new CaptureScan(0, delivered, 0, outside);
        }
        List<Path> files = JsonLinesFiles.list(root);
        long[] counts = new long[3];
        for (Path file : files) {
            JsonLinesFiles.lines(file, line -> {
                if (line.isBlank()) {
                    return;
                }
                CaptureRecord r;
                try {
                    r = CaptureRecord.parse(line);
                } catch (IllegalArgumentException e) {
                    counts[1]++;
                    LOG.debug("Skipping malformed capture line in {}: {}", file, e.getMessage());
                    return;
                }
                if (outsideWindow(r)) {
                    counts[2]++;
                    return;
                }
                counts[0]++;
                consumer.accept(r);
            });
        }
        return new CaptureScan(files.size(), counts[0], counts[1], counts[2]);
    }

    private boolean outsideWindow(CaptureRecord r) {
        return (from != null && r.inferenceTime().isBefore(from)) || (to != null && !r.inferenceTime().isBefore(to));
    }

    /**
     * Reads all records in the window into memory (for small windows and tests; use {@link #forEach} otherwise).
     *
     * @return the records in time order
     */
    public List<CaptureRecord> readAll() {
        List<CaptureRecord> out = new ArrayList<>();
        forEach(out::add);
        return out;
    }
}
