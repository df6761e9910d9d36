package dev.mlops.local.internal.serving;

import dev.mlops.exception.MlopsBackendException;
import dev.mlops.exception.ValidationException;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.unix.Errors;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.netty.util.internal.PlatformDependent;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A model endpoint served over HTTP/1.1 on a local port, under the SageMaker inference container contract:
 *
 * <ul>
 *   <li>{@code GET /ping}: 200 once a model is deployed, 503 before.</li>
 *   <li>{@code POST /invocations}: {@code text/csv} (one row per line) or {@code application/json}
 *       ({@code {"instances":[[…],…]}}, {@code {"instances":[{"features":[…]},…]}}, {@code {"features":[…]}},
 *       or a bare array of rows or a single row); answers {@code text/csv} (one prediction per line) or
 *       {@code application/json} ({@code {"predictions":[{"score":…},…]}}) as {@code Accept} asks, defaulting
 *       to the request's type. 415 for other content types, 406 for other accepts, 400 naming row and column
 *       for bad rows, 413 above {@link Builder#maxPayloadBytes(int) the payload limit} (6 MB, as SageMaker).</li>
 *   <li>Every response carries {@code x-amzn-RequestId}; invocations and pings carry
 *       {@code X-Amzn-Invoked-Production-Variant}. Error bodies are short {@code text/plain} messages; they
 *       never name Java classes (the details are logged at DEBUG).</li>
 *   <li>Keep-alive as HTTP/1.1 and 1.0 define it: an HTTP/1.0 request that asks for {@code Connection: keep-alive}
 *       gets it echoed and the connection kept; otherwise a 1.0 connection is closed after its response.</li>
 * </ul>
 *
 * <p>{@link #deploy} swaps the model atomically after a warm-up call: a request reads the model once and
 * finishes on it, so no request fails during a swap. {@link #close()} stops accepting, lets in-flight requests
 * finish, then closes connections and releases the port.
 *
 * <p>Threads: Netty event loops read requests and write responses. A request body of at most
 * {@link Builder#inlineBodyBytes(int) 16 KiB} (a one-row request is about 50 bytes) is scored on the event loop
 * that read it, since a tree walk takes microseconds, less than a hand-off to another thread; a larger body is
 * scored on a bounded worker pool, so that large payloads do not delay {@code /ping} and small requests.
 *
 * <p>Protection against slow, stalled or oversized clients, each configurable on the {@link Builder}:
 * <ul>
 *   <li>{@linkplain Builder#idleTimeout idle timeout} (default {@value #DEFAULT_IDLE_TIMEOUT_SECONDS} s): a
 *       connection that sends nothing between requests is closed;</li>
 *   <li>{@linkplain Builder#readTimeout read timeout} (default {@value #DEFAULT_READ_TIMEOUT_SECONDS} s): a
 *       request that stops arriving mid-way is answered {@code 408} and its connection closed;</li>
 *   <li>{@linkplain Builder#bodyTimeout body timeout} (default {@value #DEFAULT_BODY_TIMEOUT_SECONDS} s): a
 *       request (head and body) not complete that long after its first byte is answered {@code 408} and its
 *       connection closed, however slowly it trickles;</li>
 *   <li>{@linkplain Builder#maxInFlightBodyBytes a bound on the memory held by request bodies} across all
 *       connections (default a quarter of the JVM's direct memory, at least one maximum payload): a request
 *       whose body would exceed it is answered {@code 503} with {@code Retry-After: 1} before its body is read,
 *       rather than letting stalled uploads exhaust memory for everyone; a body above the per-request maximum
 *       is answered {@code 413};</li>
 *   <li>a malformed request is answered {@code 400} with {@code Connection: close}, and the connection closed.</li>
 * </ul>
 */
public final class EndpointServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EndpointServer.class);

    /** SageMaker's limit on an invocation payload: 6 MB. */
    public static final int DEFAULT_MAX_PAYLOAD_BYTES = dev.mlops.pipeline.ml.internal.RequestRows.MAX_PAYLOAD_BYTES;
    /** Default {@link Builder#idleTimeout(Duration)}: 60 seconds, as common load balancers' keep-alive. */
    public static final int DEFAULT_IDLE_TIMEOUT_SECONDS = 60;
    /** Default {@link Builder#readTimeout(Duration)}: 10 seconds without a byte in the middle of a request. */
    public static final int DEFAULT_READ_TIMEOUT_SECONDS = 10;
    /**
     * Default {@link Builder#bodyTimeout(Duration)}: 30 seconds for a whole request to arrive, which a 6 MB body
     * meets at 200 KB/s; SageMaker gives a model container 60 s for the whole invocation.
     */
    public static final int DEFAULT_BODY_TIMEOUT_SECONDS = 30;
    /** Default {@link Builder#inlineBodyBytes(int)}: bodies up to 16 KiB are scored on the event loop. */
    public static final int DEFAULT_INLINE_BODY_BYTES = 16 * 1024;
    /** Requests waiting for a scoring worker beyond which large requests are answered 503. */
    static final int WORKER_QUEUE = 256;

    private final String endpointName;
    private final String host;
    private volatile InvocationListener listener;
    private final Duration drainTimeout;
    private final int maxPayloadBytes;
    private final int inlineBodyBytes;
    private final long idleTimeoutNanos;
    private final long readTimeoutNanos;
    private final long bodyTimeoutNanos;
    private final long timeoutCheckNanos;
    private final BodyBound bodies;
    private final ThreadPoolExecutor workers;
    private final EventLoopGroup group;
    private final Channel serverChannel;
    private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final AtomicReference<Deployment> deployment = new AtomicReference<>();
    private final LongAdder inFlight = new LongAdder();
    private final ChannelFutureListener requestFinished = future -> inFlight.decrement();
    private final AtomicLong requestCounter = new AtomicLong();
    private final String requestIdPrefix;
    private final int port;
    private volatile boolean closing;
    private boolean closed;

    private EndpointServer(Builder builder) {
        this.endpointName = builder.endpointName;
        this.host = builder.host;
        this.listener = builder.listener;
        this.drainTimeout = builder.drainTimeout;
        // Request ids: a random per-server prefix and a counter; unique enough and far cheaper than UUIDs.
        this.requestIdPrefix = String.format("%08x-%04x-", ThreadLocalRandom.current().nextInt(),
                ThreadLocalRandom.current().nextInt(0x10000));
        int threads = builder.eventLoopThreads > 0 ? builder.eventLoopThreads
                : Runtime.getRuntime().availableProcessors();
        Transport transport = Transport.get();
        this.group = new MultiThreadIoEventLoopGroup(threads,
                new DefaultThreadFactory("endpoint-" + endpointName, true), transport.ioHandlers);
        this.maxPayloadBytes = builder.maxPayloadBytes;
        this.inlineBodyBytes = builder.inlineBodyBytes;
        this.idleTimeoutNanos = builder.idleTimeout.toNanos();
        this.readTimeoutNanos = builder.readTimeout.toNanos();
        this.bodyTimeoutNanos = builder.bodyTimeout.toNanos();
        this.timeoutCheckNanos = Math.max(TimeUnit.MILLISECONDS.toNanos(10),
                Math.min(idleTimeoutNanos, Math.min(readTimeoutNanos, bodyTimeoutNanos)) / 4);
        long bound = builder.maxInFlightBodyBytes > 0 ? builder.maxInFlightBodyBytes
                : defaultMaxInFlightBodyBytes(maxPayloadBytes);
        if (bound < maxPayloadBytes) {
            throw new ValidationException("EndpointServer.maxInFlightBodyBytes", bound,
                    "at least maxPayloadBytes (" + maxPayloadBytes + "), or no request of the maximum size could be served");
        }
        this.bodies = new BodyBound(bound);
        int workerThreads = builder.workerThreads > 0 ? builder.workerThreads : Runtime.getRuntime().availableProcessors();
        this.workers = new ThreadPoolExecutor(workerThreads, workerThreads, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(WORKER_QUEUE), new DefaultThreadFactory("endpoint-" + endpointName + "-scoring", true));
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channel(transport.serverChannel)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        connections.add(channel);
                        ConnectionGuard guard = new ConnectionGuard(EndpointServer.this);
                        channel.pipeline()
                                .addLast(guard)
                                .addLast(new HttpServerCodec())
                                .addLast(new RequestAggregator(EndpointServer.this, guard))
                                .addLast(new InvocationHandler(EndpointServer.this, guard));
                    }
                });
        try {
            this.serverChannel = bootstrap.bind(host, builder.port).syncUninterruptibly().channel();
        } catch (Exception e) { // syncUninterruptibly rethrows the checked BindException undeclared
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            workers.shutdownNow();
            throw bindFailure(builder, e);
        }
        this.port = ((InetSocketAddress) serverChannel.localAddress()).getPort();
        LOG.debug("Endpoint {} listening on {}:{} with {} {} event-loop threads and {} scoring workers; timeouts:"
                + " idle {} ms, read {} ms, body {} ms; request bodies in flight up to {} bytes", endpointName, host,
                port, threads, transport.name, workerThreads, builder.idleTimeout.toMillis(),
                builder.readTimeout.toMillis(), builder.bodyTimeout.toMillis(), bound);
    }

    /**
     * The default bound on request-body bytes in flight: a quarter of the direct memory Netty may use (the
     * JVM's {@code -XX:MaxDirectMemorySize}, by default the heap's maximum), which leaves room for network
     * buffers, responses and other endpoints in the process; at least one maximum payload.
     */
    static long defaultMaxInFlightBodyBytes(int maxPayloadBytes) {
        return Math.max(maxPayloadBytes, PlatformDependent.maxDirectMemory() / 4);
    }

    /**
     * The name of the I/O transport endpoints use in this process: {@code epoll} (Netty's native transport) on
     * Linux where its library loads, else {@code nio}. The system property {@code mlops.endpoint.transport=nio}
     * forces NIO.
     *
     * @return {@code epoll} or {@code nio}
     */
    public static String transport() {
        return Transport.get().name;
    }

    /** The transport, chosen once: epoll when available (fewer syscalls and allocations per request), else NIO. */
    private static final class Transport {
        private static volatile Transport chosen;

        final String name;
        final IoHandlerFactory ioHandlers;
        final Class<? extends ServerChannel> serverChannel;

        private Transport(String name, IoHandlerFactory ioHandlers, Class<? extends ServerChannel> serverChannel) {
            this.name = name;
            this.ioHandlers = ioHandlers;
            this.serverChannel = serverChannel;
        }

        static Transport get() {
            Transport t = chosen;
            if (t == null) {
                t = choose();
                chosen = t;
            }
            return t;
        }

        private static Transport choose() {
            if (!"nio".equalsIgnoreCase(System.getProperty("mlops.endpoint.transport", ""))) {
                try {
                    if (Epoll.isAvailable()) {
                        return new Transport("epoll", EpollIoHandler.newFactory(), EpollServerSocketChannel.class);
                    }
                    LOG.debug("Netty's epoll transport is unavailable ({}); endpoints use NIO",
                            Epoll.unavailabilityCause().toString());
                } catch (LinkageError e) { // the epoll classes or library are missing from the class path
                    LOG.debug("Netty's epoll transport cannot load ({}); endpoints use NIO", e.toString());
                }
            }
            return new Transport("nio", NioIoHandler.newFactory(), NioServerSocketChannel.class);
        }
    }

    private static MlopsBackendException bindFailure(Builder builder, Exception e) {
        Map<String, String> context = new LinkedHashMap<>();
        context.put("endpoint", builder.endpointName);
        context.put("host", builder.host);
        context.put("port", Integer.toString(builder.port));
        // Netty rethrows the checked BindException unwrapped, so test the type itself, not only the cause. The
        // epoll transport reports a taken port as a NativeIoException with errno EADDRINUSE instead.
        Throwable t = e;
        while (t != null && !(t instanceof BindException) && !addressInUse(t)) {
            t = t.getCause();
        }
        if (t != null || e instanceof BindException) {
            return new MlopsBackendException("Cannot start endpoint " + builder.endpointName + " on "
                    + builder.host + ":" + builder.port + ": the address is already in use, another process may"
                    + " hold the port; stop it, choose another port, or use port 0 for an ephemeral one ("
                    + e.getMessage() + ")", e, context, false);
        }
        return new MlopsBackendException("Cannot start endpoint " + builder.endpointName + " on " + builder.host
                + ":" + builder.port + ": " + e, e, context, false);
    }

    /** Linux's EADDRINUSE, as the epoll transport reports it (negated). */
    private static final int EADDRINUSE = 98;

    private static boolean addressInUse(Throwable t) {
        return t instanceof Errors.NativeIoException && Math.abs(((Errors.NativeIoException) t).expectedErr()) == EADDRINUSE;
    }

    /**
     * Starts configuring a server.
     *
     * @param endpointName the endpoint's name, e.g. {@code myproject-staging}; used in thread names and errors
     * @return a builder with loopback host, ephemeral port, one event loop and one scoring worker per core,
     *         a 6 MB payload limit and the default timeouts
     */
    public static Builder builder(String endpointName) {
        return new Builder(endpointName);
    }

    /**
     * The endpoint's name.
     *
     * @return the name given to {@link #builder(String)}
     */
    public String endpointName() {
        return endpointName;
    }

    /**
     * The host the server is bound to.
     *
     * @return the host, {@code 127.0.0.1} unless configured otherwise
     */
    public String host() {
        return host;
    }

    /**
     * The bound port; the ephemeral port chosen by the system when the builder asked for port 0.
     *
     * @return the port
     */
    public int port() {
        return port;
    }

    /**
     * The base address of the endpoint, to which {@code /ping} and {@code /invocations} are appended.
     *
     * @return e.g. {@code http://127.0.0.1:40123}
     */
    public URI uri() {
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return URI.create("http://" + h + ":" + port);
    }

    /**
     * The variant currently answering.
     *
     * @return its name, or empty before the first {@link #deploy}
     */
    public Optional<String> currentVariant() {
        Deployment current = deployment.get();
        return current == null ? Optional.empty() : Optional.of(current.variantName());
    }

    /**
     * Deploys a model: calls it once on {@code sampleRow} and, if it answers a finite number, makes it the one
     * that serves every request from now on. Requests already being scored finish on the previous model; none
     * fails. If the warm-up fails the previous model keeps serving.
     *
     * @param variantName the production variant's name, sent back in {@code X-Amzn-Invoked-Production-Variant}
     * @param predictor the model
     * @param sampleRow a representative row of {@link RowPredictor#inputColumns()} values for the warm-up call
     * @throws ValidationException if the variant name is blank or the sample row has the wrong length
     * @throws MlopsBackendException if the warm-up call throws or answers NaN or infinity
     * @throws IllegalStateException if the server is closed
     */
    public synchronized void deploy(String variantName, RowPredictor predictor, double[] sampleRow) {
        Objects.requireNonNull(predictor, "predictor");
        Objects.requireNonNull(sampleRow, "sampleRow");
        if (variantName == null || variantName.isBlank() || !isHeaderSafe(variantName)) {
            throw new ValidationException("EndpointServer.deploy.variantName", variantName,
                    "a non-blank name of printable ASCII characters");
        }
        if (closed || closing) {
            throw new IllegalStateException("Endpoint " + endpointName + " is closed; cannot deploy variant "
                    + variantName);
        }
        int columns = predictor.inputColumns();
        if (columns < 1 || sampleRow.length != columns) {
            throw new ValidationException("EndpointServer.deploy.sampleRow", sampleRow.length + " values",
                    columns + " values, the input columns of variant " + variantName + "'s model");
        }
        Deployment previous = deployment.get();
        String keeps = previous == null ? "no variant was serving" : "variant " + previous.variantName()
                + " keeps serving";
        double answer;
        try {
            answer = predictor.predict(sampleRow.clone());
        } catch (RuntimeException e) {
            throw new MlopsBackendException("Variant " + variantName + " failed its warm-up call on endpoint "
                    + endpointName + " (" + e + "); " + keeps, e, Map.of("endpoint", endpointName,
                    "variant", variantName), false);
        }
        if (!Double.isFinite(answer)) {
            throw new MlopsBackendException("Variant " + variantName + " answered " + answer
                    + " to its warm-up call on endpoint " + endpointName + "; " + keeps, null,
                    Map.of("endpoint", endpointName, "variant", variantName), false);
        }
        deployment.set(new Deployment(variantName, predictor));
        LOG.debug("Endpoint {} now serves variant {} (was {}); warm-up answered {}", endpointName, variantName,
                previous == null ? "none" : previous.variantName(), answer);
    }

    private static boolean isHeaderSafe(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }

    /**
     * Stops accepting connections, waits up to the drain timeout for in-flight requests to be answered, then
     * closes every connection and releases the port. Idempotent.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            closing = true; // from now on responses carry Connection: close
        }
        serverChannel.close().syncUninterruptibly();
        long deadline = System.nanoTime() + drainTimeout.toNanos();
        while (inFlight.sum() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        long unfinished = inFlight.sum();
        connections.close().awaitUninterruptibly();
        group.shutdownGracefully(0, drainTimeout.toMillis(), TimeUnit.MILLISECONDS).awaitUninterruptibly();
        workers.shutdownNow();
        LOG.debug("Endpoint {} on {}:{} closed; {} requests were still in flight at the drain deadline",
                endpointName, host, port, unfinished);
    }

    // ---- for InvocationHandler ----

    Deployment deployment() {
        return deployment.get();
    }

    InvocationListener listener() {
        return listener;
    }

    /**
     * Replaces the invocation hook while serving (e.g. when data capture is switched on or off by a redeploy);
     * requests already past the model keep the hook they read.
     *
     * @param listener the new hook, or {@code null} for none (then nothing is copied)
     */
    public void listener(InvocationListener listener) {
        this.listener = listener;
    }

    boolean closing() {
        return closing;
    }

    void requestStarted() {
        inFlight.increment();
    }

    ChannelFutureListener requestFinishedListener() {
        return requestFinished;
    }

    String nextRequestId() {
        return requestIdPrefix + Long.toHexString(requestCounter.incrementAndGet());
    }

    void requestFinished() {
        inFlight.decrement();
    }

    int maxPayloadBytes() {
        return maxPayloadBytes;
    }

    int inlineBodyBytes() {
        return inlineBodyBytes;
    }

    long idleTimeoutNanos() {
        return idleTimeoutNanos;
    }

    long readTimeoutNanos() {
        return readTimeoutNanos;
    }

    long bodyTimeoutNanos() {
        return bodyTimeoutNanos;
    }

    long timeoutCheckNanos() {
        return timeoutCheckNanos;
    }

    BodyBound bodies() {
        return bodies;
    }

    Executor workers() {
        return workers;
    }

    /**
     * The bytes held by request bodies being received or scored, across the server's connections.
     *
     * @return bytes reserved now
     */
    long bodyBytesInFlight() {
        return bodies.used();
    }

    /** The bound on bytes held by request bodies in flight, shared by every connection of the server. */
    static final class BodyBound {
        private final long limit;
        private final AtomicLong used = new AtomicLong();

        BodyBound(long limit) {
            this.limit = limit;
        }

        /** Reserves {@code bytes} if they fit under the bound. */
        boolean tryReserve(long bytes) {
            while (true) {
                long u = used.get();
                if (u + bytes > limit) {
                    return false;
                }
                if (used.compareAndSet(u, u + bytes)) {
                    return true;
                }
            }
        }

        void release(long bytes) {
            if (bytes > 0) {
                used.addAndGet(-bytes);
            }
        }

        long used() {
            return used.get();
        }

        long limit() {
            return limit;
        }
    }

    /** Configures and starts an {@link EndpointServer}. */
    public static final class Builder {
        private final String endpointName;
        private String host = "127.0.0.1";
        private int port;
        private int eventLoopThreads;
        private int maxPayloadBytes = DEFAULT_MAX_PAYLOAD_BYTES;
        private long maxInFlightBodyBytes;
        private int workerThreads;
        private int inlineBodyBytes = DEFAULT_INLINE_BODY_BYTES;
        private Duration idleTimeout = Duration.ofSeconds(DEFAULT_IDLE_TIMEOUT_SECONDS);
        private Duration readTimeout = Duration.ofSeconds(DEFAULT_READ_TIMEOUT_SECONDS);
        private Duration bodyTimeout = Duration.ofSeconds(DEFAULT_BODY_TIMEOUT_SECONDS);
        private Duration drainTimeout = Duration.ofSeconds(5);
        private InvocationListener listener;

        private Builder(String endpointName) {
            if (endpointName == null || endpointName.isBlank()) {
                throw new ValidationException("EndpointServer.endpointName", endpointName, "a non-blank name");
            }
            this.endpointName = endpointName;
        }

        /**
         * The address to bind; loopback by default, so the endpoint is not reachable from other machines.
         *
         * @param host a host name or IP literal
         * @return this builder
         */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /**
         * The port to bind; 0 (the default) lets the system choose a free one, see {@link EndpointServer#port()}.
         *
         * @param port 0 to 65535
         * @return this builder
         */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new ValidationException("EndpointServer.port", port, "between 0 and 65535");
            }
            this.port = port;
            return this;
        }

        /**
         * How many event-loop threads accept and read requests and score small ones; 0 (the default) means one
         * per core.
         *
         * @param threads 0 or more
         * @return this builder
         */
        public Builder eventLoopThreads(int threads) {
            if (threads < 0) {
                throw new ValidationException("EndpointServer.eventLoopThreads", threads, "0 or more");
            }
            this.eventLoopThreads = threads;
            return this;
        }

        /**
         * The largest request body accepted; larger ones get 413 (from their {@code Content-Length}, before the
         * body is read).
         *
         * @param bytes at least 1; default {@link #DEFAULT_MAX_PAYLOAD_BYTES}
         * @return this builder
         */
        public Builder maxPayloadBytes(int bytes) {
            if (bytes < 1) {
                throw new ValidationException("EndpointServer.maxPayloadBytes", bytes, "at least 1");
            }
            this.maxPayloadBytes = bytes;
            return this;
        }

        /**
         * The bound on bytes held by request bodies in flight (being received, waiting or being scored),
         * across all connections of the server. A request whose {@code Content-Length} does not fit is answered
         * {@code 503} with {@code Retry-After} before its body is read; a chunked body, as soon as it outgrows
         * what is left. The default is a quarter of the JVM's maximum direct memory, and at least
         * {@link #maxPayloadBytes(int)}: with {@code -Xmx256m} (and no {@code -XX:MaxDirectMemorySize}),
         * 64 MiB, ten maximum-size requests at once.
         *
         * @param bytes at least {@link #maxPayloadBytes(int)}, or 0 for the default
         * @return this builder
         */
        public Builder maxInFlightBodyBytes(long bytes) {
            if (bytes < 0) {
                throw new ValidationException("EndpointServer.maxInFlightBodyBytes", bytes, "0 (the default) or more");
            }
            this.maxInFlightBodyBytes = bytes;
            return this;
        }

        /**
         * How many worker threads score request bodies larger than {@link #inlineBodyBytes(int)}; 0 (the
         * default) means one per core. Up to {@value EndpointServer#WORKER_QUEUE} further large requests wait
         * for a worker; beyond that they are answered 503 with {@code Retry-After}.
         *
         * @param threads 0 or more
         * @return this builder
         */
        public Builder workerThreads(int threads) {
            if (threads < 0) {
                throw new ValidationException("EndpointServer.workerThreads", threads, "0 or more");
            }
            this.workerThreads = threads;
            return this;
        }

        /**
         * The largest request body scored on the event loop that read it; larger ones go to the worker pool.
         * Small requests are cheaper inline (no hand-off between threads); large ones would hold up every
         * other connection of their event loop, {@code /ping} included, for as long as they are scored.
         *
         * @param bytes 0 (every invocation on the pool) or more; default {@link #DEFAULT_INLINE_BODY_BYTES}
         * @return this builder
         */
        public Builder inlineBodyBytes(int bytes) {
            if (bytes < 0) {
                throw new ValidationException("EndpointServer.inlineBodyBytes", bytes, "0 or more");
            }
            this.inlineBodyBytes = bytes;
            return this;
        }

        /**
         * How long a connection may send nothing between requests (or before its first) before it is closed.
         *
         * @param timeout positive; default {@value EndpointServer#DEFAULT_IDLE_TIMEOUT_SECONDS} seconds
         * @return this builder
         */
        public Builder idleTimeout(Duration timeout) {
            this.idleTimeout = positive("idleTimeout", timeout);
            return this;
        }

        /**
         * How long a request may stop arriving part-way (no byte received) before it is answered
         * {@code 408 Request Timeout} and its connection closed.
         *
         * @param timeout positive; default {@value EndpointServer#DEFAULT_READ_TIMEOUT_SECONDS} seconds
         * @return this builder
         */
        public Builder readTimeout(Duration timeout) {
            this.readTimeout = positive("readTimeout", timeout);
            return this;
        }

        /**
         * How long a request (head and body) may take to arrive, from its first byte, however steadily it
         * trickles; past it the request is answered {@code 408 Request Timeout} and its connection closed.
         *
         * @param timeout positive; default {@value EndpointServer#DEFAULT_BODY_TIMEOUT_SECONDS} seconds
         * @return this builder
         */
        public Builder bodyTimeout(Duration timeout) {
            this.bodyTimeout = positive("bodyTimeout", timeout);
            return this;
        }

        private static Duration positive(String name, Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new ValidationException("EndpointServer." + name, timeout, "a positive duration");
            }
            return timeout;
        }

        /**
         * How long {@link EndpointServer#close()} waits for in-flight requests.
         *
         * @param timeout positive; default 5 seconds
         * @return this builder
         */
        public Builder drainTimeout(Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new ValidationException("EndpointServer.drainTimeout", timeout, "a positive duration");
            }
            this.drainTimeout = timeout;
            return this;
        }

        /**
         * The hook called after each successful invocation, for data capture.
         *
         * @param listener the hook, or {@code null} for none
         * @return this builder
         */
        public Builder listener(InvocationListener listener) {
            this.listener = listener;
            return this;
        }

        /**
         * Binds and starts the server. It answers {@code /ping} with 503 until a model is {@link #deploy deployed}.
         *
         * @return the running server
         * @throws MlopsBackendException if the address cannot be bound, naming host and port
         */
        public EndpointServer start() {
            return new EndpointServer(this);
        }
    }
}
