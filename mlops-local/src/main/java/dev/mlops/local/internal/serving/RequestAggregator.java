package dev.mlops.local.internal.serving;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Assembles each request's head and body into one {@link InboundRequest}, within the server's limits; one
 * instance per connection, on its event loop. In place of Netty's {@code HttpObjectAggregator}, because it
 * also:
 *
 * <ul>
 *   <li>charges every body against the server's {@linkplain EndpointServer.Builder#maxInFlightBodyBytes bound
 *       on bytes held by bodies in flight}: a request with a {@code Content-Length} reserves it when its head
 *       arrives, before any of its body is read, so a request that does not fit is answered
 *       {@code 503 Service Unavailable} with {@code Retry-After} at once; a chunked body reserves as it grows.
 *       The reservation is released when the request has been scored (or the connection closes);</li>
 *   <li>answers {@code 413} for a body above the per-request maximum, from its {@code Content-Length} before
 *       reading it, or as soon as a chunked body passes it;</li>
 *   <li>copies a body that arrives in pieces into one buffer of exactly its length (the network buffers are
 *       released as it goes, so the memory held is what was reserved), while a body that arrives whole (every
 *       small request) is handed on without a copy;</li>
 *   <li>answers a malformed request {@code 400} (or {@code 414}/{@code 431} for an over-long request line or
 *       header block) and closes the connection: the codec reads nothing more on it after a decoding failure.</li>
 * </ul>
 *
 * <p>Every refusal carries {@code Connection: close}; the connection is then closed by {@link ConnectionGuard}.
 * Refusals and {@code 100 Continue} are not written here but handed on as a {@link Reply}, so that
 * {@link InvocationHandler} writes them in request order, after the answers to earlier (pipelined) requests.
 */
