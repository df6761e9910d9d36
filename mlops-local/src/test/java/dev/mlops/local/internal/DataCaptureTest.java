package dev.mlops.local.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.exception.MlopsClientException;
import dev.mlops.local.internal.serving.EndpointServer;
import dev.mlops.local.internal.serving.RowPredictor;
import dev.mlops.monitor.capture.CaptureData;
import dev.mlops.monitor.capture.CaptureFiles;
import dev.mlops.monitor.capture.CaptureRecord;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataCaptureTest {
    /** score = x1 + 2*x2. */
    static final class Sum implements RowPredictor {
        @Override
        public int inputColumns() {
            return 2;
        }

        @Override
        public double predict(double[] row) {
            return row[0] + 2 * row[1];
        }
    }

    @TempDir
    Path home;
    private final MutableClock clock = new MutableClock(Instant.parse("2024-03-05T07:41:12Z"));
    private LocalContext ctx;
    private DataCapture capture;
    private EndpointServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void setUp() {
        ctx = new LocalContext(home, "tester", Duration.ofMillis(50), Duration.ofSeconds(3), Map.of(), clock);
        capture = new DataCapture(ctx);
        server = EndpointServer.builder("proj-staging").start();
        server.deploy("AllTraffic", new Sum(), new double[] {1, 1});
    }

    @AfterEach
    void tearDown() {
        server.close();
        capture.close();
        ctx.close();
    }

    private String post(String contentType, String body, String inferenceId) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.uri().resolve("/invocations"))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body));
        if (inferenceId != null) {
            b.header("X-Amzn-SageMaker-Inference-Id", inferenceId);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.body();
    }

    private List<CaptureRecord> captured() {
        capture.roll("proj-staging");
        return CaptureFiles.in(capture.root("proj").resolve("proj-staging")).readAll();
    }

    @Test
    void capturesCsvAndJsonInSageMakersLayoutWithInferenceIds() throws Exception {
        server.listener(capture.configure("proj", "proj-staging", Map.of("EnableDataCapture", "true",
                "SamplingPercentage", "100")));
        String csvAnswer = post("text/csv", "1,2", "order-17");
        post("application/json", "{\"instances\":[[3,4]]}", null);

        List<CaptureRecord> records = captured();
        assertThat(records).hasSize(2);
        CaptureRecord csv = records.get(0);
        assertThat(csv.inferenceId()).isEqualTo("order-17");
        assertThat(csv.input().encoding()).isEqualTo(CaptureData.Encoding.CSV);
        assertThat(csv.input().data()).isEqualTo("1,2");
        assertThat(csv.output().data()).isEqualTo(csvAnswer);
        assertThat(csv.inferenceTime()).isEqualTo(Instant.parse("2024-03-05T07:41:12Z"));
        CaptureRecord json = records.get(1);
        assertThat(json.inferenceId()).as("no client id, so none recorded, as SageMaker does").isNull();
        assertThat(json.input().encoding()).isEqualTo(CaptureData.Encoding.JSON);
        assertThat(json.output().data()).contains("11.0");
        assertThat(json.eventId()).isNotEqualTo(csv.eventId());

        try (Stream<Path> files = Files.walk(capture.root("proj"))) {
            List<String> names = files.filter(Files::isRegularFile).map(p -> capture.root("proj").relativize(p).toString())
                    .toList();
            assertThat(names).singleElement().asString()
                    .matches("proj-staging/AllTraffic/2024/03/05/07/41-12-000-[0-9a-f-]{36}\\.jsonl");
        }
    }

    @Test
    void samplingPercentageDecidesPerInferenceId() throws Exception {
        server.listener(capture.configure("proj", "proj-staging", Map.of("EnableDataCapture", "true",
                "SamplingPercentage", "30")));
        for (int i = 0; i < 300; i++) {
            post("text/csv", "1,1", "id-" + i);
        }
        List<CaptureRecord> records = captured();
        assertThat(records.size()).isBetween(60, 120);
        // the same id gets the same decision, so a retried inference is captured again or never
        String kept = records.get(0).inferenceId();
        post("text/csv", "1,1", kept);
        assertThat(captured()).hasSize(records.size() + 1);
    }

    @Test
    void captureOffWritesNothingAndRedeployCompletesTheOpenFile() throws Exception {
        server.listener(capture.configure("proj", "proj-staging", Map.of("EnableDataCapture", "true")));
        post("text/csv", "1,1", "a");
        post("text/csv", "2,2", "b");
        // redeploy with capture off: the open file is completed (visible without a roll), nothing more is written
        server.listener(capture.configure("proj", "proj-staging", Map.of("EnableDataCapture", "false")));
        post("text/csv", "3,3", "c");
        List<CaptureRecord> records = CaptureFiles.in(capture.root("proj")).readAll();
        assertThat(records).extracting(CaptureRecord::inferenceId).containsExactly("a", "b");
    }

    @Test
    void rejectsInvalidCaptureSettingsNamingTheEndpoint() {
        assertThatThrownBy(() -> capture.configure("proj", "proj-prod", Map.of("EnableDataCapture", "maybe")))
                .isInstanceOf(MlopsClientException.class).hasMessageContaining("EnableDataCapture")
                .hasMessageContaining("proj-prod");
        assertThatThrownBy(() -> capture.configure("proj", "proj-prod", Map.of("EnableDataCapture", "true",
                "SamplingPercentage", "120")))
                .isInstanceOf(MlopsClientException.class).hasMessageContaining("0 to 100");
    }
}
