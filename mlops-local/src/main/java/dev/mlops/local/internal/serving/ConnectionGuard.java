package dev.mlops.local.internal.serving;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first handler of every connection, ahead of the HTTP codec: enforces the server's idle, read and body
 * timeouts and closes connections without losing the last response. One instance per connection, used on the
 * connection's event loop only.
 *
 * <p>A connection is in one of four states:
 * <ul>
 *   <li><b>idle</b>: between requests (and before the first). Nothing received for the idle timeout: closed
 *       quietly, as any keep-alive server does.</li>
 *   <li><b>receiving</b>: from the first byte of a request until its body is complete. Nothing received for
 *       the read timeout, or the request still incomplete when the body timeout has passed since its first
 *       byte: answered {@code 408 Request Timeout} and closed, which frees the body held so far.</li>
 *   <li><b>processing</b>: the request is complete and being scored or answered; no timeout (a slow model is
 *       not the client's fault). When the response is written the connection is idle again, so a client that
 *       does not read its response is closed at the idle timeout.</li>
 *   <li><b>closing</b>: a response with {@code Connection: close} was sent after a refused, malformed or
 *       timed-out request. The output is shut down once it is flushed, and whatever the client still sends
 *       (e.g. the rest of a refused body) is read and dropped for up to {@link #LINGER_NANOS}, so that the
 *       client reads the response instead of a connection reset.</li>
 * </ul>
 *
 * <p>Deadlines are checked by one scheduled task per connection every quarter of the shortest timeout (not
 * per request), so a timeout fires up to a quarter late; reads only record the time.
 */
final class ConnectionGuard extends ChannelInboundHandlerAdapter implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionGuard.class);

    /** How long a closing connection keeps reading and dropping input before it is closed: 2 seconds. */
    static final long LINGER_NANOS = TimeUnit.SECONDS.toNanos(2);

    private static final int IDLE = 0;
    private static final int RECEIVING = 1;
    private static final int PROCESSING = 2;
    private static final int CLOSING = 3;

    private final EndpointServer server;
    private ChannelHandlerContext ctx;
    private int state = IDLE;
    private long lastReadNanos;
    private long requestStartNanos;
    private long idleSinceNanos;
    private long closeByNanos;
    private ScheduledFuture<?> check;

    ConnectionGuard(EndpointServer server) {
        this.server = server;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        idleSinceNanos = System.nanoTime();
        schedule(server.timeoutCheckNanos());
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (state == CLOSING) {
            ReferenceCountUtil.release(msg); // the rest of a refused request: read so the client sees our answer
            return;
        }
        long now = System.nanoTime();
        lastReadNanos = now;
        if (state == IDLE) {
            state = RECEIVING;
            requestStartNanos = now;
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancel();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancel();
    }

    /** A request's head was decoded: its body, if any, is now subject to the read and body timeouts. */
    void requestStarted() {
        if (state == IDLE) {
            state = RECEIVING;
            requestStartNanos = lastReadNanos;
        }
    }

    /** A request is complete: no timeout while it is being scored and answered. */
    void requestReceived() {
        if (state != CLOSING) {
            state = PROCESSING;
        }
    }

    /** A response was written: the connection is idle until the next request's first byte. */
    void responseSent() {
        if (state != CLOSING) {
            state = IDLE;
            idleSinceNanos = System.nanoTime();
        }
    }

    /**
     * Closes the connection once {@code lastWrite} (a response with {@code Connection: close}) is flushed:
     * shuts down the output, drops further input for up to {@link #LINGER_NANOS}, then closes.
     */
    void closeAfter(ChannelFuture lastWrite) {
        if (state == CLOSING) {
            return;
        }
        state = CLOSING;
        closeByNanos = System.nanoTime() + LINGER_NANOS;
        Channel channel = ctx.channel();
        channel.config().setAutoRead(true); // keep reading (and dropping) what the client still sends
        lastWrite.addListener(f -> {
            if (f.isSuccess() && channel instanceof DuplexChannel duplex && channel.isActive()) {
                duplex.shutdownOutput(); // FIN after the response; the client's close then ends the connection
            } else {
                channel.close();
            }
        });
        cancel();
        schedule(LINGER_NANOS);
    }

    @Override
    public void run() {
        check = null;
        Channel channel = ctx.channel();
        if (!channel.isOpen()) {
            return;
        }
        long now = System.nanoTime();
        switch (state) {
            case IDLE -> {
                if (now - idleSinceNanos >= server.idleTimeoutNanos()) {
                    LOG.debug("Endpoint {}: closing connection {}, idle for {} ms", server.endpointName(),
                            channel.remoteAddress(), TimeUnit.NANOSECONDS.toMillis(now - idleSinceNanos));
                    channel.close();
                    return;
                }
            }
            case RECEIVING -> {
                if (now - lastReadNanos >= server.readTimeoutNanos()) {
                    timeOut("nothing was received for " + seconds(server.readTimeoutNanos()));
                } else if (now - requestStartNanos >= server.bodyTimeoutNanos()) {
                    timeOut("the request was not complete within " + seconds(server.bodyTimeoutNanos())
                            + " of its first byte");
                }
                if (state == CLOSING) {
                    return; // closeAfter scheduled the final check
                }
            }
            case CLOSING -> {
                if (now - closeByNanos >= 0) {
                    channel.close();
                    return;
                }
                schedule(closeByNanos - now);
                return;
            }
            default -> {
                // processing: no deadline
            }
        }
        schedule(server.timeoutCheckNanos());
    }

    private void timeOut(String why) {
        LOG.debug("Endpoint {}: request timeout on connection {}: {}", server.endpointName(),
                ctx.channel().remoteAddress(), why);
        // Written from the tail of the pipeline, through the HTTP encoder (this handler is ahead of the codec).
        ChannelFuture written = ctx.channel().writeAndFlush(Responses.closing(ctx.alloc(),
                HttpResponseStatus.REQUEST_TIMEOUT, "Request timeout on endpoint " + server.endpointName() + ": "
                        + why + "; the connection is closed", server.nextRequestId()));
        closeAfter(written);
    }

    private static String seconds(long nanos) {
        long millis = TimeUnit.NANOSECONDS.toMillis(nanos);
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }

    private void schedule(long delayNanos) {
        check = ctx.executor().schedule(this, delayNanos, TimeUnit.NANOSECONDS);
    }

    private void cancel() {
        ScheduledFuture<?> c = check;
        if (c != null) {
            check = null;
            c.cancel(false);
        }
    }
}
