package dev.mlops.cli.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.mlops.Environment;
import dev.mlops.exception.MlopsClientException;
import dev.mlops.exception.MlopsException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves an environment's endpoint on a chosen address and port with the SageMaker container contract
 * ({@code POST /invocations}, {@code GET /ping}), passing each request to the endpoint through the public API, so
 * that it works on every backend and follows redeployments. Requests the endpoint refuses answer 400 with the reason;
 * backend failures answer 502.
 */
public final class InvocationProxy implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(InvocationProxy.class);
    private static final String INFERENCE_ID = "X-Amzn-SageMaker-Inference-Id";

    private final Environment environment;
    private final HttpServer server;
    private final ExecutorService threads;

    private InvocationProxy(Environment environment, HttpServer server, ExecutorService threads) {
        this.environment = environment;
        this.server = server;
        this.threads = threads;
    }

    /**
     * Starts serving.
     *
     * @param environment the environment whose endpoint answers
     * @param address the address to listen on (127.0.0.1 unless the user chose another)
     * @return the running proxy; close it to stop
     * @throws IOException if the address cannot be bound (in use, not local)
     */
    public static InvocationProxy start(Environment environment, InetSocketAddress address) throws IOException {
        HttpServer server = HttpServer.create(address, 64);
        ExecutorService threads = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "mlops-serve");
            t.setDaemon(true);
            return t;
        });
        InvocationProxy proxy = new InvocationProxy(environment, server, threads);
        server.createContext("/invocations", proxy::invocations);
        server.createContext("/ping", proxy::ping);
        server.setExecutor(threads);
        server.start();
        return proxy;
    }

    /**
     * The address served, with the port chosen when port 0 was asked for.
     *
     * @return e.g. {@code http://127.0.0.1:8080}
     */
    public URI url() {
        InetSocketAddress a = server.getAddress();
        String host = a.getAddress().getHostAddress();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort());
    }

    private void ping(HttpExchange x) throws IOException {
        boolean up = environment.deployedVersion().isPresent();
        respond(x, up ? 200 : 503, "text/plain", up ? "" : environment.endpointName() + " serves nothing yet\n");
    }

    private void invocations(HttpExchange x) throws IOException {
        if (!"POST".equals(x.getRequestMethod())) {
            x.getResponseHeaders().set("Allow", "POST");
            respond(x, 405, "text/plain", "POST /invocations\n");
            return;
        }
        String contentType = header(x, "Content-Type", "text/csv");
        String accept = header(x, "Accept", contentType);
        if ("*/*".equals(accept)) {
            accept = contentType;
        }
        String body;
        try (InputStream in = x.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String id = x.getRequestHeaders().getFirst(INFERENCE_ID);
        try {
            var endpoint = environment.endpoint();
            String answer = id == null ? endpoint.invoke(contentType, accept, body)
                    : endpoint.invoke(contentType, accept, body, id);
            respond(x, 200, accept, answer);
        } catch (MlopsClientException e) {
            respond(x, 400, "text/plain", e.getMessage() + "\n");
        } catch (MlopsException e) {
            LOG.debug("invocation failed", e);
            respond(x, 502, "text/plain", e.getMessage() + "\n");
        }
    }

    private static String header(HttpExchange x, String name, String fallback) {
        String v = x.getRequestHeaders().getFirst(name);
        return v == null || v.isBlank() ? fallback : v.split(";")[0].trim();
    }

    private static void respond(HttpExchange x, int status, String type, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", type);
        x.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            x.getResponseBody().write(bytes);
        }
        x.close();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    @Override
    public String toString() {
        return "InvocationProxy[" + environment.endpointName() + " at " + url() + "]";
    }
}
