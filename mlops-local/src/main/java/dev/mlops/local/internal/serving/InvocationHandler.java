package dev.mlops.local.internal.serving;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.exception.ValidationException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers one connection's requests under the SageMaker inference container contract. One instance per
 * connection, so its scratch row is used by one event-loop thread only.
 */
final class InvocationHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(InvocationHandler.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    static final AsciiString REQUEST_ID = AsciiString.cached("x-amzn-RequestId");
    static final AsciiString INVOKED_VARIANT = AsciiString.cached("X-Amzn-Invoked-Production-Variant");
    static final AsciiString INFERENCE_ID = AsciiString.cached("X-Amzn-SageMaker-Inference-Id");
    private static final AsciiString TEXT_CSV = AsciiString.cached(MediaTypes.CSV);
    private static final AsciiString APPLICATION_JSON = AsciiString.cached(MediaTypes.JSON);
    private static final AsciiString TEXT_PLAIN = AsciiString.cached("text/plain; charset=utf-8");
    private static final AsciiString ALLOW_GET = AsciiString.cached("GET, HEAD");
    private static final AsciiString ALLOW_POST = AsciiString.cached("POST");
    private static final byte[] JSON_OPEN = "{\"predictions\":[".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SCORE_OPEN = "{\"score\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] JSON_CLOSE = "]}".getBytes(StandardCharsets.US_ASCII);

    private final EndpointServer server;
    private double[] row = new double[0];

    InvocationHandler(EndpointServer server) {
        super(true);
        this.server = server;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        server.requestStarted();
        String requestId = server.nextRequestId();
        boolean keepAlive = HttpUtil.isKeepAlive(request) && !server.closing();
        try {
            if (!request.decoderResult().isSuccess()) {
                error(ctx, requestId, keepAlive, HttpResponseStatus.BAD_REQUEST,
                        "Malformed HTTP request: " + request.decoderResult().cause());
                return;
            }
            String uri = request.uri();
            int query = uri.indexOf('?');
            String path = query < 0 ? uri : uri.substring(0, query);
            HttpMethod method = request.method();
            if (path.equals("/invocations")) {
                if (method == HttpMethod.POST) {
                    invoke(ctx, request, requestId, keepAlive);
                } else {
                    methodNotAllowed(ctx, requestId, keepAlive, method, path, ALLOW_POST);
                }
            } else if (path.equals("/ping")) {
                if (method == HttpMethod.GET || method == HttpMethod.HEAD) {
                    ping(ctx, requestId, keepAlive);
                } else {
                    methodNotAllowed(ctx, requestId, keepAlive, method, path, ALLOW_GET);
                }
            } else {
                error(ctx, requestId, keepAlive, HttpResponseStatus.NOT_FOUND,
                        "No such path: " + path + "; this endpoint serves GET /ping and POST /invocations");
            }
        } catch (RuntimeException e) {
            // A predictor failing outside validation is a server-side fault: 500, and keep serving.
            LOG.debug("Request {} on {} failed", requestId, server.endpointName(), e);
            error(ctx, requestId, keepAlive, HttpResponseStatus.INTERNAL_SERVER_ERROR,
                    "Inference failed on endpoint " + server.endpointName() + ": " + e);
        }
    }

    private void ping(ChannelHandlerContext ctx, String requestId, boolean keepAlive) {
        Deployment deployment = server.deployment();
        if (deployment == null) {
            error(ctx, requestId, keepAlive, HttpResponseStatus.SERVICE_UNAVAILABLE,
                    "Endpoint " + server.endpointName() + " has no model deployed yet");
            return;
        }
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                ctx.alloc().buffer(0));
        response.headers().set(INVOKED_VARIANT, deployment.variantHeader());
        send(ctx, response, requestId, keepAlive);
    }

    private void invoke(ChannelHandlerContext ctx, FullHttpRequest request, String requestId, boolean keepAlive) {
        long receivedAt = System.currentTimeMillis();
        // Read the model once: this request finishes on it even if a new variant is deployed meanwhile.
        Deployment deployment = server.deployment();
        if (deployment == null) {
            error(ctx, requestId, keepAlive, HttpResponseStatus.SERVICE_UNAVAILABLE,
                    "Endpoint " + server.endpointName() + " has no model deployed yet");
            return;
        }
        HttpHeaders headers = request.headers();
        String contentTypeHeader = headers.get(HttpHeaderNames.CONTENT_TYPE);
        String contentType = MediaTypes.requestType(contentTypeHeader);
        if (contentType == null) {
            error(ctx, requestId, keepAlive, HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE,
                    "Content-Type " + (contentTypeHeader == null ? "is missing" : "'" + contentTypeHeader
                            + "' is not supported") + "; send text/csv or application/json");
            return;
        }
        String acceptHeader = headers.get(HttpHeaderNames.ACCEPT);
        String accept = MediaTypes.responseType(acceptHeader, contentType);
        if (accept == null) {
            error(ctx, requestId, keepAlive, HttpResponseStatus.NOT_ACCEPTABLE,
                    "Accept '" + acceptHeader + "' cannot be produced; accept text/csv or application/json");
            return;
        }
        ByteBuf body = request.content();
        if (!body.isReadable()) {
            error(ctx, requestId, keepAlive, HttpResponseStatus.BAD_REQUEST,
                    "The request body is empty; send at least one row of " + deployment.predictor().inputColumns()
                            + " features");
            return;
        }
        RowPredictor predictor = deployment.predictor();
        if (row.length != predictor.inputColumns()) {
            row = new double[predictor.inputColumns()];
        }
        boolean json = accept == MediaTypes.JSON;
        ByteBuf out = ctx.alloc().buffer(json ? 64 : 32);
        try {
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
                LOG.debug("Request {} on {}: {} rows scored by variant {}", requestId, server.endpointName(), rows,
                        deployment.variantName());
            }
        } catch (ValidationException e) {
            out.release();
            error(ctx, requestId, keepAlive, HttpResponseStatus.BAD_REQUEST,
                    "Invalid request to endpoint " + server.endpointName() + ": " + e.getMessage());
            return;
        } catch (RuntimeException e) {
            out.release();
            throw e;
        }
        InvocationListener listener = server.listener();
        if (listener != null) {
            listener.onInvocation(deployment.variantName(), headers.get(INFERENCE_ID), contentType, ByteBufUtil.getBytes(body),
                    accept, ByteBufUtil.getBytes(out), receivedAt);
        }
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, out);
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, json ? APPLICATION_JSON : TEXT_CSV)
                .set(INVOKED_VARIANT, deployment.variantHeader());
        send(ctx, response, requestId, keepAlive);
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
            throw new ValidationException("body", abbreviate(body), "valid JSON (" + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw new ValidationException("body", abbreviate(body), "readable JSON (" + e.getMessage() + ")");
        }
        JsonNode rows;
        boolean single = false;
        if (root != null && root.isObject() && root.has("instances")) {
            rows = root.get("instances");
        } else if (root != null && root.isObject() && root.has("features")) {
            rows = root.get("features");
            single = true;
        } else if (root != null && root.isArray()) {
            rows = root;
            single = !root.isEmpty() && !root.get(0).isArray() && !root.get(0).isObject();
        } else {
            throw new ValidationException("body", abbreviate(body),
                    "{\"instances\": [[...], ...]}, {\"features\": [...]} or an array of rows");
        }
        if (!rows.isArray() || rows.isEmpty()) {
            throw new ValidationException("body", abbreviate(body), "a non-empty array of rows");
        }
        if (single) {
            fillRow(rows, 1, predictor, variant);
            writePrediction(out, predict(predictor, 1), json, 1);
            return 1;
        }
        int rowNumber = 0;
        for (JsonNode instance : rows) {
            rowNumber++;
            JsonNode values = instance.isObject() ? instance.get("features") : instance;
            if (values == null || !values.isArray()) {
                throw new ValidationException("row " + rowNumber, instance, "an array of numbers or {\"features\": [...]}");
            }
            fillRow(values, rowNumber, predictor, variant);
            writePrediction(out, predict(predictor, rowNumber), json, rowNumber);
        }
        return rowNumber;
    }

    private void fillRow(JsonNode values, int rowNumber, RowPredictor predictor, String variant) {
        int columns = predictor.inputColumns();
        if (!values.isArray()) {
            throw new ValidationException("row " + rowNumber, values, "an array of numbers");
        }
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
            throw new ValidationException("row " + rowNumber + ": " + e.field(), e.context().get("value"), e.rule());
        }
    }

    private static ValidationException wrongColumnCount(int rowNumber, int found, int expected, String variant) {
        return new ValidationException("row " + rowNumber, found + " columns",
                expected + " columns, as the model of variant " + variant + " expects");
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

    private void methodNotAllowed(ChannelHandlerContext ctx, String requestId, boolean keepAlive, HttpMethod method,
            String path, AsciiString allow) {
        FullHttpResponse response = textResponse(ctx, HttpResponseStatus.METHOD_NOT_ALLOWED,
                method + " is not allowed on " + path + "; use " + allow);
        response.headers().set(HttpHeaderNames.ALLOW, allow);
        send(ctx, response, requestId, keepAlive);
    }

    private void error(ChannelHandlerContext ctx, String requestId, boolean keepAlive, HttpResponseStatus status,
            String message) {
        send(ctx, textResponse(ctx, status, message), requestId, keepAlive);
    }

    private static FullHttpResponse textResponse(ChannelHandlerContext ctx, HttpResponseStatus status, String message) {
        ByteBuf body = ByteBufUtil.writeUtf8(ctx.alloc(), message + "\n");
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, TEXT_PLAIN);
        return response;
    }

    private void send(ChannelHandlerContext ctx, FullHttpResponse response, String requestId, boolean keepAlive) {
        HttpHeaders headers = response.headers();
        headers.set(REQUEST_ID, requestId);
        headers.setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
        // Read closing again: close() may have started while this request was being scored.
        keepAlive = keepAlive && !server.closing();
        if (!keepAlive) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        ctx.writeAndFlush(response)
                .addListener(server.requestFinishedListener())
                .addListener(keepAlive ? ChannelFutureListener.CLOSE_ON_FAILURE : ChannelFutureListener.CLOSE);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("Connection {} to endpoint {} failed; closing it", ctx.channel().remoteAddress(),
                server.endpointName(), cause);
        ctx.close();
    }
}
