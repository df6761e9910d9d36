package dev.mlops.monitor.capture;

import dev.mlops.exception.MlopsBackendException;
import dev.mlops.exception.ValidationException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes captured inferences in SageMaker's data-capture layout:
 * {@code {root}/{endpoint}/{variant}/yyyy/MM/dd/HH/{mm}-{ss}-{SSS}-{uuid}.jsonl}, one compact JSON record per line,
 * the hour directory being the UTC hour of capture and the file name the creation time of the file.
 *
 * <p>Built for the serving hot path: sampling is decided before anything is serialized, the JSON line is built on
 * the calling thread, and only the copy into an in-memory chunk happens under a short lock. Full chunks go to a
 * dedicated writer thread ({@code mlops-capture-writer}), which does all disk I/O; the calling thread never
 * touches the disk and never waits for it. The bytes handed to the writer thread and not yet written are bounded
 * by {@code bufferBytes}: when the writer falls behind and the bound is reached, new records are dropped and
 * counted in {@link #dropped()} (SageMaker's capture is best-effort too), while every record already accepted is
 * written.
 *
 * <p>An open file is written under a hidden name ({@code .name.jsonl.tmp}) and moved to its final name when it
 * rolls (every {@code rollInterval}, at the hour boundary, on {@link #roll()} and on {@link #close()}), so
 * {@link CaptureFiles} never reads a half-written file. {@link #roll()}, {@link #flush()} and {@link #close()}
 * wait for the writer thread to finish what was accepted before they were called. Records accepted but not yet
 * written when the process dies are lost, as with SageMaker's own asynchronous capture.
 *
 * <p>Sampling is deterministic per request: a request is captured when a hash of its inference id (or, without
 * one, of its generated event id) falls below the sampling percentage, so retries of the same inference id get the
 * same decision.
 */
public final class CaptureWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CaptureWriter.class);
    private static final DateTimeFormatter HOUR_DIR = DateTimeFormatter.ofPattern("yyyy/MM/dd/HH").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("mm-ss-SSS").withZone(ZoneOffset.UTC);

    /** Opens the channel a capture file is written through (a test can make it slow or failing). */
    @FunctionalInterface
    interface Sink {
        WritableByteChannel open(Path hiddenFile) throws IOException;
    }

    /** A capture file as the producers see it: named when its first record arrives. */
    private static final class FileSlot {
        final Path tempFile;
        final Path finalFile;
        final long hour;
        final long openedMillis;

        FileSlot(Path tempFile, Path finalFile, long hour, long openedMillis) {
            this.tempFile = tempFile;
            this.finalFile = finalFile;
            this.hour = hour;
            this.openedMillis = openedMillis;
        }
    }

    /** Bytes for one file, handed to the writer thread; {@code finish} completes the file after them. */
    private static final class Chunk {
        final FileSlot file;
        final byte[] data;
        final int length;
        final int records;
        final boolean finish;
        final long sequence;

        Chunk(FileSlot file, byte[] data, int length, int records, boolean finish, long sequence) {
            this.file = file;
            this.data = data;
            this.length = length;
            this.records = records;
            this.finish = finish;
            this.sequence = sequence;
        }
    }

    private static final Chunk STOP = new Chunk(null, null, 0, 0, false, -1);

    private final Path directory;
    private final double samplingPercentage;
    private final Duration rollInterval;
    private final Clock clock;
    private final Sink sink;
    private final boolean ownerOnly;
    private final int chunkBytes;
    private final long maxQueuedBytes;
    private final boolean backgroundRoll;
    private final LinkedBlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
    private final ArrayDeque<byte[]> spare = new ArrayDeque<>();
    private final Thread writerThread;
    private final Object lock = new Object();
    private final LongAdder droppedFull = new LongAdder();
    private final AtomicLong droppedFailed = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    // producer state, guarded by lock
    private byte[] current;
    private int used;
    private int currentRecords;
    private FileSlot file;
    private long queuedBytes;
    private long handedOff;
    private long completed;
    private String failure;
    private boolean closed;

    private CaptureWriter(Builder b) {
        this.directory = b.root.resolve(b.endpoint).resolve(b.variant);
        this.samplingPercentage = b.samplingPercentage;
        this.rollInterval = b.rollInterval;
        this.clock = b.clock;
        this.ownerOnly = b.ownerOnly && b.root.getFileSystem().supportedFileAttributeViews().contains("posix");
        this.sink = b.sink != null ? b.sink : ownerOnly
                ? f -> FileChannel.open(f, java.util.Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                : f -> FileChannel.open(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        this.chunkBytes = Math.max(1024, b.bufferBytes / 4);
        this.maxQueuedBytes = b.bufferBytes;
        this.backgroundRoll = b.backgroundRoll;
        this.current = new byte[chunkBytes];
        this.writerThread = new Thread(this::writeLoop, "mlops-capture-writer-" + b.endpoint + "-" + b.variant);
        writerThread.setDaemon(true);
        writerThread.start();
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
     * Captures one inference if it is sampled. Never does disk I/O and never waits for the disk: when the bytes
     * waiting for the writer thread have reached the buffer bound, the record is dropped and counted in
     * {@link #dropped()}.
     *
     * @param inferenceId the caller's inference id, or null
     * @param input the request payload, or null
     * @param output the response payload, or null
     * @return the accepted record, or null if the request was not sampled or was dropped
     * @throws IllegalStateException if the writer is closed
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
            long millis = now.toEpochMilli();
            if (file != null && (millis / 3_600_000L != file.hour || millis - file.openedMillis >= rollInterval.toMillis())) {
                seal(true);
            }
            if (line.length > chunkBytes - used && used > 0) {
                if (queuedBytes + used > maxQueuedBytes) {
                    droppedFull.increment();
                    return null;
                }
                seal(false);
            }
            if (line.length > chunkBytes) {
                // a record larger than a chunk travels alone
                if (queuedBytes + line.length > maxQueuedBytes) {
                    droppedFull.increment();
                    return null;
                }
                openSlot(millis);
                enqueue(new Chunk(file, line, line.length, 1, false, ++handedOff));
                return record;
            }
            openSlot(millis);
            System.arraycopy(line, 0, current, used, line.length);
            used += line.length;
            currentRecords++;
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

    /** Names the file the next records go to, if none is open (no I/O: the writer thread creates it). */
    private void openSlot(long millis) {
        if (file == null) {
            Instant now = Instant.ofEpochMilli(millis);
            Path dir = directory.resolve(HOUR_DIR.format(now));
            String name = FILE_TIME.format(now) + "-" + UUID.randomUUID() + ".jsonl";
            file = new FileSlot(dir.resolve("." + name + ".tmp"), dir.resolve(name), millis / 3_600_000L, millis);
        }
    }

    /**
     * Hands the current chunk to the writer thread; with {@code finish}, the open file is completed after it (a
     * file boundary always goes through, so a file may exceed the bound by one chunk). Caller holds the lock.
     *
     * @return the sequence number to wait for, or the last one handed off when there was nothing to hand off
     */
    private long seal(boolean finish) {
        if (file == null || (used == 0 && !finish)) {
            return handedOff;
        }
        enqueue(new Chunk(file, current, used, currentRecords, finish, ++handedOff));
        byte[] next = spare.poll();
        current = next != null ? next : new byte[chunkBytes];
        used = 0;
        currentRecords = 0;
        if (finish) {
            file = null;
        }
        return handedOff;
    }

    private void enqueue(Chunk c) {
        queuedBytes += c.length;
        queue.add(c);
    }

    private void writeLoop() {
        WritableByteChannel channel = null;
        FileSlot open = null;
        long period = Math.max(100, Math.min(1000, rollInterval.toMillis()));
        while (true) {
            Chunk c;
            try {
                c = backgroundRoll ? queue.poll(period, TimeUnit.MILLISECONDS) : queue.take();
            } catch (InterruptedException e) {
                // only close() stops this thread, through STOP; an interrupt from elsewhere is ignored
                continue;
            }
            if (c == null) {
                rollIfDue();
                continue;
            }
            if (c == STOP) {
                return;
            }
            String error = null;
            try {
                if (c.length > 0) {
                    if (open != c.file) {
                        closeQuietly(channel);
                        if (ownerOnly) {
                            Files.createDirectories(c.file.tempFile.getParent(),
                                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                        } else {
                            Files.createDirectories(c.file.tempFile.getParent());
                        }
                        channel = sink.open(c.file.tempFile);
                        open = c.file;
                    }
                    ByteBuffer bb = ByteBuffer.wrap(c.data, 0, c.length);
                    while (bb.hasRemaining()) {
                        channel.write(bb);
                    }
                    written.addAndGet(c.length);
                }
                if (c.finish && open == c.file && channel != null) {
                    channel.close();
                    channel = null;
                    open = null;
                    try {
                        Files.move(c.file.tempFile, c.file.finalFile, StandardCopyOption.ATOMIC_MOVE);
                    } catch (AtomicMoveNotSupportedException e) {
                        Files.move(c.file.tempFile, c.file.finalFile);
                    }
                    LOG.debug("Capture file {} complete", c.file.finalFile);
                }
            } catch (IOException | RuntimeException e) {
                error = "Could not write capture file " + c.file.tempFile + ": " + e;
                LOG.debug("Capture chunk of {} records lost", c.records, e);
                droppedFailed.addAndGet(c.records);
                closeQuietly(channel);
                channel = null;
                open = null;
            }
            synchronized (lock) {
                queuedBytes -= c.length;
                completed = c.sequence;
                if (error != null) {
                    failure = error;
                }
                if (c.data.length == chunkBytes && spare.size() < 5) { // enough for a full bound of chunks: no allocation when steady
                    spare.add(c.data);
                }
                lock.notifyAll();
            }
        }
    }

    private static void closeQuietly(WritableByteChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.debug("Closing a capture file failed", e);
            }
        }
    }

    /** Waits until the writer thread has handled chunk {@code sequence}; caller holds the lock. */
    private void awaitWritten(long sequence, String what) {
        boolean interrupted = false;
        while (completed < sequence && writerThread.isAlive()) {
            try {
                lock.wait(1000);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure != null) {
            String f = failure;
            failure = null;
            throw new MlopsBackendException("Could not " + what + " in " + directory + ": " + f
                    + " (the records of that chunk are counted in dropped())", null);
        }
    }

    /**
     * Completes the open file if it is older than the roll interval or from a past hour (called periodically by
     * the writer thread, or by the caller when background rolls are disabled). Does not wait for the disk.
     */
    public void rollIfDue() {
        synchronized (lock) {
            if (file == null || closed) {
                return;
            }
            long now = clock.millis();
            if (now / 3_600_000L != file.hour || now - file.openedMillis >= rollInterval.toMillis()) {
                seal(true);
            }
        }
    }

    /**
     * Completes the open file now, whatever its age, so that its records become visible to {@link CaptureFiles}
     * (a monitoring run calls this before reading the current hour); waits until the writer thread has done so.
     * The next capture opens a new file.
     *
     * @throws MlopsBackendException if writing a chunk failed since the last check
     */
    public void roll() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            awaitWritten(seal(true), "complete the capture file");
        }
    }

    /**
     * Writes the records accepted so far to the open (hidden) file, waiting for the writer thread; they become
     * visible to readers when the file rolls.
     *
     * @throws MlopsBackendException if writing a chunk failed since the last check
     */
    public void flush() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            awaitWritten(seal(false), "flush capture records");
        }
    }

    /**
     * Bytes written to disk so far (excluding what is still waiting for the writer thread).
     *
     * @return the byte count
     */
    public long bytesWritten() {
        return written.get();
    }

    /**
     * Records dropped so far: sampled records refused because the writer thread was behind and the buffer bound
     * was reached, plus records lost because writing their chunk failed.
     *
     * @return the count
     */
    public long dropped() {
        return droppedFull.sum() + droppedFailed.get();
    }

    /**
     * Completes the open file, waits for the writer thread to write everything accepted, and stops it. Further
     * captures fail with {@link IllegalStateException}.
     *
     * @throws MlopsBackendException if writing a chunk failed since the last check
     */
    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            long last = seal(true);
            closed = true;
            try {
                awaitWritten(last, "complete the capture file");
            } finally {
                queue.add(STOP);
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
        private int bufferBytes = 1024 * 1024;
        private boolean backgroundRoll = true;
        private Sink sink;
        private boolean ownerOnly;

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
         * Sets the bound on captured bytes waiting for the writer thread (default 1 MiB); records arriving while
         * it is reached are dropped. Records are gathered in chunks of a quarter of it (at least 1 KiB).
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
         * Whether the writer thread also completes idle files when they are due (default true).
         *
         * @param enabled false to call {@link CaptureWriter#rollIfDue()} yourself
         * @return this builder
         */
        public Builder backgroundRoll(boolean enabled) {
            this.backgroundRoll = enabled;
            return this;
        }

        /**
         * Whether capture files and the directories made for them are readable by their owner only, 0600 and 0700,
         * on file systems with POSIX permissions (default false: the process's umask decides). Captured payloads
         * are what the endpoint's callers sent; an embedding application that shares the machine sets this.
         *
         * @param enabled true for owner-only files and directories
         * @return this builder
         */
        public Builder ownerOnly(boolean enabled) {
            this.ownerOnly = enabled;
            return this;
        }

        /** Sets how capture files are opened (tests: a sink that blocks or fails). */
        Builder sink(Sink opener) {
            this.sink = opener;
            return this;
        }

        /**
         * Builds the writer and starts its writer thread.
         *
         * @return the writer
         */
        public CaptureWriter build() {
            return new CaptureWriter(this);
        }
    }
}
