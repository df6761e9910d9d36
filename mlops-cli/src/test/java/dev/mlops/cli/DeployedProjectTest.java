package dev.mlops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands that need a deployed project: invoke (stdin, file, refusals), logs (printed, followed), serve. */
class DeployedProjectTest {
    private static final String ROWS = "M,0.455,0.365,0.095,0.514,0.2245,0.101,0.15\nF,0.53,0.42,0.135,0.677,0.2565,0.1415,0.21\n";

    @TempDir
    static Path home;

    static Cli cli;

    @BeforeAll
    static void quickstart() {
        cli = new Cli(home);
        Cli.Run r = cli.run("--json", "quickstart", "-p", "abalone");
        assertThat(r.code()).as(r.toString()).isZero();
        JsonNode summary = r.json();
        assertThat(summary.path("modelVersion").asInt()).isEqualTo(1);
        assertThat(summary.path("predictions")).hasSize(10);
        assertThat(summary.path("phases").size()).isGreaterThanOrEqualTo(5);
        assertThat(summary.path("totalMillis").asLong()).isPositive();
    }

    private static void assertPredictions(String text, int n) {
        String[] lines = text.strip().split("\n");
        assertThat(lines).hasSize(n);
        for (String l : lines) {
            assertThat(Double.parseDouble(l)).isBetween(1.0, 30.0);
        }
    }

    @Test
    void invoke_readsTheBodyFromStandardInput() {
        Cli.Run r = cli.runWithInput(ROWS, false, "endpoints", "invoke", "prod", "-p", "abalone");
        assertThat(r.code()).as(r.toString()).isZero();
        assertPredictions(r.out(), 2);
    }

