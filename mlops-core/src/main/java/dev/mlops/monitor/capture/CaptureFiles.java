package dev.mlops.monitor.capture;

import dev.mlops.exception.ValidationException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
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
 */
public final class CaptureFiles {
    private static final Logger LOG = LoggerFactory.getLogger(CaptureFiles.class);

    private final Path root;
    private final Instant from;
    private final Instant to;

    private CaptureFiles(Path root, Instant from, Instant to) {
        this.root = root;
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
        return new CaptureFiles(root, null, null);
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
        return new CaptureFiles(root, from, to);
    }

    /**
     * The directory read.
     *
     * @return the root
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
                if ((from != null && r.inferenceTime().isBefore(from)) || (to != null && !r.inferenceTime().isBefore(to))) {
                    counts[2]++;
                    return;
                }
                counts[0]++;
                consumer.accept(r);
            });
        }
        return new CaptureScan(files.size(), counts[0], counts[1], counts[2]);
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
