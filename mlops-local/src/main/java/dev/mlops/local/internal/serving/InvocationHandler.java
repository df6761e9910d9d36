package dev.mlops.local.internal.serving;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.exception.ValidationException;
import dev.mlops.pipeline.ml.internal.RequestRows;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers one connection's requests under the SageMaker inference container contract. One instance per
 * connection; its requests are answered one at a time and in order, so its scratch row is used by one thread
 * at a time.
 *
 * <p>Where a request is scored: a body of at most {@link EndpointServer.Builder#inlineBodyBytes the inline
 * size} (every one-row request) is scored right on the event loop, which costs less than a hand-off; a larger
 * body is scored on the server's bounded worker pool, so that a multi-megabyte CSV does not hold up the
 * {@code /ping}s and small requests of the other connections on that event loop. While a connection's request
 * is on the pool the connection reads nothing more (its next requests wait, as HTTP/1.1 orders them anyway);
 * when the pool's queue is full the request is answered {@code 503} with {@code Retry-After}.
 *
 * <p>Error bodies are short messages for the client; exceptions and their classes go to the DEBUG log only.
 */
final class InvocationHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(InvocationHandler.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    static final AsciiString REQUEST_ID = AsciiString.cached("x-amzn-RequestId");
    static final AsciiString INVOKED_VARIANT = AsciiString.cached("X-Amzn-Invoked-Production-Variant");
    static final AsciiString INFERENCE_ID = AsciiString.cached("X-Amzn-SageMaker-Inference-Id");
    private static final AsciiString TEXT_CSV = AsciiString.cached(MediaTypes.CSV);
    private static final AsciiString APPLICATION_JSON = AsciiString.cached(MediaTypes.JSON);
    private static final AsciiString ALLOW_GET = AsciiString.cached("GET, HEAD");
    private static final AsciiString ALLOW_POST = AsciiString.cached("POST");
    private static final byte[] JSON_OPEN = "{\"predictions\":[".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SCORE_OPEN = "{\"score\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] JSON_CLOSE = "]}".getBytes(StandardCharsets.US_ASCII);

    /** What the response to one request needs to know about it. */
    private record Exchange(String requestId, boolean keepAlive, boolean http10) {
    }

    private final EndpointServer server;
    private final ConnectionGuard guard;
    private double[] row = new double[0];
    private boolean busy;            // a request of this connection is being scored on the worker pool
    private boolean closed;          // a reply that closes the connection was written: answer nothing more
    private ArrayDeque<Object> waiting; // requests and replies read meanwhile (pipelined), answered in order after it

    InvocationHandler(EndpointServer server, ConnectionGuard guard) {
        this.server = server;
        this.guard = guard;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof InboundRequest) && !(msg instanceof RequestAggregator.Reply)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (busy) {
            if (waiting == null) {
                waiting = new ArrayDeque<>(2);
            }
            waiting.add(msg);
            return;
        }
        next(ctx, msg);
    }

    /** Answers a request, or writes a reply the aggregator decided on (a refusal, {@code 100 Continue}). */
    private void next(ChannelHandlerContext ctx, Object msg) {
        if (closed) {
            drop(msg);
        } else if (msg instanceof InboundRequest request) {
            handle(ctx, request);
        } else {
            RequestAggregator.Reply reply = (RequestAggregator.Reply) msg;
            ChannelFuture written = ctx.writeAndFlush(reply.response());
            if (reply.closes()) {
                closed = true;
                guard.closeAfter(written);
            }
        }
    }

    private void drop(Object msg) {
        if (msg instanceof InboundRequest request) {
            request.finish(server);
        } else {
            ((RequestAggregator.Reply) msg).response().release();
        }
    }

    /** Answers one request, inline or (for a large invocation) by handing it to the worker pool. */
    private void handle(ChannelHandlerContext ctx, InboundRequest request) {
        guard.requestReceived(); // no timeouts while it is answered, even if it waited behind a pipelined one
        server.requestStarted();
        Exchange exchange = new Exchange(server.nextRequestId(), HttpUtil.isKeepAlive(request) && !server.closing(),
                request.protocolVersion().equals(HttpVersion.HTTP_1_0));
        boolean handedOff = false;
        try {
            String uri = request.uri();
            int query = uri.indexOf('?');
            String path = query < 0 ? uri : uri.substring(0, query);
            HttpMethod method = request.method();
            if (path.equals("/invocations")) {
                if (method == HttpMethod.POST) {
                    handedOff = invoke(ctx, request, exchange);
                } else {
                    methodNotAllowed(ctx, exchange, method, path, ALLOW_POST);
                }
            } else if (path.equals("/ping")) {
                if (method == HttpMethod.GET || method == HttpMethod.HEAD) {
                    ping(ctx, exchange);
                } else {
                    methodNotAllowed(ctx, exchange, method, path, ALLOW_GET);
                }
            } else {
                error(ctx, exchange, HttpResponseStatus.NOT_FOUND,
                        "No such path: " + path + "; this endpoint serves GET /ping and POST /invocations");
            }
        } catch (RuntimeException e) {
            LOG.debug("Request {} on {} failed", exchange.requestId(), server.endpointName(), e);
            error(ctx, exchange, HttpResponseStatus.INTERNAL_SERVER_ERROR, "Endpoint " + server.endpointName()
                    + " failed to answer the request (request id " + exchange.requestId() + ")");
        } finally {
            if (!handedOff) {
                request.finish(server);
            }
        }
    }

    private void ping(ChannelHandlerContext ctx, Exchange exchange) {
        Deployment deployment = server.deployment();
        if (deployment == null) {
            error(ctx, exchange, HttpResponseStatus.SERVICE_UNAVAILABLE,
                    "Endpoint " + server.endpointName() + " has no model deployed yet");
            return;
        }
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                ctx.alloc().buffer(0));
        response.headers().set(INVOKED_VARIANT, deployment.variantHeader());
        send(ctx, response, exchange);
    }

    /** Validates an invocation and scores it; true if it was handed to the worker pool (which then finishes it). */
    private boolean invoke(ChannelHandlerContext ctx, InboundRequest request, Exchange exchange) {
        long receivedAt = System.currentTimeMillis();
        // Read the model once: this request finishes on it even if a new variant is deployed meanwhile.
        Deployment deployment = server.deployment();
        if (deployment == null) {
            error(ctx, exchange, HttpResponseStatus.SERVICE_UNAVAILABLE,
                    "Endpoint " + server.endpointName() + " has no model deployed yet");
            return false;
        }
        HttpHeaders headers = request.headers();
        String contentTypeHeader = headers.get(HttpHeaderNames.CONTENT_TYPE);
        String contentType = MediaTypes.requestType(contentTypeHeader);
        if (contentType == null) {
            error(ctx, exchange, HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE,
                    "Content-Type " + (contentTypeHeader == null ? "is missing" : "'" + contentTypeHeader
                            + "' is not supported") + "; send text/csv or application/json");
            return false;
        }
        String acceptHeader = headers.get(HttpHeaderNames.ACCEPT);
        String accept = MediaTypes.responseType(acceptHeader, contentType);
        if (accept == null) {
            error(ctx, exchange, HttpResponseStatus.NOT_ACCEPTABLE,
                    "Accept '" + acceptHeader + "' cannot be produced; accept text/csv or application/json");
            return false;
        }
        ByteBuf body = request.content();
        if (!body.isReadable()) {
            error(ctx, exchange, HttpResponseStatus.BAD_REQUEST,
                    "The request body is empty; send at least one row of " + deployment.predictor().inputColumns()
                            + " features");
            return false;
        }
        if (body.readableBytes() <= server.inlineBodyBytes()) {
            send(ctx, score(ctx, request, exchange, deployment, contentType, accept, receivedAt), exchange);
            return false;
        }
        busy = true;
        ctx.channel().config().setAutoRead(false); // read this connection's next request after this one's answer
        try {
            server.workers().execute(() -> scoreOnWorker(ctx, request, exchange, deployment, contentType, accept,
                    receivedAt));
            return true;
        } catch (RejectedExecutionException e) {
            resume(ctx);
            error(ctx, exchange, HttpResponseStatus.SERVICE_UNAVAILABLE, "Endpoint " + server.endpointName()
                    + " is busy scoring other large requests; retry shortly");
            return false;
        }
    }

    private void scoreOnWorker(ChannelHandlerContext ctx, InboundRequest request, Exchange exchange,
            Deployment deployment, String contentType, String accept, long receivedAt) {
        FullHttpResponse scored = null;
        try {
            scored = score(ctx, request, exchange, deployment, contentType, accept, receivedAt);
        } catch (RuntimeException | Error e) { // e.g. no memory for the answer: still answer, and free the connection
            LOG.debug("Request {} on {}: scoring failed", exchange.requestId(), server.endpointName(), e);
        } finally {
            request.finish(server); // free the body (and its share of the in-flight bound) as soon as scored
        }
        FullHttpResponse response = scored;
        try {
            ctx.executor().execute(() -> {
                if (response != null) {
                    send(ctx, response, exchange);
                } else {
                    error(ctx, exchange, HttpResponseStatus.INTERNAL_SERVER_ERROR, "Inference failed on endpoint "
                            + server.endpointName() + " (request id " + exchange.requestId() + ")");
                }
                resume(ctx);
            });
        } catch (RejectedExecutionException e) { // the server is shutting down its event loops
            if (response != null) {
                response.release();
            }
            server.requestFinished();
        }
    }

    /** After a request handed to the pool is answered: the connection's waiting requests, then reading again. */
    private void resume(ChannelHandlerContext ctx) {
        busy = false;
        while (!busy && waiting != null && !waiting.isEmpty()) {
            next(ctx, waiting.poll());
        }
        if (!busy && ctx.channel().isActive()) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    /**
     * Scores the body and builds the response: 200 with the predictions, 400 for invalid rows, 500 if the
     * model fails. Runs on the event loop or a worker; touches only this request and the scratch row.
     */
    private FullHttpResponse score(ChannelHandlerContext ctx, InboundRequest request, Exchange exchange,
            Deployment deployment, String contentType, String accept, long receivedAt) {
        ByteBuf body = request.content();
        RowPredictor predictor = deployment.predictor();
        boolean json = accept == MediaTypes.JSON;
        ByteBuf out = ctx.alloc().buffer(json ? 64 : 32);
        try {
            if (row.length != predictor.inputColumns()) {
                row = new double[predictor.inputColumns()];
            }
            if (json) {
                out.writeBytes(JSON_OPEN);
            }
            int rows = contentType == MediaTypes.CSV
                    ? predictCsv(body, predictor, out, json, deployment.variantName())
                    : predictJson(body, predictor, out, json, deployment.variantName());
            if (json) {
                out.writeBytes(JSON_CLOSE);
            }
            if (LOG.isDebugEnabled()) { // guarded: four arguments would allocate an array and box per request
                LOG.debug("Request {} on {}: {} rows scored by variant {}", exchange.requestId(), server.endpointName(),
                        rows, deployment.variantName());
            }
        } catch (ValidationException e) {
            out.release();
            return Responses.text(ctx.alloc(), HttpResponseStatus.BAD_REQUEST,
                    "Invalid request to endpoint " + server.endpointName() + ": " + e.getMessage());
        } catch (RuntimeException | Error e) {
            // A predictor failing outside validation is a server-side fault: 500, and keep serving.
            out.release();
            LOG.debug("Request {} on {}: variant {} failed", exchange.requestId(), server.endpointName(),
                    deployment.variantName(), e);
            return Responses.text(ctx.alloc(), HttpResponseStatus.INTERNAL_SERVER_ERROR,
                    "Inference failed on endpoint " + server.endpointName() + ": variant " + deployment.variantName()
                            + " could not score the request (request id " + exchange.requestId() + ")");
        }
        InvocationListener listener = server.listener();
        if (listener != null) {
            try {
                listener.onInvocation(deployment.variantName(), request.headers().get(INFERENCE_ID), contentType,
                        ByteBufUtil.getBytes(body), accept, ByteBufUtil.getBytes(out), receivedAt);
            } catch (RuntimeException e) { // capture must not fail the invocation it copies
                LOG.debug("Request {} on {}: the invocation listener failed", exchange.requestId(),
                        server.endpointName(), e);
            }
        }
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, out);
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, json ? APPLICATION_JSON : TEXT_CSV)
                .set(INVOKED_VARIANT, deployment.variantHeader());
        return response;
    }

    /** Scores each CSV line as it is parsed, writing answers as it goes: no intermediate row list. */
    private int predictCsv(ByteBuf body, RowPredictor predictor, ByteBuf out, boolean json, String variant) {
        int columns = predictor.inputColumns();
        int end = body.writerIndex();
        int lineStart = body.readerIndex();
        int rowNumber = 0;
        while (lineStart < end) {
            int lineEnd = body.indexOf(lineStart, end, (byte) '\n');
            if (lineEnd < 0) {
                lineEnd = end;
            }
            int contentEnd = lineEnd;
            if (contentEnd > lineStart && body.getByte(contentEnd - 1) == '\r') {
                contentEnd--;
            }
            if (contentEnd > lineStart) { // blank lines (e.g. a trailing newline) carry no row
                rowNumber++;
                int column = 0;
                int fieldStart = lineStart;
                while (true) {
                    int comma = body.indexOf(fieldStart, contentEnd, (byte) ',');
                    int fieldEnd = comma < 0 ? contentEnd : comma;
                    if (column < columns) {
                        row[column] = predictor.categorical(column)
                                ? predictor.encode(column, body.toString(fieldStart, fieldEnd - fieldStart, StandardCharsets.UTF_8))
                                : CsvNumbers.parseField(body, fieldStart, fieldEnd, rowNumber, column + 1);
                    }
                    column++;
                    if (comma < 0) {
                        break;
                    }
                    fieldStart = comma + 1;
                }
                if (column != columns) {
                    throw wrongColumnCount(rowNumber, column, columns, variant);
                }
                writePrediction(out, predict(predictor, rowNumber), json, rowNumber);
            }
            lineStart = lineEnd + 1;
        }
        if (rowNumber == 0) {
            throw new ValidationException("body", "", "at least one non-blank CSV row");
        }
        return rowNumber;
    }

    private int predictJson(ByteBuf body, RowPredictor predictor, ByteBuf out, boolean json, String variant) {
        JsonNode root;
        try {
            root = JSON.readTree(new ByteBufInputStream(body.duplicate()));
        } catch (JsonProcessingException e) {
            throw new ValidationException("body", abbreviate(body), "valid JSON (" + jsonProblem(e) + ")");
        } catch (IOException e) {
            LOG.debug("Endpoint {}: unreadable JSON body", server.endpointName(), e);
            throw new ValidationException("body", abbreviate(body), "readable JSON");
        }
        return RequestRows.forEachJsonRow(root, () -> abbreviate(body), (values, rowNumber) -> {
            fillRow(values, rowNumber, predictor, variant);
            writePrediction(out, predict(predictor, rowNumber), json, rowNumber);
        });
    }

    private void fillRow(JsonNode values, int rowNumber, RowPredictor predictor, String variant) {
        int columns = predictor.inputColumns();
        if (values.size() != columns) {
            throw wrongColumnCount(rowNumber, values.size(), columns, variant);
        }
        for (int c = 0; c < columns; c++) {
            JsonNode value = values.get(c);
            if (predictor.categorical(c)) {
                row[c] = predictor.encode(c, value.isNull() ? "" : value.asText());
            } else if (value.isNumber()) {
                row[c] = value.doubleValue();
            } else if (value.isNull()) {
                row[c] = Double.NaN; // a missing value, as an empty CSV field
            } else {
                throw new ValidationException("row " + rowNumber + ", column " + (c + 1), value, "a JSON number or null");
            }
        }
    }

    private double predict(RowPredictor predictor, int rowNumber) {
        try {
            return predictor.predict(row);
        } catch (ValidationException e) {
            throw RequestRows.atRow(rowNumber, e);
        }
    }

    private static ValidationException wrongColumnCount(int rowNumber, int found, int expected, String variant) {
        return RequestRows.wrongColumnCount(rowNumber, found, expected, "the model of variant " + variant);
    }

    private static void writePrediction(ByteBuf out, double value, boolean json, int rowNumber) {
        if (json) {
            if (rowNumber > 1) {
                out.writeByte(',');
            }
            out.writeBytes(SCORE_OPEN);
            if (Double.isFinite(value)) {
                ByteBufUtil.writeAscii(out, Double.toString(value));
            } else {
                out.writeBytes(NULL); // JSON has no NaN or infinity
            }
            out.writeByte('}');
        } else {
            ByteBufUtil.writeAscii(out, Double.toString(value));
            out.writeByte('\n');
        }
    }

    private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);

    private static String abbreviate(ByteBuf body) {
        int n = Math.min(body.readableBytes(), 80);
        String text = body.toString(body.readerIndex(), n, StandardCharsets.UTF_8);
        return n < body.readableBytes() ? text + "…" : text;
    }

    /**
     * Jackson's description of a syntax error, without the parts that name Java types (its "Source" of
     * the input stream's class, hints about its own features): e.g. "Unexpected end-of-input: expected close
     * marker for Array at line 1, column 18".
     */
    private static String jsonProblem(JsonProcessingException e) {
        String message = e.getOriginalMessage();
        int cut = message == null ? 0 : message.length();
        for (String stop : new String[] {"\n", " (", " [", " at [Source"}) {
            int i = message == null ? -1 : message.indexOf(stop);
            if (i >= 0 && i < cut) {
                cut = i;
            }
        }
        String text = message == null ? "" : message.substring(0, cut).trim();
        if (text.isEmpty() || text.matches(".*\\b[a-z]+(\\.[a-z0-9_]+)+\\.[A-Z]\\w*.*")) {
            text = "a syntax error";
        }
        JsonLocation at = e.getLocation();
        return at == null || at.getLineNr() < 1 ? text : text + " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    }

    private void methodNotAllowed(ChannelHandlerContext ctx, Exchange exchange, HttpMethod method, String path,
            AsciiString allow) {
        FullHttpResponse response = Responses.text(ctx.alloc(), HttpResponseStatus.METHOD_NOT_ALLOWED,
                method + " is not allowed on " + path + "; use " + allow);
        response.headers().set(HttpHeaderNames.ALLOW, allow);
        send(ctx, response, exchange);
    }

    private void error(ChannelHandlerContext ctx, Exchange exchange, HttpResponseStatus status, String message) {
        send(ctx, Responses.text(ctx.alloc(), status, message), exchange);
    }

    /**
     * Writes a response on the event loop. Keep-alive as HTTP asks: an HTTP/1.1 request keeps the connection
     * unless it says {@code Connection: close}; an HTTP/1.0 request only if it says {@code Connection: keep-alive},
     * which the response then echoes (a 1.0 client would otherwise assume the server closes).
     */
    private void send(ChannelHandlerContext ctx, FullHttpResponse response, Exchange exchange) {
        HttpHeaders headers = response.headers();
        headers.set(REQUEST_ID, exchange.requestId());
        headers.setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
        if (response.status() == HttpResponseStatus.SERVICE_UNAVAILABLE) {
            headers.set(HttpHeaderNames.RETRY_AFTER, Responses.RETRY_AFTER_SECONDS);
        }
        // Read closing again: close() may have started while this request was being scored.
        boolean keepAlive = exchange.keepAlive() && !server.closing();
        if (!keepAlive) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (exchange.http10()) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
        ChannelFuture written = ctx.writeAndFlush(response).addListener(server.requestFinishedListener());
        guard.responseSent();
        written.addListener(keepAlive ? ChannelFutureListener.CLOSE_ON_FAILURE : ChannelFutureListener.CLOSE);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (waiting != null) {
            for (Object msg; (msg = waiting.poll()) != null; ) {
                drop(msg);
            }
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("Connection {} to endpoint {} failed; closing it", ctx.channel().remoteAddress(),
                server.endpointName(), cause);
        ctx.close();
    }
}
