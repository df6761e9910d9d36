package dev.mlops.local.internal.serving;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;

/**
 * A complete request as {@link RequestAggregator} hands it on, with the bytes it holds in the server's bound on
 * request bodies in flight. {@link #finish(EndpointServer)} releases both, once.
 */
final class InboundRequest extends DefaultFullHttpRequest {
    private long reservedBytes;

    InboundRequest(HttpRequest head, ByteBuf body, HttpHeaders trailingHeaders, long reservedBytes) {
        super(head.protocolVersion(), head.method(), head.uri(), body, head.headers(), trailingHeaders);
        this.reservedBytes = reservedBytes;
    }

    /** Releases the body and its share of the in-flight bound; idempotent, from the one thread handling the request. */
    void finish(EndpointServer server) {
        long reserved = reservedBytes;
        if (reserved >= 0) {
            reservedBytes = -1;
            server.bodies().release(reserved);
            if (refCnt() > 0) {
                release();
            }
        }
    }
}
