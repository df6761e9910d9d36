package dev.mlops.monitor.capture;

import dev.mlops.exception.MlopsBackendException;
import dev.mlops.exception.ValidationException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes captured inferences in SageMaker's data-capture layout:
 * {@code {root}/{endpoint}/{variant}/yyyy/MM/dd/HH/{mm}-{ss}-{SSS}-{uuid}.jsonl}, one compact JSON record per line,
 * the hour directory being the UTC hour of capture and the file name the creation time of the file.
 *
 * <p>Built for the serving hot path: sampling is decided before anything is serialized, the JSON line is built on
 * the calling thread, and only the copy into an in-memory buffer happens under a lock. The buffer goes to disk when
 * full, on {@link #flush()}, on roll and on {@link #close()}. An open file is written under a hidden name
 * ({@code .name.jsonl.tmp}) and moved to its final name when it rolls (every {@code rollInterval}, at the hour
 * boundary, and on close), so {@link CaptureFiles} never reads a half-written file. Records still buffered when the
 * process dies are lost, as with SageMaker's own asynchronous capture.
 *
 * <p>Sampling is deterministic per request: a request is captured when a hash of its inference id (or, without
 * one, of its generated event id) falls below the sampling percentage, so retries of the same inference id get the
 * same decision.
 */
public final class CaptureWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CaptureWriter.class);
    private static final DateTimeFormatter HOUR_DIR = DateTimeFormatter.ofPattern("yyyy/MM/dd/HH").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("mm-ss-SSS").withZone(ZoneOffset.UTC);

    private final Path directory;
    private final double samplingPercentage;
    private final Duration rollInterval;
    private final Clock clock;
    private final byte[] buffer;
    private final ScheduledExecutorService roller;
    private final Object lock = new Object();
    private int used;
    private FileChannel channel;
    private Path tempFile;
    private Path finalFile;
    private long fileHour = -1;
    private long fileOpenedMillis;
    private long written;
    private boolean closed;

    private CaptureWriter(Builder b) {
        this.directory = b.root.resolve(b.endpoint).resolve(b.variant);
        this.samplingPercentage = b.samplingPercentage;
        this.rollInterval = b.rollInterval;
        this.clock = b.clock;
        this.buffer = new byte[b.bufferBytes];
        if (b.backgroundRoll) {
            roller = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "mlops-capture-roller");
                t.setDaemon(true);
                return t;
            });
            long period = Math.max(100, Math.min(1000, rollInterval.toMillis()));
            roller.scheduleAtFixedRate(this::rollIfDueQuietly, period, period, TimeUnit.MILLISECONDS);
        } else {
            roller = null;
        }
    }

    /**
     * A builder for a writer under {@code root} for an endpoint.
     *
     * @param root the capture destination (the local counterpart of {@code DestinationS3Uri})
     * @param endpointName the endpoint name (first path segment)
     * @return a builder
     */
    public static Builder builder(Path root, String endpointName) {
        return new Builder(root, endpointName);
    }

    /**
     * Whether a request with this inference id is sampled; cheap, so callers can skip building payloads.
     *
     * @param inferenceIdOrEventId the inference id, or the event id when there is none
     * @return true if it would be captured
     */
    public boolean sampled(String inferenceIdOrEventId) {
        if (samplingPercentage >= 100) {
            return true;
        }
        if (samplingPercentage <= 0) {
            return false;
        }
        long h = inferenceIdOrEventId.hashCode() * 0x9E3779B97F4A7C15L;
        h ^= h >>> 29;
        h *= 0xBF58476D1CE4E5B9L;
        h ^= h >>> 32;
        double unit = (h >>> 11) * 0x1.0p-53;
        return unit * 100.0 < samplingPercentage;
    }

    /**
     * Captures one inference if it is sampled.
     *
     * @param inferenceId the caller's inference id, or null
     * @param input the request payload, or null
     * @param output the response payload, or null
     * @return the written record, or null if the request was not sampled
     */
    public CaptureRecord capture(String inferenceId, CaptureData input, CaptureData output) {
        String eventId = fastUuid();
        if (!sampled(inferenceId != null ? inferenceId : eventId)) {
            return null;
        }
        Instant now = clock.instant();
        CaptureRecord record = new CaptureRecord(input, output, eventId, inferenceId, now, List.of());
        byte[] line = (record.toJsonLine() + "\n").getBytes(StandardCharsets.UTF_8);
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("CaptureWriter for " + directory + " is closed");
            }
            try {
                rollIfNeeded(now.toEpochMilli());
                append(line);
            } catch (IOException e) {
                throw new MlopsBackendException("Could not write capture file in " + directory + ": "
                        + e.getMessage(), e);
            }
        }
        return record;
    }

    private static String fastUuid() {
        // ThreadLocalRandom avoids SecureRandom's cost and contention; event ids need uniqueness, not secrecy.
        ThreadLocalRandom r = ThreadLocalRandom.current();
        long msb = (r.nextLong() & ~0xF000L) | 0x4000L;
        long lsb = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }

    private void append(byte[] line) throws IOException {
        if (line.length > buffer.length - used) {
            drain();
            if (line.length > buffer.length) {
                channel.write(ByteBuffer.wrap(line));
                written += line.length;
                return;
            }
        }
        System.arraycopy(line, 0, buffer, used, line.length);
        used += line.length;
    }

    private void drain() throws IOException {
        if (used > 0) {
            ByteBuffer bb = ByteBuffer.wrap(buffer, 0, used);
            while (bb.hasRemaining()) {
                channel.write(bb);
            }
            written += used;
            used = 0;
        }
    }

    private void rollIfNeeded(long nowMillis) throws IOException {
        long hour = nowMillis / 3_600_000L;
        if (channel != null && (hour != fileHour || nowMillis - fileOpenedMillis >= rollInterval.toMillis())) {
            finishFile();
        }
        if (channel == null) {
            Instant now = Instant.ofEpochMilli(nowMillis);
            Path dir = directory.resolve(HOUR_DIR.format(now));
            Files.createDirectories(dir);
            String name = FILE_TIME.format(now) + "-" + UUID.randomUUID() + ".jsonl";
            finalFile = dir.resolve(name);
            tempFile = dir.resolve("." + name + ".tmp");
            channel = FileChannel.open(tempFile, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            fileHour = hour;
            fileOpenedMillis = nowMillis;
        }
    }

    private void finishFile() throws IOException {
        drain();
        channel.close();
        channel = null;
        try {
            Files.move(tempFile, finalFile, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tempFile, finalFile);
        }
        LOG.debug("Capture file {} complete", finalFile);
    }

    private void rollIfDueQuietly() {
        try {
            rollIfDue();
        } catch (RuntimeException e) {
            // the next capture() call will surface a persistent failure to its caller
            LOG.debug("Background roll of {} failed", directory, e);
        }
    }

    /**
     * Completes the open file if it is older than the roll interval or from a past hour (called periodically by
     * the background roller, or by the caller when it is disabled).
     */
    public void rollIfDue() {
        synchronized (lock) {
            if (channel == null || closed) {
                return;
            }
            long now = clock.millis();
            if (now / 3_600_000L != fileHour || now - fileOpenedMillis >= rollInterval.toMillis()) {
                try {
                    finishFile();
                } catch (IOException e) {
                    throw new MlopsBackendException("Could not complete capture file " + finalFile + ": "
                            + e.getMessage(), e);
                }
            }
        }
    }

    /**
     * Completes the open file now, whatever its age, so that its records become visible to {@link CaptureFiles}
     * (a monitoring run calls this before reading the current hour). The next capture opens a new file.
     */
    public void roll() {
        synchronized (lock) {
            if (channel == null || closed) {
                return;
            }
            try {
                finishFile();
            } catch (IOException e) {
                throw new MlopsBackendException("Could not complete capture file " + finalFile + ": "
                        + e.getMessage(), e);
            }
        }
    }

    /**
     * Writes buffered records to the open (hidden) file; they become visible to readers when the file rolls.
     */
    public void flush() {
        synchronized (lock) {
            if (channel != null) {
                try {
                    drain();
                } catch (IOException e) {
                    throw new MlopsBackendException("Could not flush capture file " + tempFile + ": "
                            + e.getMessage(), e);
                }
            }
        }
    }

    /**
     * Bytes written to disk so far (excluding what is still buffered).
     *
     * @return the byte count
     */
    public long bytesWritten() {
        synchronized (lock) {
            return written;
        }
    }

    /**
     * Flushes and completes the open file, and stops the background roller. Further captures fail.
     */
    @Override
    public void close() {
        if (roller != null) {
            roller.shutdownNow();
        }
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            if (channel != null) {
                try {
                    finishFile();
                } catch (IOException e) {
                    throw new MlopsBackendException("Could not complete capture file " + finalFile + ": "
                            + e.getMessage(), e);
                }
            }
        }
    }

    /** Builder of {@link CaptureWriter}. */
    public static final class Builder {
        private final Path root;
        private final String endpoint;
        private String variant = "AllTraffic";
        private double samplingPercentage = 100;
        private Duration rollInterval = Duration.ofMinutes(1);
        private Clock clock = Clock.systemUTC();
        private int bufferBytes = 256 * 1024;
        private boolean backgroundRoll = true;

        private Builder(Path root, String endpoint) {
            if (root == null) {
                throw new ValidationException("CaptureWriter.root", null, "non-null");
            }
            if (endpoint == null || !endpoint.matches("[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}")) {
                throw new ValidationException("CaptureWriter.endpointName", endpoint,
                        "1 to 63 characters matching ^[a-zA-Z0-9](-*[a-zA-Z0-9])*");
            }
            this.root = root;
            this.endpoint = endpoint;
        }

        /**
         * Sets the production variant name (default {@code AllTraffic}).
         *
         * @param variant the variant
         * @return this builder
         */
        public Builder variant(String variant) {
            if (variant == null || !variant.matches("[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}")) {
                throw new ValidationException("CaptureWriter.variant", variant,
                        "1 to 63 characters matching ^[a-zA-Z0-9](-*[a-zA-Z0-9])*");
            }
            this.variant = variant;
            return this;
        }

        /**
         * Sets the sampling percentage (default 100).
         *
         * @param percentage 0 to 100
         * @return this builder
         */
        public Builder samplingPercentage(double percentage) {
            if (!(percentage >= 0 && percentage <= 100)) {
                throw new ValidationException("CaptureWriter.samplingPercentage", percentage, "between 0 and 100");
            }
            this.samplingPercentage = percentage;
            return this;
        }

        /**
         * Sets how long a file stays open (default one minute, like SageMaker).
         *
         * @param interval a positive duration
         * @return this builder
         */
        public Builder rollInterval(Duration interval) {
            if (interval == null || interval.isNegative() || interval.isZero()) {
                throw new ValidationException("CaptureWriter.rollInterval", interval, "a positive duration");
            }
            this.rollInterval = interval;
            return this;
        }

        /**
         * Sets the clock (tests).
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /**
         * Sets the in-memory buffer size (default 256 KiB).
         *
         * @param bytes at least 1024
         * @return this builder
         */
        public Builder bufferBytes(int bytes) {
            if (bytes < 1024) {
                throw new ValidationException("CaptureWriter.bufferBytes", bytes, "at least 1024");
            }
            this.bufferBytes = bytes;
            return this;
        }

        /**
         * Whether a daemon thread completes idle files when they are due (default true).
         *
         * @param enabled false to call {@link CaptureWriter#rollIfDue()} yourself
         * @return this builder
         */
        public Builder backgroundRoll(boolean enabled) {
            this.backgroundRoll = enabled;
            return this;
        }

        /**
         * Builds the writer.
         *
         * @return the writer
         */
        public CaptureWriter build() {
            return new CaptureWriter(this);
        }
    }
}
