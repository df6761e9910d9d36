package dev.mlops.local.internal.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.exception.MlopsBackendException;
import dev.mlops.exception.ValidationException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EndpointServerTest {
    /** score = 1*x1 + 2*x2 + 3*x3, so each answer can be checked by hand. */
    static final class Weighted implements RowPredictor {
        @Override
        public int inputColumns() {
            return 3;
        }

        @Override
        public double predict(double[] row) {
            if (row[0] < 0) {
                throw new ValidationException("x1", row[0], "0 or more");
            }
            return row[0] + 2 * row[1] + 3 * row[2];
        }
    }

    record Captured(String variant, String inferenceId, String contentType, String request, String accept,
            String response) {
    }

    private final List<Captured> captured = new CopyOnWriteArrayList<>();
    private EndpointServer server;
    private final HttpClient client = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        server = EndpointServer.builder("proj-staging")
                .maxPayloadBytes(1024)
                .listener((variant, id, ct, req, accept, resp, ms) -> captured.add(new Captured(variant, id, ct,
                        new String(req, StandardCharsets.UTF_8), accept, new String(resp, StandardCharsets.UTF_8))))
                .start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> post(String contentType, String accept, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.uri().resolve("/invocations"))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (accept != null) {
            request.header("Accept", accept);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(server.uri().resolve(path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void bindsLoopbackOnAnEphemeralPortAndPingsOnlyOnceAModelIsDeployed() throws Exception {
        assertThat(server.host()).isEqualTo("127.0.0.1");
        assertThat(server.port()).isPositive();
        assertThat(get("/ping").statusCode()).isEqualTo(503);
        assertThat(post("text/csv", null, "1,2,3").statusCode()).isEqualTo(503);

        server.deploy("AllTraffic", new Weighted(), new double[] {1, 1, 1});
        HttpResponse<String> ping = get("/ping");
        assertThat(ping.statusCode()).isEqualTo(200);
        assertThat(ping.headers().firstValue("X-Amzn-Invoked-Production-Variant")).contains("AllTraffic");
        assertThat(server.currentVariant()).contains("AllTraffic");
    }

    @Test
    void scoresCsvRowsOnePredictionPerLineWithRequestIdAndVariantHeaders() throws Exception {
        server.deploy("AllTraffic", new Weighted(), new double[] {1, 1, 1});
        HttpResponse<String> one = post("text/csv", null, "1,2,3");
        assertThat(one.statusCode()).isEqualTo(200);
        assertThat(one.body()).isEqualTo("14.0\n");
        assertThat(one.headers().firstValue("Content-Type")).contains("text/csv");
        assertThat(one.headers().firstValue("X-Amzn-Invoked-Production-Variant")).contains("AllTraffic");
        String firstId = one.headers().firstValue("x-amzn-RequestId").orElseThrow();

        HttpResponse<String> many = post("text/csv; charset=utf-8", "text/csv", "1,0,0\r\n0.5, 1e1 ,-0\n\n2.25,0,1\n");
        assertThat(many.body()).isEqualTo("1.0\n20.5\n5.25\n");
        assertThat(many.headers().firstValue("x-amzn-RequestId").orElseThrow()).isNotEqualTo(firstId);
    }

    @Test
    void acceptsTheJsonShapesAndAnswersPredictionsWithScores() throws Exception {
        server.deploy("AllTraffic", new Weighted(), new double[] {1, 1, 1});
        String expected = "{\"predictions\":[{\"score\":14.0},{\"score\":6.0}]}";
        assertThat(post("application/json", null, "{\"instances\":[[1,2,3],[1,1,1]]}").body()).isEqualTo(expected);
        assertThat(post("application/json", null, "{\"instances\":[{\"features\":[1,2,3]},{\"features\":[1,1,1]}]}")
                .body()).isEqualTo(expected);
        assertThat(post("application/json", null, "[[1,2,3],[1,1,1]]").body()).isEqualTo(expected);
        assertThat(post("application/json", null, "{\"features\":[1,2,3]}").body())
                .isEqualTo("{\"predictions\":[{\"score\":14.0}]}");
        assertThat(post("application/json", null, "[1,2,3]").body()).isEqualTo("{\"predictions\":[{\"score\":14.0}]}");
        // Accept crosses formats both ways.
        assertThat(post("application/json", "text/csv", "[[1,2,3],[1,1,1]]").body()).isEqualTo("14.0\n6.0\n");
        HttpResponse<String> csvToJson = post("text/csv", "application/json", "1,2,3\n1,1,1");
        assertThat(csvToJson.body()).isEqualTo(expected);
        assertThat(csvToJson.headers().firstValue("Content-Type")).contains("application/json");
    }

    @Test
    void rejectsBadRowsNamingRowAndColumn() throws Exception {
        server.deploy("AllTraffic", new Weighted(), new double[] {1, 1, 1});
        HttpResponse<String> columns = post("text/csv", null, "1,2,3\n1,2");
        assertThat(columns.statusCode()).isEqualTo(400);
        assertThat(columns.body()).contains("row 2").contains("2 columns").contains("3 columns");

        HttpResponse<String> notNumber = post("text/csv", null, "1,2,3\n4,5,6\n7,abc,9");
        assertThat(notNumber.statusCode()).isEqualTo(400);
        assertThat(notNumber.body()).contains("row 3, column 2").contains("\"abc\"");

        HttpResponse<String> jsonString = post("application/json", null, "{\"instances\":[[1,2,3],[1,\"x\",3]]}");
        assertThat(jsonString.statusCode()).isEqualTo(400);
        assertThat(jsonString.body()).contains("row 2, column 2");

        HttpResponse<String> badJson = post("application/json", null, "{\"instances\":[1,2");
        assertThat(badJson.statusCode()).isEqualTo(400);
        assertThat(badJson.body()).contains("valid JSON");

        HttpResponse<String> modelRule = post("text/csv", null, "1,1,1\n-1,0,0");
        assertThat(modelRule.statusCode()).isEqualTo(400);
        assertThat(modelRule.body()).contains("row 2").contains("x1").contains("0 or more");

        assertThat(post("text/csv", null, "").statusCode()).isEqualTo(400);
        assertThat(captured).isEmpty(); // failures are not captured
    }

    @Test
    void answersStatusCodesForContentTypeAcceptPathMethodAndSize() throws Exception {
        server.deploy("AllTraffic", new Weighted(), new double[] {1, 1, 1});
        HttpResponse<String> unsupported = post("application/x-protobuf", null, "1,2,3");
        assertThat(unsupported.statusCode()).isEqualTo(415);
        assertThat(unsupported.body()).contains("application/x-protobuf").contains("text/csv");
        assertThat(post(null, null, "1,2,3").statusCode()).isEqualTo(415);

        HttpResponse<String> notAcceptable = post("text/csv", "application/xml", "1,2,3");
        assertThat(notAcceptable.statusCode()).isEqualTo(406);
        assertThat(notAcceptable.body()).contains("application/xml");
        assertThat(post("text/csv", "application/xml, text/csv;q=0.5", "1,2,3").body()).isEqualTo("14.0\n");

        HttpResponse<String> notFound = get("/predict");
        assertThat(notFound.statusCode()).isEqualTo(404);
        assertThat(notFound.headers().firstValue("x-amzn-RequestId")).isPresent();

        HttpResponse<String> wrongMethod = get("/invocations");
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(wrongMethod.headers().firstValue("Allow")).contains("POST");
        HttpResponse<String> postPing = client.send(HttpRequest.newBuilder(server.uri().resolve("/ping"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(postPing.statusCode()).isEqualTo(405);

        HttpResponse<String> tooLarge = post("text/csv", null, "1,2,3\n".repeat(200)); // 1200 bytes > 1024
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(tooLarge.body()).contains("1024-byte payload limit");
        assertThat(post("text/csv", null, "1,2,3\n".repeat(100)).statusCode()).isEqualTo(200); // 600 bytes
    }

    @Test
    void callsTheInvocationListenerWithRequestAndResponseAfterEachSuccess() throws Exception {
        server.deploy("AllTraffic", new Weighted(), new double[] {1, 1, 1});
        HttpResponse<String> response = post("text/csv", "application/json", "1,2,3");
        HttpRequest withId = HttpRequest.newBuilder(server.uri().resolve("/invocations"))
                .header("Content-Type", "text/csv").header("X-Amzn-SageMaker-Inference-Id", "client-42")
                .POST(HttpRequest.BodyPublishers.ofString("0,0,1")).build();
        client.send(withId, HttpResponse.BodyHandlers.ofString());

        assertThat(captured).hasSize(2);
        Captured first = captured.get(0);
        assertThat(first.variant()).isEqualTo("AllTraffic");
        assertThat(first.inferenceId()).as("no client inference id, so none in the capture").isNull();
        assertThat(first.contentType()).isEqualTo("text/csv");
        assertThat(first.request()).isEqualTo("1,2,3");
        assertThat(first.accept()).isEqualTo("application/json");
        assertThat(first.response()).isEqualTo(response.body());
        assertThat(captured.get(1).inferenceId()).isEqualTo("client-42");
        assertThat(captured.get(1).response()).isEqualTo("3.0\n");
    }

    @Test
    void keepsConnectionsAliveAcrossRequests() throws Exception {
        server.deploy("AllTraffic", new Weighted(), new double[] {1, 1, 1});
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            for (int i = 1; i <= 3; i++) {
                String body = i + ",0,0";
                out.write(("POST /invocations HTTP/1.1\r\nHost: x\r\nContent-Type: text/csv\r\nContent-Length: "
                        + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII));
                out.flush();
                String response = readResponse(in);
                assertThat(response).startsWith("HTTP/1.1 200").endsWith(i + ".0\n");
            }
        }
    }

    static String readResponse(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed after: " + head);
            }
            head.append((char) b);
        }
        int length = 0;
        for (String line : head.toString().split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        byte[] body = in.readNBytes(length);
        return head + new String(body, StandardCharsets.UTF_8);
    }

    @Test
    void rejectsAWarmUpFailureAndKeepsThePreviousModel() throws Exception {
        server.deploy("A", new Weighted(), new double[] {1, 1, 1});
        RowPredictor broken = new RowPredictor() {
            @Override
            public int inputColumns() {
                return 3;
            }

            @Override
            public double predict(double[] row) {
                return Double.NaN;
            }
        };
        assertThatThrownBy(() -> server.deploy("B", broken, new double[] {1, 1, 1}))
                .isInstanceOf(MlopsBackendException.class)
                .hasMessageContaining("B").hasMessageContaining("warm-up").hasMessageContaining("variant A keeps serving");
        assertThatThrownBy(() -> server.deploy("B", new Weighted(), new double[] {1, 1}))
                .isInstanceOf(ValidationException.class).hasMessageContaining("3 values");
        HttpResponse<String> response = post("text/csv", null, "1,2,3");
        assertThat(response.headers().firstValue("X-Amzn-Invoked-Production-Variant")).contains("A");
    }

    @Test
    void namesHostPortAndAnotherProcessWhenThePortIsTaken() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> EndpointServer.builder("proj-prod").port(port).start())
                    .isInstanceOf(MlopsBackendException.class)
                    .hasMessageContaining("127.0.0.1:" + port)
                    .hasMessageContaining("another process may hold the port")
                    .hasMessageContaining("proj-prod");
        }
    }

    @Test
    void closeReleasesThePortAndStopsAnswering() throws Exception {
        server.deploy("AllTraffic", new Weighted(), new double[] {1, 1, 1});
        int port = server.port();
        assertThat(post("text/csv", null, "1,2,3").statusCode()).isEqualTo(200);
        server.close();
        server.close(); // idempotent
        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(IOException.class);
        // The port is free again: a new server can take it.
        EndpointServer again = EndpointServer.builder("proj-staging").port(port).start();
        try {
            assertThat(again.port()).isEqualTo(port);
        } finally {
            again.close();
        }
        server = EndpointServer.builder("unused").start(); // for @AfterEach
        assertThat(URI.create("http://127.0.0.1:" + port)).isNotNull();
    }
}