    @Test
    void invoke_readsTheBodyFromAFile_andAnswersJson() throws Exception {
        Path rows = Files.writeString(home.resolve("rows.csv"), ROWS);
        Cli.Run r = cli.run("--json", "endpoints", "invoke", "staging", "-p", "abalone", "--file", rows.toString());
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.json().path("endpoint").asText()).isEqualTo("abalone-staging");
        assertThat(r.json().path("contentType").asText()).isEqualTo("text/csv");
        assertPredictions(r.json().path("response").asText(), 2);
    }

    @Test
    void invoke_refusals() {
        Cli.Run bad = cli.run("--json", "endpoints", "invoke", "prod", "-p", "abalone", "--data", "not,a,row");
        assertThat(bad.code()).as(bad.toString()).isEqualTo(ExitCodes.CLIENT);
        assertThat(bad.json().path("error").path("message").asText()).isNotBlank();
        Cli.Run none = cli.runWithInput("", false, "endpoints", "invoke", "prod", "-p", "abalone");
        assertThat(none.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(none.err()).contains("no body");
        Cli.Run both = cli.run("endpoints", "invoke", "--data", "x", "--file", "y");
        assertThat(both.code()).isEqualTo(ExitCodes.USAGE);
        Cli.Run noEnv = cli.run("endpoints", "invoke", "qa", "-p", "abalone", "--data", ROWS);
        assertThat(noEnv.code()).as(noEnv.toString()).isEqualTo(ExitCodes.NOT_FOUND);
    }

    @Test
    void decisionsThatCannotBeMade_areClientOrNotFoundErrors() {
        Cli.Run again = cli.run("--json", "models", "approve", "1", "-p", "abalone");
        assertThat(again.code()).as(again.toString()).isEqualTo(ExitCodes.CLIENT);
        assertThat(again.json().path("error").path("exception").asText()).isEqualTo("IllegalStateTransitionException");
        Cli.Run noGate = cli.run("--json", "gates", "approve", "--pending", "--pipeline", "deploy", "-p", "abalone");
        assertThat(noGate.code()).as(noGate.toString()).isEqualTo(ExitCodes.NOT_FOUND);
        Cli.Run noVersion = cli.run("models", "reject", "99", "-p", "abalone");
        assertThat(noVersion.code()).isEqualTo(ExitCodes.NOT_FOUND);
    }

    @Test
    void logs_ofAStage_andOfEveryStageAsJson() {
        Cli.Run stage = cli.run("pipelines", "logs", "build", "-p", "abalone", "--stage", "Build");
        assertThat(stage.code()).as(stage.toString()).isZero();
        assertThat(stage.out()).isNotBlank();

        Cli.Run all = cli.run("--json", "pipelines", "logs", "build", "-p", "abalone");
        assertThat(all.code()).isZero();
        JsonNode doc = all.json();
        assertThat(doc.path("pipeline").asText()).isEqualTo("modelbuild");
        assertThat(doc.path("stages")).extracting(s -> s.path("name").asText()).containsExactly("Source", "Build");
        assertThat(stage.out()).startsWith(doc.path("stages").get(1).path("log").asText().strip());
        assertThat(doc.path("stages").get(1).path("log").asText()).isNotBlank();

        Cli.Run unknown = cli.run("pipelines", "logs", "build", "-p", "abalone", "--stage", "Nope");
        assertThat(unknown.code()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(unknown.err()).contains("Source").contains("Build");
    }

    @Test
    void logsFollow_streamsANewRunUntilItEnds() {
        Cli.Run started = cli.run("--json", "pipelines", "start", "build", "-p", "abalone");
        assertThat(started.code()).as(started.toString()).isZero();
        String id = started.json().path("id").asText();
        Cli.Run followed = cli.run("--json", "pipelines", "logs", "build", "-p", "abalone", "--execution", id, "--follow",
                "--timeout", "5m");
        assertThat(followed.code()).as(followed.toString()).isZero();
        JsonNode doc = followed.json();
        assertThat(doc.path("execution").asText()).isEqualTo(id);
        assertThat(doc.path("status").asText()).isEqualTo("Succeeded");
        assertThat(doc.path("stages").get(1).path("log").asText()).isNotBlank();

        Cli.Run text = cli.run("pipelines", "logs", "build", "-p", "abalone", "--execution", id, "--follow");
        assertThat(text.code()).isZero();
        assertThat(text.out()).contains("==> Source <==").contains("==> Build <==");
    }

    @Test
    void serve_answersOnLoopbackUntilInterrupted() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        AtomicInteger code = new AtomicInteger(-1);
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        Thread serving = new Thread(() -> code.set(Mlops.execute(CliContext.of(java.io.InputStream.nullInputStream(), o, e,
                false), "--json", "endpoints", "serve", "prod", "-p", "abalone", "--port", "0", "--home", home.toString())));
        serving.start();
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (!out.toString(StandardCharsets.UTF_8).contains("\"url\"") && serving.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        JsonNode doc = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
        URI url = URI.create(doc.path("url").asText());
        assertThat(url.getHost()).isEqualTo("127.0.0.1");
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(url.resolve("/invocations"))
                .header("Content-Type", "text/csv").POST(HttpRequest.BodyPublishers.ofString(ROWS)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertPredictions(answer.body(), 2);
        assertThat(http.send(HttpRequest.newBuilder(url.resolve("/ping")).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode()).isEqualTo(200);
        HttpResponse<String> refused = http.send(HttpRequest.newBuilder(url.resolve("/invocations"))
                .header("Content-Type", "text/csv").POST(HttpRequest.BodyPublishers.ofString("not,a,row")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(400);

        serving.interrupt();
        serving.join(60_000);
        assertThat(serving.isAlive()).isFalse();
        assertThat(code.get()).as(err.toString(StandardCharsets.UTF_8)).isZero();
        try (java.net.ServerSocket again = new java.net.ServerSocket(url.getPort(), 1, java.net.InetAddress.getLoopbackAddress())) {
            assertThat(again.isBound()).isTrue();
        }
    }
}