final class RequestAggregator extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(RequestAggregator.class);
    private static final int FIRST_CHUNKED_CAPACITY = 64 * 1024;

    /** A response this handler decided on, for the next handler to write in order; {@code closes}: then close. */
    record Reply(FullHttpResponse response, boolean closes) {
    }

    private final EndpointServer server;
    private final ConnectionGuard guard;
    private HttpRequest head;
    private ByteBuf body;
    private long length;     // the Content-Length, or -1 for a chunked body
    private long received;
    private long reserved;   // bytes held in the server's in-flight bound for the request being assembled
    private boolean refused; // a closing response was sent; drop whatever the codec still produces

    RequestAggregator(EndpointServer server, ConnectionGuard guard) {
        this.server = server;
        this.guard = guard;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof HttpObject object)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            if (refused) {
                return;
            }
            DecoderResult result = object.decoderResult();
            if (result.isFailure()) {
                malformed(ctx, result.cause());
                return;
            }
            if (msg instanceof HttpRequest request && !start(ctx, request)) {
                return;
            }
            if (msg instanceof HttpContent content && head != null) {
                append(ctx, content);
            }
        } finally {
            ReferenceCountUtil.release(msg); // a body handed on whole was retained
        }
    }

    /** A request's head: checks size and the in-flight bound; false if the request was refused. */
    private boolean start(ChannelHandlerContext ctx, HttpRequest request) {
        HttpHeaders headers = request.headers();
        long contentLength = HttpUtil.getContentLength(request, -1L); // the codec has validated it
        boolean chunked = HttpUtil.isTransferEncodingChunked(request);
        int max = server.maxPayloadBytes();
        if (contentLength > max) {
            refuse(ctx, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, tooLarge(contentLength + "-byte request body"));
            return false;
        }
        long declared = chunked ? 0 : Math.max(contentLength, 0);
        if (declared > 0 && !server.bodies().tryReserve(declared)) {
            refuse(ctx, HttpResponseStatus.SERVICE_UNAVAILABLE, busy());
            return false;
        }
        reserved = declared;
        String expect = headers.get(HttpHeaderNames.EXPECT);
        if (expect != null) {
            if (!HttpHeaderValues.CONTINUE.contentEqualsIgnoreCase(expect.trim())) {
                refuse(ctx, HttpResponseStatus.EXPECTATION_FAILED, "Expect: " + expect + " is not supported; only"
                        + " Expect: 100-continue is");
                return false;
            }
            headers.remove(HttpHeaderNames.EXPECT);
            if (request.protocolVersion().compareTo(HttpVersion.HTTP_1_1) >= 0) {
                ctx.fireChannelRead(new Reply(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                        HttpResponseStatus.CONTINUE, Unpooled.EMPTY_BUFFER), false));
            }
        }
        head = request;
        length = chunked ? -1 : declared;
        received = 0;
        guard.requestStarted();
        return true;
    }

    private void append(ChannelHandlerContext ctx, HttpContent content) {
        ByteBuf data = content.content();
        int n = data.readableBytes();
        boolean last = content instanceof LastHttpContent;
        long total = received + n;
        if (total > server.maxPayloadBytes()) { // a chunked body; a Content-Length body was checked at its head
            refuse(ctx, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, tooLarge("chunked request body"));
            return;
        }
        if (n > 0 && total > reserved && !grow(ctx, total)) { // only a chunked body grows past its reservation
            return;
        }
        if (body == null && last) {
            body = data.retain(); // the whole body in one piece: hand it on as it is
        } else if (n > 0) {
            if (body == null) {
                body = ctx.alloc().buffer((int) reserved, server.maxPayloadBytes());
            } else if (body.capacity() < reserved) {
                body.capacity((int) reserved);
            }
            body.writeBytes(data);
        }
        received = total;
        if (last) {
            complete(ctx, (LastHttpContent) content);
        }
    }

    /** Reserves room for a chunked body of at least {@code total} bytes, doubling; false if refused. */
    private boolean grow(ChannelHandlerContext ctx, long total) {
        long target = Math.min(server.maxPayloadBytes(), Math.max(total, Math.max(FIRST_CHUNKED_CAPACITY, 2 * reserved)));
        if (!server.bodies().tryReserve(target - reserved)) {
            refuse(ctx, HttpResponseStatus.SERVICE_UNAVAILABLE, busy());
            return false;
        }
        reserved = target;
        return true;
    }

    private void complete(ChannelHandlerContext ctx, LastHttpContent last) {
        HttpRequest request = head;
        ByteBuf content = body == null ? Unpooled.EMPTY_BUFFER : body;
        if (length < 0) { // chunked: hand on as if it had a length
            request.headers().remove(HttpHeaderNames.TRANSFER_ENCODING)
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes());
        }
        InboundRequest full = new InboundRequest(request, content, last.trailingHeaders(), reserved);
        head = null;
        body = null;
        reserved = 0;
        received = 0;
        guard.requestReceived();
        ctx.fireChannelRead(full);
    }

    private String tooLarge(String what) {
        return "The " + what + " exceeds the " + server.maxPayloadBytes() + "-byte payload limit of endpoint "
                + server.endpointName() + "; split it into smaller requests";
    }

    private String busy() {
        return "Endpoint " + server.endpointName() + " is holding its limit of " + server.bodies().limit()
                + " bytes of request bodies in flight; retry shortly";
    }

    private void malformed(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("Endpoint {}: malformed request on connection {}", server.endpointName(), ctx.channel().remoteAddress(),
                cause);
        if (cause instanceof TooLongHttpLineException) {
            refuse(ctx, HttpResponseStatus.REQUEST_URI_TOO_LONG, "The request line is too long; the connection is closed");
        } else if (cause instanceof TooLongHttpHeaderException) {
            refuse(ctx, HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
                    "The request headers are too large; the connection is closed");
        } else {
            refuse(ctx, HttpResponseStatus.BAD_REQUEST, "Malformed HTTP request: it could not be parsed as HTTP/1.1;"
                    + " the connection is closed");
        }
    }

    /**
     * Drops the request being assembled and everything after it, and hands on an answer with
     * {@code Connection: close}; the connection is closed once it is flushed.
     */
    private void refuse(ChannelHandlerContext ctx, HttpResponseStatus status, String message) {
        releaseBody();
        refused = true;
        ctx.fireChannelRead(new Reply(Responses.closing(ctx.alloc(), status, message, server.nextRequestId()), true));
    }

    private void releaseBody() {
        head = null;
        if (body != null) {
            body.release();
            body = null;
        }
        server.bodies().release(reserved);
        reserved = 0;
        received = 0;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        releaseBody();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        releaseBody();
    }
}
