package dev.mlops.local.internal.serving;

import dev.mlops.exception.MlopsBackendException;
import dev.mlops.exception.ValidationException;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
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
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
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
 *       {@code X-Amzn-Invoked-Production-Variant}.</li>
 * </ul>
 *
 * <p>{@link #deploy} swaps the model atomically after a warm-up call: a request reads the model once and
 * finishes on it, so no request fails during a swap. {@link #close()} stops accepting, lets in-flight requests
 * finish, then closes connections and releases the port.
 *
 * <p>Requests are scored on the Netty event-loop thread that read them: a tree walk takes microseconds, less
 * than handing the row to another thread would.
 */
public final class EndpointServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EndpointServer.class);

    /** SageMaker's limit on an invocation payload: 6 MB. */
    public static final int DEFAULT_MAX_PAYLOAD_BYTES = 6 * 1024 * 1024;

    private final String endpointName;
    private final String host;
    private volatile InvocationListener listener;
    private final Duration drainTimeout;
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
        int maxPayload = builder.maxPayloadBytes;
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
                        channel.pipeline()
                                .addLast(new HttpServerCodec())
                                .addLast(new PayloadLimit(maxPayload))
                                .addLast(new InvocationHandler(EndpointServer.this));
                    }
                });
        try {
            this.serverChannel = bootstrap.bind(host, builder.port).syncUninterruptibly().channel();
        } catch (Exception e) { // syncUninterruptibly rethrows the checked BindException undeclared
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            throw bindFailure(builder, e);
        }
        this.port = ((InetSocketAddress) serverChannel.localAddress()).getPort();
        LOG.debug("Endpoint {} listening on {}:{} with {} {} event-loop threads", endpointName, host, port, threads,
                transport.name);
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
     * @return a builder with loopback host, ephemeral port, one event loop per core and a 6 MB payload limit
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

    /** The aggregator, answering 413 with a message (Netty's default has no body) and closing. */
    private final class PayloadLimit extends HttpObjectAggregator {
        private final int maxPayload;

        PayloadLimit(int maxPayload) {
            super(maxPayload);
            this.maxPayload = maxPayload;
        }

        @Override
        protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
            ByteBuf body = ByteBufUtil.writeUtf8(ctx.alloc(), "The request body exceeds the " + maxPayload
                    + "-byte payload limit of endpoint " + endpointName + "; split it into smaller requests\n");
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                    HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, body);
            response.headers()
                    .set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes())
                    .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE)
                    .set(InvocationHandler.REQUEST_ID, nextRequestId());
            // Close: the rest of the oversized body would otherwise be read as the next request.
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** Configures and starts an {@link EndpointServer}. */
    public static final class Builder {
        private final String endpointName;
        private String host = "127.0.0.1";
        private int port;
        private int eventLoopThreads;
        private int maxPayloadBytes = DEFAULT_MAX_PAYLOAD_BYTES;
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
         * How many event-loop threads accept, read and score requests; 0 (the default) means one per core.
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
         * The largest request body accepted; larger ones get 413.
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
