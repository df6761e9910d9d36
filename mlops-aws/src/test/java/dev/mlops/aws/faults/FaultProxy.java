package dev.mlops.aws.faults;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * An HTTP proxy on 127.0.0.1 in front of the emulators that injects faults into a share of the calls: a 500 or a
 * throttling answer in the request's protocol, a connection dropped before the request is forwarded, a connection
 * dropped after the target carried it out (the answer is lost: the case that tests idempotency), and slow answers.
 * The choice is seeded, so a run can be repeated. Each injected fault is counted by kind.
 */
public final class FaultProxy implements AutoCloseable {
    /** The faults the proxy injects. */
    public enum Fault {
        /** A 500 answer in the protocol's error shape; the request never reaches the target. */
        SERVER_ERROR,
        /** A throttling answer (400 ThrottlingException, or 503 SlowDown for S3); the request never reaches the target. */
        THROTTLING,
        /** The connection is closed before the request is forwarded. */
        RESET_BEFORE,
        /** The request is carried out by the target, then the connection is closed without an answer. */
        RESET_AFTER,
        /** The answer comes after a delay of 0.5 to 2 s. */
        SLOW
    }

    /** The exchange attribute holding the request body, for routes that look into it. */
    public static final String BODY = "mlops.fault-proxy.body";

