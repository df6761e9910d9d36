package dev.mlops.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.exception.MlopsClientException;
import dev.mlops.exception.ValidationException;
import dev.mlops.pipeline.ml.FeatureTransform;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The preprocessor container over a {@code /opt/ml/model} that the seed's real {@code Preprocess} step wrote, on
 * loopback: raw abalone rows in, the very features training read out.
 */
class PreprocessorServerTest {
    @TempDir
    static Path shared;
    static Path processing;
    static PreprocessorServer server;
    static List<String> rawRows;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    /** Runs Preprocess over SageMaker's processing layout, then copies its model output to {@code /opt/ml/model}. */
    @BeforeAll
    static void preprocessAndServe() throws Exception {
        Path jar = ProcessingStepMainTest.seedJar(shared.resolve("build"));
        processing = shared.resolve("processing");
        Files.createDirectories(processing.resolve("input/code"));
        Files.copy(jar, processing.resolve("input/code/model-build.jar"));
        Path raw = Files.createDirectories(processing.resolve("input/raw"));
        try (InputStream in = ProcessingStepMainTest.resource("dev/mlops/seed/data/abalone.csv")) {
            Files.copy(in, raw.resolve("abalone-dataset.csv"));
        }
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true);
        int rc = ProcessingStepMain.run(processing, List.of("pipelines.abalone.Preprocess"),
                Map.of(ProcessingStepMain.OUTPUTS_ENV, "train,validation,test,model"), quiet, new PrintStream(err, true));
        assertThat(rc).as(err.toString(StandardCharsets.UTF_8)).isZero();
        Path model = Files.createDirectories(shared.resolve("opt/ml/model"));
        Files.copy(processing.resolve("model").resolve(FeatureTransform.FILE_NAME), model.resolve(FeatureTransform.FILE_NAME));
        rawRows = Files.readAllLines(raw.resolve("abalone-dataset.csv")).stream().filter(l -> !l.isBlank())
                .map(l -> l.substring(0, l.lastIndexOf(','))).toList(); // without the label rings
        server = PreprocessorServer.start(model, new InetSocketAddress("127.0.0.1", 0), 64 * 1024);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static HttpResponse<String> post(String type, String body) throws Exception {
        return post(type, null, body);
    }

