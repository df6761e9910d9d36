"""gunicorn settings for bench/endpoint.sh."""
import socket


def post_worker_init(worker):
    # Accepted sockets inherit TCP_NODELAY from the listener on Linux. Without it, gunicorn's separate
    # writes of headers and body wait on the client's delayed ACK (tens of milliseconds per request on
    # loopback), which would measure Nagle's algorithm rather than the serving stack.
    for listener in worker.sockets:
        sock = getattr(listener, "sock", listener)  # gevent workers hold the socket itself
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
