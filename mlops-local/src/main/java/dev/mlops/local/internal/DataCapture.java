package dev.mlops.local.internal;

import dev.mlops.exception.MlopsClientException;
import dev.mlops.local.internal.serving.InvocationListener;
import dev.mlops.monitor.capture.CaptureData;
import dev.mlops.monitor.capture.CaptureRetention;
import dev.mlops.monitor.capture.CaptureWriter;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Data capture for the endpoints this process serves: one {@link CaptureWriter} per endpoint and variant, writing
 * SageMaker's layout under {@code <home>/projects/<project>/datacapture/{endpoint}/{variant}/yyyy/MM/dd/HH/}.
 * An endpoint's exported deploy configuration switches it on ({@code EnableDataCapture = true}) and sets
 * {@code SamplingPercentage} (0 to 100, default 100). Shared by the engines of one backend so that a monitoring
 * run can complete the files of the hour it reads.
 *
 * <p>Capture never fails or slows an invocation: disk I/O happens on each writer's own thread, and a record is
 * dropped, counted in {@link #dropped(String)}, when that thread is behind and its buffer is full, when its write
 * fails, or when a redeploy closes the writer under the request, as SageMaker's asynchronous capture does.
 */
final class DataCapture implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DataCapture.class);
    /** How often, in capture-clock time, an endpoint's captures are swept at least. */
    static final Duration SWEEP_INTERVAL = Duration.ofMinutes(1);

    private final LocalContext ctx;
    private final Map<String, EndpointCapture> endpoints = new ConcurrentHashMap<>();
    /** The retention rule of each endpoint this process configured (the backend's default for others). */
    private final Map<String, CaptureRetention> rules = new ConcurrentHashMap<>();
    private final Map<String, Sweep> sweeps = new ConcurrentHashMap<>();
    private final Map<String, AtomicBoolean> sweeping = new ConcurrentHashMap<>();

    /** When an endpoint's captures were last swept, and how much this process had written to them by then. */
    private static final class Sweep {
        volatile Instant at;
        volatile long written;
    }

    DataCapture(LocalContext ctx) {
        this.ctx = ctx;
    }

    /** The capture root of a project (the counterpart of {@code DestinationS3Uri}). */
    Path root(String project) {
        return ctx.projectDir(project).resolve("datacapture");
    }

    /**
     * Applies an endpoint's configuration: closes the previous writers (completing their files) and, if capture is
     * enabled, returns the listener to install on its server.
     *
     * @return the listener, or null when capture is off
     */
    InvocationListener configure(String project, String endpoint, Map<String, String> config) {
        boolean enabled = enabled(endpoint, config.get("EnableDataCapture"));
        double sampling = sampling(endpoint, config.get("SamplingPercentage"));
        rules.put(endpoint, retention(endpoint, config));
        EndpointCapture previous = endpoints.remove(endpoint);
        EndpointCapture next = null;
        if (enabled) {
            next = new EndpointCapture(root(project), endpoint, sampling);
            endpoints.put(endpoint, next);
        }
        if (previous != null) {
            previous.close();
        }
        LOG.debug("Data capture on {}: {} at {}%", endpoint, enabled ? "on" : "off", sampling);
        return next;
    }

    private static boolean enabled(String endpoint, String value) {
        if (value == null || value.isBlank()) {
            return false;
        }
        switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "true":
            case "yes":
                return true;
            case "false":
            case "no":
                return false;
            default:
                throw new MlopsClientException("EnableDataCapture = \"" + value + "\" in the configuration of endpoint "
                        + endpoint + " is invalid: use true or false", null, Map.of("endpoint", endpoint));
        }
    }

    private static double sampling(String endpoint, String value) {
        if (value == null || value.isBlank()) {
            return 100;
        }
        try {
            double d = Double.parseDouble(value.strip());
            if (d >= 0 && d <= 100) {
                return d;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new MlopsClientException("SamplingPercentage = \"" + value + "\" in the configuration of endpoint "
                + endpoint + " is invalid: must be a number from 0 to 100", null, Map.of("endpoint", endpoint));
    }

    /**
     * The endpoint's retention: the backend's ({@code LocalBackend.Builder.captureRetention}), with the deploy
     * configuration's {@code DataCaptureRetentionHours} and {@code DataCaptureMaxBytes} over it.
     */
    private CaptureRetention retention(String endpoint, Map<String, String> config) {
        CaptureRetention rule = ctx.captureRetention();
        String hours = config.get("DataCaptureRetentionHours");
        if (hours != null && !hours.isBlank()) {
            long h = positive(endpoint, "DataCaptureRetentionHours", hours, "a whole number of hours, at least 1");
            rule = rule.withMaxAge(Duration.ofHours(h));
        }
        String bytes = config.get("DataCaptureMaxBytes");
        if (bytes != null && !bytes.isBlank()) {
            rule = rule.withMaxBytes(positive(endpoint, "DataCaptureMaxBytes", bytes, "a whole number of bytes, at least 1"));
        }
        return rule;
    }

    private static long positive(String endpoint, String key, String value, String rule) {
        try {
            long n = Long.parseLong(value.strip());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new MlopsClientException(key + " = \"" + value + "\" in the configuration of endpoint " + endpoint
                + " is invalid: must be " + rule, null, Map.of("endpoint", endpoint));
    }

    /**
     * Applies capture retention to a project's endpoints (the leader calls this from its loop): an endpoint's
     * captures are swept when a minute of the capture clock passed since its last sweep, or when this process wrote
     * a sixteenth of its size limit to them since; the sweeping itself runs on {@code executor}, one at a time.
     */
    void enforceRetention(String project, Executor executor) {
        Path root = root(project);
        if (!Files.isDirectory(root)) {
            return;
        }
        Instant now = ctx.clock().instant();
        List<String> due = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
            for (Path dir : dirs) {
                String endpoint = dir.getFileName().toString();
                CaptureRetention rule = rules.getOrDefault(endpoint, ctx.captureRetention());
                Sweep last = sweeps.get(endpoint);
                long written = written(endpoint);
                if (last == null || last.at == null || !now.isBefore(last.at.plus(SWEEP_INTERVAL))
                        || written < last.written || written - last.written >= Math.max(1, rule.maxBytes() / 16)) {
                    due.add(endpoint);
                }
            }
        } catch (IOException e) {
            LOG.debug("Cannot list captures of {}", project, e);
            return;
        }
        AtomicBoolean busy = sweeping.computeIfAbsent(project, p -> new AtomicBoolean());
        if (due.isEmpty() || !busy.compareAndSet(false, true)) {
            return;
        }
        try {
            executor.execute(() -> {
                try {
                    for (String endpoint : due) {
                        sweep(root, endpoint, now);
                    }
                } finally {
                    busy.set(false);
                }
            });
        } catch (RuntimeException rejected) {
            busy.set(false); // the engine is stopping
        }
    }

    /** Sweeps one endpoint's captures now, on the calling thread. */
    CaptureRetention.Result sweep(Path root, String endpoint, Instant now) {
        CaptureRetention rule = rules.getOrDefault(endpoint, ctx.captureRetention());
        Sweep s = sweeps.computeIfAbsent(endpoint, e -> new Sweep());
        long written = written(endpoint);
        try {
            CaptureRetention.Result r = rule.apply(root.resolve(endpoint), now);
            if (r.filesDeleted() > 0) {
                LOG.info("Capture retention on {}: deleted {} file(s) ({} bytes) older than {} or over {} bytes; {} bytes kept",
                        endpoint, r.filesDeleted(), r.bytesDeleted(), rule.maxAge(), rule.maxBytes(), r.bytesKept());
            }
            return r;
        } catch (IOException | RuntimeException e) {
            LOG.warn("Capture retention on {} failed: {}", endpoint, e.toString());
            return new CaptureRetention.Result(0, 0, -1);
        } finally {
            s.at = now;
            s.written = written;
        }
    }

    /** Bytes this process's current writers wrote to an endpoint's captures. */
    private long written(String endpoint) {
        EndpointCapture c = endpoints.get(endpoint);
        long n = 0;
        if (c != null) {
            for (CaptureWriter w : c.writers.values()) {
                n += w.bytesWritten();
            }
        }
        return n;
    }

    /** Completes the open capture files of an endpoint so a reader sees every record captured so far. */
    void roll(String endpoint) {
        EndpointCapture c = endpoints.get(endpoint);
        if (c != null) {
            c.writers.values().forEach(CaptureWriter::roll);
        }
    }

    /** Records of an endpoint's current capture configuration dropped because they could not be written. */
    long dropped(String endpoint) {
        EndpointCapture c = endpoints.get(endpoint);
        if (c == null) {
            return 0;
        }
        long n = c.dropped.sum();
        for (CaptureWriter w : c.writers.values()) {
            n += w.dropped();
        }
        return n;
    }

    /** Stops capturing for an endpoint, completing its files. */
    void stop(String endpoint) {
        EndpointCapture c = endpoints.remove(endpoint);
        if (c != null) {
            c.close();
        }
    }

    @Override
    public void close() {
        for (String e : endpoints.keySet()) {
            stop(e);
        }
    }

    /** The writers of one endpoint, one per variant, created on the variant's first sampled request. */
    private final class EndpointCapture implements InvocationListener {
        private final Path root;
        private final String endpoint;
        private final double sampling;
        private final Map<String, CaptureWriter> writers = new ConcurrentHashMap<>();
        private final LongAdder dropped = new LongAdder();
        private volatile boolean closed;

        EndpointCapture(Path root, String endpoint, double sampling) {
            this.root = root;
            this.endpoint = endpoint;
            this.sampling = sampling;
        }

        @Override
        public void onInvocation(String variant, String inferenceId, String contentType, byte[] request, String accept,
                byte[] response, long epochMillis) {
            if (closed) {
                return;
            }
            try {
                CaptureWriter w = writers.computeIfAbsent(variant, v -> CaptureWriter.builder(root, endpoint).variant(v)
                        .samplingPercentage(sampling).clock(ctx.clock()).ownerOnly(true).build());
                w.capture(inferenceId, CaptureData.of(contentType, CaptureData.Mode.INPUT, request),
                        CaptureData.of(accept, CaptureData.Mode.OUTPUT, response));
                if (closed) {
                    w.close(); // created after close() ran: complete its file rather than leak it
                }
            } catch (RuntimeException e) {
                // a redeploy closed the writer under this request, or the disk failed: drop, never fail the request
                dropped.increment();
                LOG.debug("Capture of a request on {} dropped", endpoint, e);
            }
        }

        void close() {
            closed = true;
            for (CaptureWriter w : writers.values()) {
                try {
                    w.close();
                } catch (RuntimeException e) {
                    LOG.debug("Closing a capture writer of {} failed", endpoint, e);
                }
            }
        }
    }
}
