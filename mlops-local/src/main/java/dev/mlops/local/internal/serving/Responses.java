package dev.mlops.local.internal.serving;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;

/**
 * Plain-text responses. Their messages are written for the client: what was wrong and what to do, never a Java
 * class name or a stack trace (those go to the server's DEBUG log).
 */
final class Responses {
    static final AsciiString TEXT_PLAIN = AsciiString.cached("text/plain; charset=utf-8");
    /** Seconds a client should wait before retrying a 503 caused by load (the in-flight body bound, a full queue). */
    static final AsciiString RETRY_AFTER_SECONDS = AsciiString.cached("1");

    private Responses() {
    }

    /**
     * A {@code text/plain} response with the message and a trailing newline; no {@code Content-Length} or
     * {@code Connection} header yet.
     */
    static FullHttpResponse text(ByteBufAllocator alloc, HttpResponseStatus status, String message) {
        ByteBuf body = ByteBufUtil.writeUtf8(alloc, message + "\n");
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, TEXT_PLAIN);
        return response;
    }

    /**
     * A complete {@code text/plain} response after which the server closes the connection: request id,
     * {@code Content-Length} and {@code Connection: close} set.
     */
    static FullHttpResponse closing(ByteBufAllocator alloc, HttpResponseStatus status, String message, String requestId) {
        FullHttpResponse response = text(alloc, status, message);
        response.headers()
                .set(InvocationHandler.REQUEST_ID, requestId)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes())
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        if (status == HttpResponseStatus.SERVICE_UNAVAILABLE) {
            response.headers().set(HttpHeaderNames.RETRY_AFTER, RETRY_AFTER_SECONDS);
        }
        return response;
    }
}
