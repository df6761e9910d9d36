package dev.mlops.container;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.mlops.exception.MlopsClientException;
import dev.mlops.exception.ValidationException;
import dev.mlops.pipeline.ml.FeatureTransform;
import dev.mlops.pipeline.ml.internal.RequestRows;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first container of a registered model's inference pipeline on SageMaker: it serves the seed's fitted
 * {@link FeatureTransform} (the {@code preprocessor.json} that the {@code Preprocess} step writes to its {@code model}
 * output) under SageMaker's inference container contract, so that a SageMaker endpoint takes the same raw rows as the
 * embedded endpoint and the next container (XGBoost) gets the features it was trained on.
 *
 * <ul>
 *   <li>Started as {@code <entry point> serve} (SageMaker hosting passes {@code serve}; {@link MonitorContainer#main}
 *       dispatches it here). Loads {@code /opt/ml/model/preprocessor.json} before it listens; a missing or invalid
 *       file ends the process with a message naming the file, so SageMaker fails the endpoint's creation.</li>
 *   <li>Listens on the port in {@code SAGEMAKER_BIND_TO_PORT} (SageMaker sets it for each container of an inference
 *       pipeline), {@value #DEFAULT_PORT} otherwise, on {@value #CONTRACT_BIND_ADDRESS}: the contract requires the
 *       container to accept connections on every interface, since SageMaker's front end reaches it over the
 *       container's network. This is the one server of the SDK that does not bind to loopback; tests bind
 *       {@code 127.0.0.1} through {@link #start(Path, InetSocketAddress, int)}.</li>
 *   <li>{@code GET /ping}: 200 (the transform is loaded before the port opens).</li>
 *   <li>{@code POST /invocations}: {@code text/csv}, one raw row per line (sex, length, … for abalone; an empty field
 *       or {@code NA} is missing), or {@code application/json} in the embedded endpoint's shapes
 *       ({@code {"instances":[[…],…]}}, {@code {"instances":[{"features":[…]},…]}}, {@code {"features":[…]}}, a bare
 *       array of rows or one row). Answers {@code text/csv}: one line of transformed features per row, each value
 *       as {@link Float#toString(float)} writes it, exactly what training read. 400 naming the row and the column
 *       for a bad row, 413 for a body above {@link #DEFAULT_MAX_BODY_BYTES 6 MB}
 *       (SageMaker's own invocation limit), 415 for another content type, 406 for an {@code Accept} other than
 *       CSV, 405 for another method, 404 for another path. Client input never gets a 5xx.</li>
 * </ul>
 */
public final class PreprocessorServer implements AutoCloseable {
    /** The port the inference container contract names when {@code SAGEMAKER_BIND_TO_PORT} is not set. */
    public static final int DEFAULT_PORT = 8080;
    /** The variable SageMaker sets to the port each container of an inference pipeline listens on. */
    public static final String PORT_VARIABLE = "SAGEMAKER_BIND_TO_PORT";
    /** The address the contract requires: every interface of the container (see the class comment). */
    public static final String CONTRACT_BIND_ADDRESS = "0.0.0.0";
    /** The largest request body accepted: 6 MB, SageMaker's {@code InvokeEndpoint} payload limit. */
    public static final int DEFAULT_MAX_BODY_BYTES = RequestRows.MAX_PAYLOAD_BYTES;
    /** The model directory under the container root. */
    static final String MODEL_DIR = "model";

    private static final Logger LOG = LoggerFactory.getLogger(PreprocessorServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CSV = "text/csv";

    private final FeatureTransform transform;
    private final HttpServer http;
    private final ExecutorService workers;
    private final int maxBodyBytes;

    private PreprocessorServer(FeatureTransform transform, HttpServer http, ExecutorService workers, int maxBodyBytes) {
        this.transform = transform;
        this.http = http;
        this.workers = workers;
        this.maxBodyBytes = maxBodyBytes;
    }

    /**
     * Loads the transform from a model directory and starts serving it.
     *
     * @param modelDir the directory standing for {@code /opt/ml/model}, holding {@value FeatureTransform#FILE_NAME}
     * @param bind the address and port to listen on (port 0 picks a free one)
     * @param maxBodyBytes the largest request body accepted, at least 1
     * @return the running server
     * @throws MlopsClientException if the transform is missing or invalid (the message names the file)
     * @throws ValidationException if {@code maxBodyBytes} is not positive
     * @throws java.io.UncheckedIOException if the address cannot be bound
     */
    public static PreprocessorServer start(Path modelDir, InetSocketAddress bind, int maxBodyBytes) {
        if (maxBodyBytes < 1) {
            throw new ValidationException("PreprocessorServer.maxBodyBytes", maxBodyBytes, "at least 1");
        }
        Path file = modelDir.resolve(FeatureTransform.FILE_NAME);
        if (!Files.isRegularFile(file)) {
            throw new MlopsClientException("No preprocessor at " + file + ": the model data of this container must be"
                    + " the Preprocess step's 'model' output, which holds " + FeatureTransform.FILE_NAME, null,
                    Map.of("file", file.toString()));
        }
        FeatureTransform transform = FeatureTransform.read(file);
        HttpServer http;
        try {
            http = HttpServer.create(bind, 64);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("Cannot listen on " + bind + ": " + e.getMessage(), e);
        }
        ExecutorService workers = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()),
                r -> {
                    Thread t = new Thread(r, "preprocessor-http");
                    t.setDaemon(true);
                    return t;
                });
        PreprocessorServer server = new PreprocessorServer(transform, http, workers, maxBodyBytes);
        http.setExecutor(workers);
        http.createContext("/", server::handle);
        http.start();
        LOG.info("Serving {} on {}", transform, http.getAddress());
        return server;
    }

    /**
     * Starts serving as the contract says: the transform under {@code root/model}, on {@value #CONTRACT_BIND_ADDRESS}
     * and the port of {@value #PORT_VARIABLE} (or {@value #DEFAULT_PORT}).
     *
     * @param env the container's environment
     * @param root the directory standing for {@code /opt/ml}
     * @return the running server
     * @throws ValidationException if {@value #PORT_VARIABLE} is not a port number
     */
    public static PreprocessorServer fromContract(Map<String, String> env, Path root) {
        return fromContract(env, root, CONTRACT_BIND_ADDRESS);
    }

    /** As {@link #fromContract(Map, Path)} on another address: tests bind loopback. */
    static PreprocessorServer fromContract(Map<String, String> env, Path root, String host) {
        return start(root.resolve(MODEL_DIR), new InetSocketAddress(host, port(env)), DEFAULT_MAX_BODY_BYTES);
    }

    /** The port of {@value #PORT_VARIABLE}, or {@value #DEFAULT_PORT}. */
    static int port(Map<String, String> env) {
        String value = env.get(PORT_VARIABLE);
        if (value == null || value.isBlank()) {
            return DEFAULT_PORT;
        }
        try {
            int port = Integer.parseInt(value.strip());
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ValidationException(PORT_VARIABLE, value, "a port number from 0 to 65535");
    }

    /**
     * The address the server listens on.
     *
     * @return the bound address and port
     */
    public InetSocketAddress address() {
        return http.getAddress();
    }

    /**
     * The transform served.
     *
     * @return the loaded transform
     */
    public FeatureTransform transform() {
        return transform;
    }

    /** Stops accepting, gives running requests a second to finish, and releases the port. */
    @Override
    public void close() {
        http.stop(1);
        workers.shutdown();
        try {
            workers.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (path.equals("/ping")) {
                if (!method.equals("GET") && !method.equals("HEAD")) {
                    reply(exchange, 405, "text/plain", "Use GET /ping", "Allow", "GET");
                    return;
                }
                reply(exchange, 200, "text/plain", "", null, null);
            } else if (path.equals("/invocations")) {
                if (!method.equals("POST")) {
                    reply(exchange, 405, "text/plain", "Use POST /invocations", "Allow", "POST");
                    return;
                }
                invoke(exchange);
            } else {
                reply(exchange, 404, "text/plain", "No such path " + path + "; the container serves GET /ping and"
                        + " POST /invocations", null, null);
            }
        } catch (IOException e) {
            // The client went away; nothing to answer.
            LOG.debug("Connection failed while serving {}", exchange.getRequestURI(), e);
        } catch (RuntimeException e) {
            LOG.error("The preprocessor failed on a request", e);
            reply(exchange, 500, "text/plain", "The preprocessor failed; see the container's log", null, null);
        }
    }

    private void invoke(HttpExchange exchange) throws IOException {
        String type = mediaType(exchange.getRequestHeaders().getFirst("Content-Type"));
        if (!CSV.equals(type) && !"application/json".equals(type)) {
            reply(exchange, 415, "text/plain", "Content-Type " + (type == null ? "is missing" : "'" + type
                    + "' is not supported") + "; send text/csv or application/json rows of "
                    + transform.inputColumns(), null, null);
            return;
        }
        String accept = exchange.getRequestHeaders().getFirst("Accept");
        if (!acceptsCsv(accept)) {
            reply(exchange, 406, "text/plain", "Accept '" + accept + "' cannot be produced: the preprocessor answers"
                    + " text/csv, the next container's input", null, null);
            return;
        }
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        if (length != null) {
            long declared;
            try {
                declared = Long.parseLong(length.strip());
            } catch (NumberFormatException e) {
                reply(exchange, 400, "text/plain", "Content-Length '" + length + "' is not a number", null, null);
                return;
            }
            if (declared > maxBodyBytes) {
                // Read what is sent (to a bound) before answering: closing on unread bytes resets the connection,
                // and the client would see the reset rather than the 413.
                discard(exchange.getRequestBody(), drainLimit());
                reply(exchange, 413, "text/plain", tooLarge(declared), "Connection", "close");
                return;
            }
        }
        byte[] body = readBounded(exchange.getRequestBody());
        if (body == null) {
            reply(exchange, 413, "text/plain", tooLarge(-1), "Connection", "close");
            return;
        }
        String text = new String(body, StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(body.length * 2);
        try {
            List<String[]> rows = CSV.equals(type) ? RequestRows.csvRows(text) : jsonRows(text);
            if (rows.isEmpty()) {
                throw new ValidationException("body", "", "at least one row of " + transform.inputColumns());
            }
            float[] features = new float[transform.outputColumns().size()];
            for (int r = 0; r < rows.size(); r++) {
                try {
                    transform.transform(rows.get(r), features);
                } catch (ValidationException e) {
                    throw RequestRows.atRow(r + 1, e);
                }
                for (int i = 0; i < features.length; i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    out.append(features[i]);
                }
                out.append('\n');
            }
        } catch (MlopsClientException e) {
            reply(exchange, 400, "text/plain", e.getMessage(), null, null);
            return;
        }
        reply(exchange, 200, CSV, out.toString(), null, null);
    }

    private String tooLarge(long declared) {
        return "The request body " + (declared >= 0 ? "of " + declared + " bytes " : "") + "is larger than the limit of "
                + maxBodyBytes + " bytes; send fewer rows per request";
    }

    /** The body, or null once it passes the limit (the rest is not read). */
    private byte[] readBounded(InputStream in) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        int n;
        while ((n = in.read(chunk)) > 0) {
            if (buffer.size() + n > maxBodyBytes) {
                discard(in, drainLimit());
                return null;
            }
            buffer.write(chunk, 0, n);
        }
        return buffer.toByteArray();
    }

    /** How much of an oversize body is read and dropped so that the 413 reaches the client: four times the limit. */
    private long drainLimit() {
        return Math.min(4L * maxBodyBytes, 64L * 1024 * 1024);
    }

    private static void discard(InputStream in, long limit) throws IOException {
        byte[] chunk = new byte[8192];
        long read = 0;
        int n;
        while (read < limit && (n = in.read(chunk)) > 0) {
            read += n;
        }
    }

    /** The embedded endpoint's JSON shapes, each row as text fields (a JSON null is a missing value). */
    private static List<String[]> jsonRows(String text) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ValidationException("body", RequestRows.abbreviate(text), "valid JSON (" + e.getOriginalMessage()
                    + ")");
        }
        List<String[]> out = new ArrayList<>();
        RequestRows.forEachJsonRow(root, () -> RequestRows.abbreviate(text), (values, row) -> out.add(
                RequestRows.textValues(values, row)));
        return out;
    }

    private static String mediaType(String header) {
        if (header == null) {
            return null;
        }
        int semicolon = header.indexOf(';');
        return (semicolon >= 0 ? header.substring(0, semicolon) : header).strip().toLowerCase(Locale.ROOT);
    }

    private static boolean acceptsCsv(String accept) {
        if (accept == null || accept.isBlank()) {
            return true;
        }
        for (String part : accept.split(",")) {
            String t = mediaType(part);
            if (t.equals(CSV) || t.equals("text/*") || t.equals("*/*")) {
                return true;
            }
        }
        return false;
    }

    private static void reply(HttpExchange exchange, int status, String type, String body, String header, String value)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type.startsWith("text/plain") ? "text/plain; charset=utf-8"
                : type);
        if (header != null) {
            exchange.getResponseHeaders().set(header, value);
        }
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head || bytes.length == 0 ? -1 : bytes.length);
        if (!head && bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