    private final HttpServer server;
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fault-proxy");
        t.setDaemon(true);
        return t;
    });
    private final Function<HttpExchange, URI> route;
    private final double share;
    private final Random random;
    private final Map<Fault, AtomicLong> injected = new EnumMap<>(Fault.class);
    private final AtomicLong calls = new AtomicLong();
    private volatile boolean enabled = true;
    private volatile long latencyMillis;
    private final Map<String, ServiceBucket> buckets = new java.util.concurrent.ConcurrentHashMap<>();
    private final AtomicLong throttled = new AtomicLong();

    /** A service's own request rate, as AWS enforces it per account: a token bucket of one second's requests. */
    private static final class ServiceBucket {
        private final double perSecond;
        private double tokens;
        private long last = System.nanoTime();

        ServiceBucket(double perSecond) {
            this.perSecond = perSecond;
            this.tokens = perSecond;
        }

        synchronized boolean take() {
            long now = System.nanoTime();
            tokens = Math.min(perSecond, tokens + (now - last) / 1e9 * perSecond);
            last = now;
            if (tokens >= 1) {
                tokens -= 1;
                return true;
            }
            return false;
        }
    }

    /**
     * Adds a fixed latency to every answer, as a remote service's round trip.
     *
     * @param millis the latency
     */
    public void latency(long millis) {
        this.latencyMillis = millis;
    }

    /**
     * Makes a service throttle like AWS does when its account rate is exceeded: answers beyond the rate are a
     * throttling error. The service is the prefix of its {@code X-Amz-Target} (e.g. {@code CodePipeline_20150709}).
     *
     * @param targetPrefix the service's target prefix
     * @param perSecond its rate
     */
    public void serviceRate(String targetPrefix, double perSecond) {
        buckets.put(targetPrefix, new ServiceBucket(perSecond));
    }

    /** @return the calls the services' own rates throttled */
    public long throttledByService() {
        return throttled.get();
    }
    private final List<Observer> observers = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Sees each request the target carried out, with its answer's status (e.g. to simulate EventBridge). */
    @FunctionalInterface
    public interface Observer {
        /**
         * Called after the target answered, before the answer goes back (or is lost).
         *
         * @param target the request's {@code X-Amz-Target}, or {@code null}
         * @param method the HTTP method
         * @param path the path and query
         * @param body the request body
         * @param status the target's status
         */
        void carriedOut(String target, String method, String path, byte[] body, int status);
    }

    /**
     * Adds an observer.
     *
     * @param observer the observer
     */
    public void observe(Observer observer) {
        observers.add(observer);
    }

    /**
     * Starts a proxy.
     *
     * @param route the target base URI of each request (e.g. moto, or WireMock for some services)
     * @param share the share of calls that get a fault, e.g. 0.3
     * @param seed the seed of the choice
     * @throws IOException if no port can be bound
     */
    public FaultProxy(Function<HttpExchange, URI> route, double share, long seed) throws IOException {
        this.route = route;
        this.share = share;
        this.random = new Random(seed);
        for (Fault f : Fault.values()) {
            injected.put(f, new AtomicLong());
        }
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setExecutor(pool);
        server.createContext("/", this::handle);
        server.start();
    }

    /** @return the proxy's base URI */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /**
     * Turns injection on or off (off: a plain proxy, for set-up and checks).
     *
     * @param on whether to inject
     */
    public void inject(boolean on) {
        this.enabled = on;
    }

    /** @return the faults injected, by kind */
    public Map<Fault, Long> injected() {
        Map<Fault, Long> m = new EnumMap<>(Fault.class);
        injected.forEach((k, v) -> m.put(k, v.get()));
        return m;
    }

    /** @return the calls that passed the proxy */
    public long calls() {
        return calls.get();
    }

    private Fault choose() {
        synchronized (random) {
            if (!enabled || random.nextDouble() >= share) {
                return null;
            }
            return Fault.values()[random.nextInt(Fault.values().length)];
        }
    }

    private long delayMillis() {
        synchronized (random) {
            return 500 + random.nextInt(1500);
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        calls.incrementAndGet();
        byte[] body = ex.getRequestBody().readAllBytes();
        ex.setAttribute(BODY, body);
        Fault fault = choose();
        if (fault != null) {
            injected.get(fault).incrementAndGet();
        }
        String target = ex.getRequestHeaders().getFirst("X-Amz-Target");
        ServiceBucket bucket = target == null ? null : buckets.get(target.substring(0, Math.max(0, target.indexOf('.'))));
        try {
            if (latencyMillis > 0) {
                Thread.sleep(latencyMillis);
            }
            if (fault == null && bucket != null && !bucket.take()) {
                throttled.incrementAndGet();
                answerError(ex, Fault.THROTTLING);
                return;
            }
            if (fault == Fault.SERVER_ERROR || fault == Fault.THROTTLING) {
                answerError(ex, fault);
                return;
            }
            if (fault == Fault.RESET_BEFORE) {
                ex.close();
                return;
            }
            HttpURLConnection c = forward(ex, body);
            int status = c.getResponseCode();
            InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
            byte[] answer = in == null ? new byte[0] : in.readAllBytes();
            for (Observer o : observers) {
                o.carriedOut(ex.getRequestHeaders().getFirst("X-Amz-Target"), ex.getRequestMethod(),
                        ex.getRequestURI().toString(), body, status);
            }
            if (fault == Fault.RESET_AFTER) {
                ex.close();
                return;
            }
            if (fault == Fault.SLOW) {
                Thread.sleep(delayMillis());
            }
            c.getHeaderFields().forEach((k, v) -> {
                if (k != null && !k.equalsIgnoreCase("Transfer-Encoding") && !k.equalsIgnoreCase("Content-Length")
                        && !k.equalsIgnoreCase("Connection")) {
                    ex.getResponseHeaders().put(k, v);
                }
            });
            boolean noBody = ex.getRequestMethod().equals("HEAD") || status == 204 || status == 304;
            ex.sendResponseHeaders(status, noBody ? -1 : answer.length == 0 ? -1 : answer.length);
            if (!noBody && answer.length > 0) {
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(answer);
                }
            }
            ex.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ex.close();
        } catch (IOException e) {
            ex.close();
        }
    }

    private HttpURLConnection forward(HttpExchange ex, byte[] body) throws IOException {
        URI base = route.apply(ex);
        URI target = URI.create(base.toString().replaceAll("/$", "") + ex.getRequestURI().toString());
        HttpURLConnection c = (HttpURLConnection) target.toURL().openConnection();
        c.setRequestMethod(ex.getRequestMethod());
        c.setInstanceFollowRedirects(false);
        c.setConnectTimeout(5000);
        c.setReadTimeout(60000);
        for (Map.Entry<String, List<String>> h : ex.getRequestHeaders().entrySet()) {
            String k = h.getKey();
            if (k.equalsIgnoreCase("Host") || k.equalsIgnoreCase("Content-Length") || k.equalsIgnoreCase("Connection")
                    || k.equalsIgnoreCase("Transfer-Encoding") || k.equalsIgnoreCase("Expect")) {
                continue;
            }
            for (String v : h.getValue()) {
                c.addRequestProperty(k, v);
            }
        }
        if (body.length > 0 || ex.getRequestMethod().equals("PUT") || ex.getRequestMethod().equals("POST")) {
            c.setDoOutput(true);
            c.setFixedLengthStreamingMode(body.length);
            try (OutputStream out = c.getOutputStream()) {
                out.write(body);
            }
        }
        return c;
    }

    private static void answerError(HttpExchange ex, Fault fault) throws IOException {
        String type = String.valueOf(ex.getRequestHeaders().getFirst("Content-Type"));
        String target = ex.getRequestHeaders().getFirst("X-Amz-Target");
        boolean throttle = fault == Fault.THROTTLING;
        int status;
        String contentType;
        String body;
        if (target != null) {
            status = throttle ? 400 : 500;
            contentType = type.startsWith("application/x-amz-json") ? type : "application/x-amz-json-1.1";
            body = "{\"__type\":\"" + (throttle ? "ThrottlingException" : "InternalFailure") + "\",\"message\":\""
                    + (throttle ? "Rate exceeded" : "injected internal failure") + "\"}";
        } else if (type.startsWith("application/x-www-form-urlencoded")) {
            status = throttle ? 400 : 500;
            contentType = "text/xml";
            body = "<ErrorResponse><Error><Type>" + (throttle ? "Sender" : "Receiver") + "</Type><Code>"
                    + (throttle ? "Throttling" : "InternalFailure") + "</Code><Message>injected</Message></Error>"
                    + "<RequestId>fault-proxy</RequestId></ErrorResponse>";
        } else {
            status = throttle ? 503 : 500;
            contentType = "application/xml";
            body = "<Error><Code>" + (throttle ? "SlowDown" : "InternalError") + "</Code><Message>injected</Message>"
                    + "<RequestId>fault-proxy</RequestId></Error>";
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", contentType);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
        ex.close();
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