    private static HttpResponse<String> post(String type, String accept, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri("/invocations")).header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (accept != null) {
            b.header("Accept", accept);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.address().getPort() + path);
    }

    @Test
    void ping_is200_onceTheTransformIsLoaded() throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(uri("/ping")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(server.address().getAddress().isLoopbackAddress()).isTrue();
    }

    @Test
    void rawRowsIn_theExactFeaturesTrainingReadOut() throws Exception {
        // The first 1000 rows of the seed's data (the body limit here is 64 KiB).
        List<String> rows = rawRows.subList(0, 1000);
        HttpResponse<String> r = post("text/csv", String.join("\n", rows) + "\n");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("text/csv");
        List<String> served = r.body().lines().toList();
        assertThat(served).hasSize(rows.size());

        // The embedded endpoint's transform of the same rows (ModelPredictor goes through transformEncoded).
        FeatureTransform embedded = FeatureTransform.read(processing.resolve("model/preprocessor.json"));
        float[] out = new float[embedded.outputColumns().size()];
        for (int i = 0; i < rows.size(); i++) {
            String[] raw = rows.get(i).split(",", -1);
            double[] encoded = new double[raw.length];
            for (int c = 0; c < raw.length; c++) {
                encoded[c] = embedded.isCategorical(c) ? embedded.encodeCategory(c, raw[c]) : Double.parseDouble(raw[c]);
            }
            embedded.transformEncoded(encoded, out);
            assertThat(served.get(i)).as("row %d", i + 1).isEqualTo(join(out));
        }

        // And every served line is a line training read: the split files hold "rings,<features>", shuffled.
        List<String> trained = new ArrayList<>();
        for (String split : List.of("train/train.csv", "validation/validation.csv", "test/test.csv")) {
            try (Stream<String> lines = Files.lines(processing.resolve(split))) {
                lines.filter(l -> !l.isBlank()).map(l -> l.substring(l.indexOf(',') + 1)).forEach(trained::add);
            }
        }
        assertThat(trained).containsAll(served);
    }

    @Test
    void theEmbeddedEndpointsJsonShapes_areAccepted() throws Exception {
        String row = rawRows.get(0);
        String expected = post("text/csv", row).body();
        String values = Arrays.stream(row.split(",")).map(v -> v.matches("[A-Z]") ? "\"" + v + "\"" : v)
                .reduce((a, b) -> a + "," + b).orElseThrow();
        for (String body : List.of("{\"instances\":[[" + values + "]]}", "{\"instances\":[{\"features\":[" + values + "]}]}",
                "{\"features\":[" + values + "]}", "[[" + values + "]]", "[" + values + "]")) {
            HttpResponse<String> r = post("application/json; charset=utf-8", body);
            assertThat(r.statusCode()).as(body + " -> " + r.body()).isEqualTo(200);
            assertThat(r.body()).as(body).isEqualTo(expected);
        }
        // A JSON null is a missing value, as an empty CSV field: imputed with the median.
        String[] fields = row.split(",");
        fields[1] = "";
        String missing = String.join(",", fields);
        fields[0] = "\"" + fields[0] + "\"";
        fields[1] = "null";
        HttpResponse<String> r = post("application/json", "[" + String.join(",", fields) + "]");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(post("text/csv", missing).body()).isNotEqualTo(expected);
    }

    @Test
    void aBadRow_is400_namingTheRowAndTheColumn() throws Exception {
        HttpResponse<String> r = post("text/csv", rawRows.get(0) + "\n" + "M,0.35,abc,0.09,0.2255,0.0995,0.0485,0.07\n");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("row 2").contains("'diameter'").contains("abc");

        HttpResponse<String> width = post("text/csv", "M,0.35\n");
        assertThat(width.statusCode()).isEqualTo(400);
        assertThat(width.body()).contains("row 1").contains("exactly 8 values");

        HttpResponse<String> json = post("application/json", "{\"instances\":[[1,2,3,4,5,6,7,8],{\"x\":1}]}");
        assertThat(json.statusCode()).isEqualTo(400);
        assertThat(json.body()).contains("row 2");

        assertThat(post("application/json", "{not json").statusCode()).isEqualTo(400);
        assertThat(post("text/csv", "\n\n").statusCode()).isEqualTo(400);
        assertThat(post("text/csv", "\"M\",0.35,0.265,0.09,0.2255,0.0995,0.0485,0.07").statusCode()).isEqualTo(400);
    }

    @Test
    void wrongTypesMethodsAndPaths_are4xx() throws Exception {
        assertThat(post("application/x-recordio-protobuf", "x").statusCode()).isEqualTo(415);
        assertThat(post("text/csv", "application/json", rawRows.get(0)).statusCode()).isEqualTo(406);
        assertThat(post("text/csv", "text/csv, application/json;q=0.5", rawRows.get(0)).statusCode()).isEqualTo(200);
        assertThat(HTTP.send(HttpRequest.newBuilder(uri("/invocations")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(405);
        assertThat(HTTP.send(HttpRequest.newBuilder(uri("/other")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
    }

    @Test
    void anOversizeBody_is413_andTheServerServesOn() throws Exception {
        String big = String.join("\n", rawRows) + "\n"; // ~150 KB, above the 64 KiB limit of this server
        HttpResponse<String> r = post("text/csv", big);
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(r.body()).contains("limit of 65536 bytes");
        assertThat(post("text/csv", rawRows.get(0)).statusCode()).isEqualTo(200);
    }

    @Test
    void aModelDirectoryWithoutThePreprocessor_failsNamingTheFile(@TempDir Path empty) {
        assertThatThrownBy(() -> PreprocessorServer.start(empty, new InetSocketAddress("127.0.0.1", 0), 1024))
                .isInstanceOf(MlopsClientException.class).hasMessageContaining(FeatureTransform.FILE_NAME)
                .hasMessageContaining("'model' output");
    }

    @Test
    void theContract_portFromSageMakerBindToPort_elseEightyEighty_onEveryInterface() {
        assertThat(PreprocessorServer.port(Map.of())).isEqualTo(8080);
        assertThat(PreprocessorServer.port(Map.of(PreprocessorServer.PORT_VARIABLE, "9001"))).isEqualTo(9001);
        assertThatThrownBy(() -> PreprocessorServer.port(Map.of(PreprocessorServer.PORT_VARIABLE, "http")))
                .isInstanceOf(ValidationException.class).hasMessageContaining(PreprocessorServer.PORT_VARIABLE);
        assertThat(PreprocessorServer.CONTRACT_BIND_ADDRESS).isEqualTo("0.0.0.0");
    }

    @Test
    void theEntryPoint_dispatchesServe_andLeavesEverythingElseToTheMonitor() {
        assertThat(MonitorContainer.serves(new String[] {"serve"})).isTrue();
        assertThat(MonitorContainer.serves(new String[] {})).isFalse();
        assertThat(MonitorContainer.serves(new String[] {"train"})).isFalse();
    }

    @Test
    void fromContract_servesTheModelUnderTheRoot() throws Exception {
        Map<String, String> env = new HashMap<>();
        // Port 0 so the test takes a free one; loopback, where the image binds the contract's 0.0.0.0.
        env.put(PreprocessorServer.PORT_VARIABLE, "0");
        try (PreprocessorServer s = PreprocessorServer.fromContract(env, shared.resolve("opt/ml"), "127.0.0.1")) {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + s.address().getPort() + "/ping")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
        }
    }

    private static String join(float[] values) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            b.append(i > 0 ? "," : "").append(values[i]);
        }
        return b.toString();
    }
}
