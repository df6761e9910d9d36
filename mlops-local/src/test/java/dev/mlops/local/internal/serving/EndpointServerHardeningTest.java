package dev.mlops.local.internal.serving;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.local.internal.serving.EndpointServerTest.Weighted;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The endpoint server under slow, stalled, oversized and malformed clients (issue 7, item 8), over raw
 * loopback sockets so that every byte and every stall is the test's. Each test bounds its own waits (socket
 * read timeouts, bounded loops) and ends by itself.
 */
class EndpointServerHardeningTest {
    private static final int SOCKET_TIMEOUT_MS = 5_000;
    /** A qualified Java type name ({@code java.lang.IllegalStateException}) or a bare exception class name. */
    private static final Pattern JAVA_CLASS = Pattern.compile(
            "\\b(?:[a-z][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_$]*|\\b[A-Z][A-Za-z0-9]*(?:Exception|Error)\\b");

    private EndpointServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private EndpointServer start(EndpointServer.Builder builder) {
        server = builder.start();
        server.deploy("AllTraffic", new Weighted(), new double[] {1, 1, 1});
        return server;
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket("127.0.0.1", server.port());
        socket.setSoTimeout(SOCKET_TIMEOUT_MS);
        return socket;
    }

    private static void send(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static String post(String body) {
        return "POST /invocations HTTP/1.1\r\nHost: x\r\nContent-Type: text/csv\r\nContent-Length: " + body.length()
                + "\r\n\r\n" + body;
    }

    private static String postJson(String body) {
        return "POST /invocations HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
                + body.length() + "\r\n\r\n" + body;
    }

    private static String status(String response) {
        return response.substring(0, response.indexOf("\r\n"));
    }

    private static String header(String response, String name) {
        for (String line : response.substring(0, response.indexOf("\r\n\r\n")).split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }

    /** Whether the server has closed the connection: EOF (or a reset) within the socket's read timeout. */
    private static boolean closedByServer(Socket socket) throws IOException {
        try {
            return socket.getInputStream().read() < 0;
        } catch (SocketTimeoutException e) {
            return false; // still open
        } catch (IOException e) {
            return true; // reset
        }
    }

    // ---- 1. timeouts ----

    @Test
    void closesAConnectionThatSendsNothingForTheIdleTimeout() throws Exception {
        start(EndpointServer.builder("proj-staging").idleTimeout(Duration.ofMillis(500)));
        try (Socket silent = connect()) {
            long started = System.nanoTime();
            assertThat(closedByServer(silent)).as("a connection that never sends is closed").isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(400),
                    Duration.ofMillis(4_000));
        }
        try (Socket keepAlive = connect()) {
            send(keepAlive, post("1,2,3"));
            assertThat(EndpointServerTest.readResponse(keepAlive.getInputStream())).startsWith("HTTP/1.1 200");
            assertThat(closedByServer(keepAlive)).as("a keep-alive connection idle after its answer is closed").isTrue();
        }
    }

    @Test
    void answers408AndClosesWhenARequestStopsArrivingForTheReadTimeout() throws Exception {
        start(EndpointServer.builder("proj-staging").readTimeout(Duration.ofMillis(500)));
        try (Socket stalledBody = connect()) {
            send(stalledBody, "POST /invocations HTTP/1.1\r\nHost: x\r\nContent-Type: text/csv\r\nContent-Length: 100"
                    + "\r\n\r\n1,2,");
            String response = EndpointServerTest.readResponse(stalledBody.getInputStream());
            assertThat(status(response)).isEqualTo("HTTP/1.1 408 Request Timeout");
            assertThat(header(response, "Connection")).isEqualToIgnoringCase("close");
            assertThat(response).contains("nothing was received for 500 ms");
            assertThat(closedByServer(stalledBody)).isTrue();
        }
        try (Socket stalledHead = connect()) {
            send(stalledHead, "POST /invocations HTTP/1.1\r\nHost: x\r\n");
            assertThat(status(EndpointServerTest.readResponse(stalledHead.getInputStream())))
                    .isEqualTo("HTTP/1.1 408 Request Timeout");
            assertThat(closedByServer(stalledHead)).isTrue();
        }
        assertThat(server.bodyBytesInFlight()).isZero();
    }

    @Test
    void answers408AndClosesWhenABodyTricklesPastTheBodyTimeout() throws Exception {
        start(EndpointServer.builder("proj-staging").readTimeout(Duration.ofSeconds(10)).bodyTimeout(Duration.ofSeconds(1)));
        try (Socket trickle = connect()) {
            long started = System.nanoTime();
            send(trickle, "POST /invocations HTTP/1.1\r\nHost: x\r\nContent-Type: text/csv\r\nContent-Length: 1000\r\n\r\n");
            InputStream in = trickle.getInputStream();
            // One byte every 100 ms: never silent for the read timeout, never done. At most 5 s of it.
            for (int i = 0; i < 50 && in.available() == 0; i++) {
                try {
                    send(trickle, "1");
                } catch (IOException e) {
                    break; // the server closed after answering
                }
                Thread.sleep(100);
            }
            String response = EndpointServerTest.readResponse(in);
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertThat(status(response)).isEqualTo("HTTP/1.1 408 Request Timeout");
            assertThat(response).contains("not complete within 1 s");
            assertThat(millis).as("answered at the body timeout, not when the client gives up").isBetween(900L, 4_000L);
            assertThat(closedByServer(trickle)).isTrue();
        }
    }

    // ---- 1. the bound on bodies in flight ----

    @Test
    void stalledUploadsCannotHoldMoreThanTheInFlightBoundAndTheRestAre503WithRetryAfter() throws Exception {
        int mib = 1024 * 1024;
        start(EndpointServer.builder("proj-staging").maxPayloadBytes(2 * mib).maxInFlightBodyBytes(3 * mib + mib / 2));
        String part = "1,2,3\n".repeat(256 * 1024 / 6); // ~256 KB of a 1.5 MB body, then nothing more
        List<Socket> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                Socket s = connect();
                stalled.add(s);
                send(s, "POST /invocations HTTP/1.1\r\nHost: x\r\nContent-Type: text/csv\r\nContent-Length: "
                        + (3 * mib / 2) + "\r\n\r\n" + part);
                Thread.sleep(100);
            }
            List<String> answers = new ArrayList<>();
            for (Socket s : stalled) {
                s.setSoTimeout(1_500);
                try {
                    answers.add(EndpointServerTest.readResponse(s.getInputStream()));
                } catch (SocketTimeoutException e) {
                    answers.add("still uploading");
                }
            }
            // Two 1.5 MB bodies fit under the 3.5 MB bound; the other two are refused before their bodies are read.
            assertThat(answers).filteredOn(a -> a.equals("still uploading")).hasSize(2);
            List<String> refused = answers.stream().filter(a -> a.startsWith("HTTP/")).toList();
            assertThat(refused).hasSize(2).allSatisfy(a -> {
                assertThat(status(a)).isEqualTo("HTTP/1.1 503 Service Unavailable");
                assertThat(header(a, "Retry-After")).isEqualTo("1");
                assertThat(header(a, "Connection")).isEqualToIgnoringCase("close");
                assertThat(a).contains("request bodies in flight");
            });
            assertThat(server.bodyBytesInFlight()).isEqualTo(3L * mib);

            // Everyone else is still served: pings, and requests that fit in what is left...
            try (Socket other = connect()) {
                send(other, "GET /ping HTTP/1.1\r\nHost: x\r\n\r\n");
                assertThat(status(EndpointServerTest.readResponse(other.getInputStream()))).isEqualTo("HTTP/1.1 200 OK");
                send(other, post("1,2,3"));
                assertThat(EndpointServerTest.readResponse(other.getInputStream())).startsWith("HTTP/1.1 200").endsWith("14.0\n");
            }
            // ...while a 1 MB request that does not fit is told to retry, not failed by running out of memory,
            String mega = "1,2,3\n".repeat(mib / 6);
            try (Socket big = connect()) {
                send(big, post(mega));
                String response = EndpointServerTest.readResponse(big.getInputStream());
                assertThat(status(response)).isEqualTo("HTTP/1.1 503 Service Unavailable");
                assertThat(header(response, "Retry-After")).isEqualTo("1");
            }
            // and one above the per-request maximum is 413 from its Content-Length, before its body is sent.
            try (Socket huge = connect()) {
                send(huge, "POST /invocations HTTP/1.1\r\nHost: x\r\nContent-Type: text/csv\r\nContent-Length: "
                        + (3 * mib) + "\r\n\r\n");
                assertThat(status(EndpointServerTest.readResponse(huge.getInputStream())))
                        .isEqualTo("HTTP/1.1 413 Request Entity Too Large");
            }
        } finally {
            for (Socket s : stalled) {
                s.close();
            }
        }
        // Once the stalled uploads are gone, their share is free again and the retry succeeds.
        String answer = "";
        for (int attempt = 0; attempt < 40 && !answer.startsWith("HTTP/1.1 200"); attempt++) {
            if (attempt > 0) {
                Thread.sleep(50);
            }
            try (Socket retry = connect()) {
                send(retry, post("1,2,3\n".repeat(mib / 6)));
                answer = EndpointServerTest.readResponse(retry.getInputStream());
            }
        }
        assertThat(status(answer)).isEqualTo("HTTP/1.1 200 OK");
        assertThat(server.bodyBytesInFlight()).isZero();
    }

    // ---- 2. malformed requests ----

    @Test
    void closesTheConnectionAfterAMalformedRequest() throws Exception {
        start(EndpointServer.builder("proj-staging"));
        // A valid request line, then a header the codec rejects: the codec reads nothing more on this
        // connection, so it must not be kept alive. And a request line that is not HTTP at all.
        for (String malformed : List.of("POST /invocations HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n",
                "GET /ping HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n", "BAD REQUEST LINE\r\n\r\n")) {
            try (Socket socket = connect()) {
                send(socket, malformed);
                String response = EndpointServerTest.readResponse(socket.getInputStream());
                assertThat(status(response)).as(malformed).isEqualTo("HTTP/1.1 400 Bad Request");
                assertThat(header(response, "Connection")).as(malformed).isEqualToIgnoringCase("close");
                assertThat(response).contains("Malformed HTTP request");
                try {
                    send(socket, "GET /ping HTTP/1.1\r\nHost: x\r\n\r\n");
                } catch (IOException e) {
                    // already closed: as it should be
                }
                assertThat(closedByServer(socket)).as("closed, not left open and deaf: " + malformed).isTrue();
            }
        }
        try (Socket socket = connect()) {
            send(socket, "GET /ping HTTP/1.1\r\nHost: x\r\nX-Long: " + "a".repeat(10_000) + "\r\n\r\n");
            String response = EndpointServerTest.readResponse(socket.getInputStream());
            assertThat(status(response)).isEqualTo("HTTP/1.1 431 Request Header Fields Too Large");
            assertThat(closedByServer(socket)).isTrue();
        }
    }

    // ---- 3. error bodies ----

    @Test
    void errorBodiesAreShortMessagesThatNameNoJavaClass() throws Exception {
        server = EndpointServer.builder("proj-staging").start();
        server.deploy("AllTraffic", new RowPredictor() {
            @Override
            public int inputColumns() {
                return 3;
            }

            @Override
            public double predict(double[] row) {
                if (row[0] == 13) {
                    throw new IllegalStateException("internal model state at " + this);
                }
                if (row[0] == 14) {
                    throw new NullPointerException();
                }
                return row[0];
            }
        }, new double[] {1, 1, 1});
        List<String> bodies = new ArrayList<>();
        try (Socket socket = connect()) {
            for (String request : List.of(post("13,0,0"), post("14,0,0"),
                    post("1,2,3\n1,x,3"),
                    postJson("{\"instances\":[1,2"), postJson("{\"instances\":[[1,2,@]]}\n"))) {
                send(socket, request);
                String response = EndpointServerTest.readResponse(socket.getInputStream());
                assertThat(status(response)).isIn("HTTP/1.1 500 Internal Server Error", "HTTP/1.1 400 Bad Request");
                bodies.add(response.substring(response.indexOf("\r\n\r\n") + 4));
            }
        }
        try (Socket socket = connect()) {
            send(socket, "BAD REQUEST LINE\r\n\r\n");
            String response = EndpointServerTest.readResponse(socket.getInputStream());
            bodies.add(response.substring(response.indexOf("\r\n\r\n") + 4));
        }
        assertThat(bodies).allSatisfy(body -> assertThat(body).doesNotContainPattern(JAVA_CLASS)
                .doesNotContain("Source").hasSizeLessThan(300));
        assertThat(bodies.get(0)).contains("Inference failed on endpoint proj-staging").contains("request id");
        assertThat(bodies.get(2)).contains("row 2, column 2").contains("\"x\"");
        assertThat(bodies.get(3)).contains("valid JSON").contains("line 1");
        assertThat(bodies.get(4)).contains("valid JSON").contains("Unexpected character");
    }

    // ---- 4. HTTP/1.0 ----

    @Test
    void echoesHttp10KeepAliveAndClosesPlainHttp10() throws Exception {
        start(EndpointServer.builder("proj-staging"));
        try (Socket socket = connect()) {
            for (int i = 1; i <= 2; i++) {
                send(socket, "POST /invocations HTTP/1.0\r\nConnection: keep-alive\r\nContent-Type: text/csv\r\n"
                        + "Content-Length: 5\r\n\r\n" + i + ",0,0");
                String response = EndpointServerTest.readResponse(socket.getInputStream());
                assertThat(status(response)).endsWith("200 OK");
                assertThat(header(response, "Connection")).as("keep-alive echoed to the 1.0 client").isEqualToIgnoringCase("keep-alive");
                assertThat(response).endsWith(i + ".0\n");
            }
        }
        try (Socket socket = connect()) {
            send(socket, "GET /ping HTTP/1.0\r\n\r\n");
            String response = EndpointServerTest.readResponse(socket.getInputStream());
            assertThat(status(response)).endsWith("200 OK");
            assertThat(header(response, "Connection")).isEqualToIgnoringCase("close");
            assertThat(closedByServer(socket)).isTrue();
        }
    }

    // ---- 5. scoring off the event loops ----

    /** Costs about as much per row as a real tree ensemble: ~2,000 dependent floating-point steps. */
    static final class Costly implements RowPredictor {
        @Override
        public int inputColumns() {
            return 8;
        }

        @Override
        public double predict(double[] row) {
            double x = row[0];
            for (int i = 0; i < 2_000; i++) {
                x = x * 0.999_999 + row[i & 7] * 1e-9;
            }
            return x;
        }
    }

    /**
     * Four clients keep 5 MB CSV bodies in flight (each takes the costly model a few hundred milliseconds to
     * score) while a fifth pings. The bound, p95 under 100 ms, is generous on purpose: on 2 shared cores with
     * both scoring workers busy, a woken event loop still waits for the kernel to give it a core (a few ms, tens
     * under other builds' load), while scoring on the event loops made a ping wait for the body scored ahead of
     * it, which by construction takes far longer than 100 ms.
     */
    @Test
    void pingStaysFastWhileLargeBodiesAreScored() throws Exception {
        server = EndpointServer.builder("proj-prod").eventLoopThreads(2).workerThreads(2).start();
        server.deploy("AllTraffic", new Costly(), new double[8]);
        String line = "1.25,2.5,3.75,4.125,5.5,6.25,7.75,8.5\n";
        String body = line.repeat(5 * 1024 * 1024 / line.length());
        byte[] upload = post(body).getBytes(StandardCharsets.US_ASCII);

        int uploaders = 4;
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger answered = new AtomicInteger();
        List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        CountDownLatch uploading = new CountDownLatch(uploaders);
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < uploaders; c++) {
            Thread t = new Thread(() -> {
                byte[] skip = new byte[64 * 1024];
                try (Socket socket = new Socket("127.0.0.1", server.port())) {
                    socket.setSoTimeout(30_000);
                    for (int i = 0; i < 50 && !stop.get(); i++) {
                        socket.getOutputStream().write(upload);
                        socket.getOutputStream().flush();
                        uploading.countDown();
                        String status = skipResponse(socket.getInputStream(), skip);
                        if (!status.startsWith("HTTP/1.1 200")) {
                            failures.add(status);
                        }
                        answered.incrementAndGet();
                    }
                } catch (IOException e) {
                    failures.add(e.toString());
                    uploading.countDown();
                }
            }, "uploader-" + c);
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
        long[] millis = new long[60];
        try {
            assertThat(uploading.await(20, TimeUnit.SECONDS)).isTrue();
            Thread.sleep(300); // the first bodies are being scored now
            try (Socket pinger = connect()) {
                for (int i = 0; i < 5; i++) { // warm-up, not measured
                    send(pinger, "GET /ping HTTP/1.1\r\nHost: x\r\n\r\n");
                    EndpointServerTest.readResponse(pinger.getInputStream());
                }
                for (int i = 0; i < millis.length; i++) {
                    long started = System.nanoTime();
                    send(pinger, "GET /ping HTTP/1.1\r\nHost: x\r\n\r\n");
                    assertThat(EndpointServerTest.readResponse(pinger.getInputStream())).startsWith("HTTP/1.1 200");
                    millis[i] = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
                    Thread.sleep(25);
                }
            }
        } finally {
            stop.set(true);
            for (Thread t : threads) {
                t.join(30_000);
            }
        }
        long[] sorted = millis.clone();
        Arrays.sort(sorted);
        long p95 = sorted[(int) Math.ceil(0.95 * sorted.length) - 1];
        assertThat(failures).isEmpty();
        assertThat(answered.get()).as("large bodies were scored meanwhile").isGreaterThanOrEqualTo(uploaders);
        assertThat(p95).as("ping p95 in ms, all: %s", Arrays.toString(millis)).isLessThan(100);
    }

    /** Reads a response, dropping its body into {@code buffer}: the uploaders make no garbage for the GC. */
    private static String skipResponse(InputStream in, byte[] buffer) throws IOException {
        StringBuilder head = new StringBuilder();
        while (head.length() < 4 || head.charAt(head.length() - 1) != '\n' || head.charAt(head.length() - 3) != '\n') {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed after: " + head);
            }
            head.append((char) b);
        }
        String response = head.toString();
        long remaining = Long.parseLong(header(response, "Content-Length"));
        while (remaining > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
            if (n < 0) {
                throw new IOException("connection closed in a response body");
            }
            remaining -= n;
        }
        return status(response);
    }

    @Test
    void answersPipelinedRequestsInOrderWhenTheyAreScoredOnTheWorkers() throws Exception {
        start(EndpointServer.builder("proj-staging").inlineBodyBytes(0)); // every invocation on the worker pool
        try (Socket socket = connect()) {
            send(socket, post("1,0,0") + "GET /ping HTTP/1.1\r\nHost: x\r\n\r\n" + post("2,0,0") + post("3,0,0"));
            InputStream in = socket.getInputStream();
            assertThat(EndpointServerTest.readResponse(in)).startsWith("HTTP/1.1 200").endsWith("\r\n1.0\n");
            String ping = EndpointServerTest.readResponse(in);
            assertThat(ping).startsWith("HTTP/1.1 200");
            assertThat(header(ping, "Content-Length")).isEqualTo("0");
            assertThat(EndpointServerTest.readResponse(in)).endsWith("\r\n2.0\n");
            assertThat(EndpointServerTest.readResponse(in)).endsWith("\r\n3.0\n");
        }
        try (Socket socket = connect()) {
            // A refusal decided while the request ahead is on a worker is still written after its answer.
            send(socket, post("4,0,0") + "POST /invocations HTTP/1.1\r\nHost: x\r\nContent-Type: text/csv\r\n"
                    + "Content-Length: 999999999\r\n\r\n");
            InputStream in = socket.getInputStream();
            assertThat(EndpointServerTest.readResponse(in)).startsWith("HTTP/1.1 200").endsWith("\r\n4.0\n");
            assertThat(status(EndpointServerTest.readResponse(in))).isEqualTo("HTTP/1.1 413 Request Entity Too Large");
            assertThat(closedByServer(socket)).isTrue();
        }
        assertThat(server.bodyBytesInFlight()).isZero();
    }

    @Test
    void answersAChunkedBodyAndRefusesOneAboveTheLimit() throws Exception {
        start(EndpointServer.builder("proj-staging").maxPayloadBytes(1024));
        try (Socket socket = connect()) {
            send(socket, "POST /invocations HTTP/1.1\r\nHost: x\r\nContent-Type: text/csv\r\nTransfer-Encoding: chunked"
                    + "\r\n\r\n4\r\n1,2,\r\n2\r\n3\n\r\n6\r\n0,0,1\n\r\n0\r\n\r\n");
            assertThat(EndpointServerTest.readResponse(socket.getInputStream())).startsWith("HTTP/1.1 200")
                    .endsWith("\r\n14.0\n3.0\n");
            String chunk = "1,2,3\n".repeat(100);
            StringBuilder tooLarge = new StringBuilder("POST /invocations HTTP/1.1\r\nHost: x\r\nContent-Type: text/csv\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n");
            for (int i = 0; i < 3; i++) {
                tooLarge.append(Integer.toHexString(chunk.length())).append("\r\n").append(chunk).append("\r\n");
            }
            send(socket, tooLarge.append("0\r\n\r\n").toString());
            String response = EndpointServerTest.readResponse(socket.getInputStream());
            assertThat(status(response)).isEqualTo("HTTP/1.1 413 Request Entity Too Large");
            assertThat(response.toLowerCase(Locale.ROOT)).contains("1024-byte payload limit");
            assertThat(closedByServer(socket)).isTrue();
        }
        assertThat(server.bodyBytesInFlight()).isZero();
    }
}
