package dev.mlops.aws.cfn.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.container.MonitorContainer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Processing job that the Scheduler mode's schedule starts speaks the monitor container's contract: the rendered
 * {@code CreateProcessingJob} request (its {@code Fn::Sub} text filled in with stack parameter values) is taken as
 * it is, its S3 inputs are copied into a temporary {@code /opt/ml} at their {@code LocalPath} (an {@code S3Prefix}
 * input keeps each object's key after the prefix's last {@code /}, so one object lands under its own name
 * [INFERRED from the Processing documentation]), and {@link MonitorContainer#run} runs over it with the request's
 * environment and must write its report to the output's {@code LocalPath}.
 */
class MonitorContainerContractTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SUB = Pattern.compile("\\$\\{([A-Za-z0-9:]+)}");
    private static final String BUCKET = "sagemaker-project-p-abc";
    private static final String ENDPOINT = "abalone-staging";

    @TempDir
    Path dir;

    /** A fake S3: {@code s3://bucket/key} is {@code dir/s3/bucket/key}. */
    private Path s3(String uri) {
        assertThat(uri).startsWith("s3://");
        return dir.resolve("s3").resolve(uri.substring("s3://".length()));
    }

    private void put(String uri, String text) throws IOException {
        Path p = s3(uri);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text, StandardCharsets.UTF_8);
    }

    private static List<String[]> abalone() throws IOException {
        try (InputStream in = MonitorContainerContractTest.class.getResourceAsStream("/dev/mlops/seed/data/abalone.csv")) {
            List<String[]> rows = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    rows.add(line.strip().split(","));
                }
            }
            return rows.subList(0, 400);
        }
    }

    private static String features(String[] row) {
        return String.join(",", java.util.Arrays.copyOf(row, 8));
    }

    /** The stack parameters of an environment's monitor stack, as the monitor build exports them. */
    private Map<String, String> parameters() {
        Map<String, String> p = new HashMap<>(MonitorStackRenderer.QUALITY_SETTINGS);
        p.put(MonitorStackRenderer.ENDPOINT, ENDPOINT);
        p.put(MonitorStackRenderer.CAPTURE, "s3://" + BUCKET + "/datacapture");
        p.put(MonitorStackRenderer.GROUND_TRUTH, "s3://" + BUCKET + "/groundtruth");
        p.put(MonitorStackRenderer.OUTPUTS, "s3://" + BUCKET + "/monitoring/reports");
        p.put(MonitorStackRenderer.ROLE, "arn:aws:iam::123456789012:role/Execution");
        p.put(MonitorStackRenderer.ANALYZER_IMAGE, "123456789012.dkr.ecr.us-east-1.amazonaws.com/mlops-sdk:t");
        p.put(MonitorStackRenderer.CLARIFY_IMAGE, "123456789012.dkr.ecr.us-east-1.amazonaws.com/mlops-sdk:t");
        p.put("JobNamePrefix", "mm-0123456789ab");
        p.put("DataQualityStatisticsS3Uri", "s3://" + BUCKET + "/baselines/dq/statistics.json");
        p.put("DataQualityConstraintsS3Uri", "s3://" + BUCKET + "/baselines/dq/constraints.json");
        p.put("ModelQualityConstraintsS3Uri", "s3://" + BUCKET + "/baselines/mq/constraints.json");
        p.put(Names.PROJECT_NAME, "abalone");
        p.put(Names.PROJECT_ID, "p-abc");
        return p;
    }

    /** The rendered request with the stack's parameters and the Scheduler's context filled in. */
    private JsonNode request(MonitorKind kind) throws IOException {
        String text = ScheduledProcessingRenderer.input(kind)
                .replace("<aws.scheduler.execution-id>", "0e5cc2d1-8a4b-4c8e-9d6f-3a1b2c4d5e6f")
                .replace("<aws.scheduler.scheduled-time>", "2026-12-01T16:00:00Z");
        Map<String, String> values = parameters();
        Matcher m = SUB.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            assertThat(values).as("a parameter the request names").containsKey(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(values.get(m.group(1))));
        }
        m.appendTail(out);
        return JSON.readTree(out.toString());
    }

    /** Copies each S3 input into {@code root} at its local path, as Processing does before the container starts. */
    private void mount(JsonNode request, Path root) throws IOException {
        for (JsonNode input : request.get("ProcessingInputs")) {
            JsonNode s3 = input.get("S3Input");
            assertThat(s3.get("S3DataType").asText()).isEqualTo("S3Prefix");
            String uri = s3.get("S3Uri").asText();
            Path prefix = s3(uri);
            Path base = prefix.getParent();   // keys keep what follows the prefix's last '/'
            Path local = root.resolve(s3.get("LocalPath").asText().replaceFirst("^/opt/ml/", ""));
            Files.createDirectories(local);
            try (Stream<Path> all = Files.walk(base)) {
                for (Path f : all.filter(Files::isRegularFile).toList()) {
                    if (f.toString().startsWith(prefix.toString())) {
                        Path target = local.resolve(base.relativize(f).toString());
                        Files.createDirectories(target.getParent());
                        Files.copy(f, target);
                    }
                }
            }
        }
    }

    private static Map<String, String> environment(JsonNode request) {
        Map<String, String> env = new LinkedHashMap<>();
        request.get("Environment").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
        return env;
    }

    /** Runs the container over a job's own root and returns the report folder it uploads. */
    private Path run(JsonNode request, String name) throws IOException {
        Path root = dir.resolve(name);
        mount(request, root);
        int code = MonitorContainer.run(environment(request), root);
        Path message = root.resolve("output/message");
        assertThat(code).as(Files.exists(message) ? Files.readString(message) : "no message").isZero();
        JsonNode output = request.at("/ProcessingOutputConfig/Outputs/0/S3Output");
        return root.resolve(output.get("LocalPath").asText().replaceFirst("^/opt/ml/", ""));
    }

    /** A baselining job of the container itself, its outputs put where the stack's baseline parameters point. */
    private void baseline(Map<String, String> env, String dataset, String folder) throws IOException {
        Path root = dir.resolve("baseline-" + folder);
        Files.createDirectories(root.resolve("processing/input/baseline_dataset_input"));
        Files.writeString(root.resolve("processing/input/baseline_dataset_input/data.csv"), dataset);
        Map<String, String> e = new HashMap<>(env);
        e.put("dataset_source", "/opt/ml/processing/input/baseline_dataset_input");
        e.put("output_path", "/opt/ml/processing/output");
        assertThat(MonitorContainer.run(e, root)).isZero();
        try (Stream<Path> files = Files.list(root.resolve("processing/output"))) {
            for (Path f : files.toList()) {
                put("s3://" + BUCKET + "/baselines/" + folder + "/" + f.getFileName(), Files.readString(f));
            }
        }
    }

    private static String capture(String input, String output, String eventId, Instant time) {
        return "{\"captureData\":{\"endpointInput\":{\"observedContentType\":\"text/csv\",\"mode\":\"INPUT\",\"data\":\""
                + input + "\",\"encoding\":\"CSV\"},\"endpointOutput\":{\"observedContentType\":\"text/csv; charset=utf-8\","
                + "\"mode\":\"OUTPUT\",\"data\":\"" + output + "\",\"encoding\":\"CSV\"}},\"eventMetadata\":{\"eventId\":\""
                + eventId + "\",\"inferenceTime\":\"" + time + "\"},\"eventVersion\":\"0\"}";
    }

    /** Captures of one hour under the capture prefix, and their labels under the ground-truth prefix. */
    private void traffic(List<String[]> rows) throws IOException {
        Instant t = Instant.parse("2026-12-01T15:10:00Z");
        StringBuilder captures = new StringBuilder();
        StringBuilder labels = new StringBuilder();
        for (int i = 0; i < rows.size(); i++) {
            String[] r = rows.get(i);
            double prediction = Double.parseDouble(r[8]) + (i % 3 - 1) * 0.5;
            captures.append(capture(features(r), Double.toString(prediction), "e-" + i, t.plusSeconds(i))).append('\n');
            labels.append("{\"groundTruthData\":{\"data\":\"").append(r[8]).append("\",\"encoding\":\"CSV\"},")
                    .append("\"eventMetadata\":{\"eventId\":\"e-").append(i).append("\"},\"eventVersion\":\"0\"}\n");
        }
        put("s3://" + BUCKET + "/datacapture/" + ENDPOINT + "/AllTraffic/2026/12/01/15/10-00-000-a1b2.jsonl",
                captures.toString());
        put("s3://" + BUCKET + "/groundtruth/2026/12/01/16/labels.jsonl", labels.toString());
    }

    @Test
    void theScheduledDataQualityJob_runsTheContainer_andWritesItsReport() throws Exception {
        List<String[]> rows = abalone();
        StringBuilder csv = new StringBuilder();
        rows.forEach(r -> csv.append(features(r)).append('\n'));
        baseline(Map.of("analysis_type", "DATA_QUALITY", "dataset_format", "{\"csv\":{\"header\":false}}"),
                csv.toString(), "dq");
        traffic(rows);

        JsonNode request = request(MonitorKind.DATA_QUALITY);
        Path report = run(request, "dq");

        assertThat(report.resolve("statistics.json")).exists();
        assertThat(report.resolve("constraint_violations.json")).exists();
        assertThat(JSON.readTree(report.resolve("statistics.json").toFile()).at("/dataset/item_count").asLong())
                .isEqualTo(rows.size());
    }

    @Test
    void theScheduledModelQualityJob_runsTheContainer_andWritesItsReport() throws Exception {
        List<String[]> rows = abalone();
        StringBuilder csv = new StringBuilder("prediction,label\n");
        for (String[] r : rows) {
            csv.append(Double.parseDouble(r[8]) + 0.25).append(',').append(r[8]).append('\n');
        }
        baseline(Map.of("analysis_type", "MODEL_QUALITY", "dataset_format", "{\"csv\":{\"header\":true}}",
                "problem_type", "Regression", "inference_attribute", "prediction", "ground_truth_attribute", "label"),
                csv.toString(), "mq");
        traffic(rows);

        JsonNode request = request(MonitorKind.MODEL_QUALITY);
        Path report = run(request, "mq");

        JsonNode stats = JSON.readTree(report.resolve("statistics.json").toFile());
        assertThat(stats.at("/regression_metrics/mae/value").asDouble()).isBetween(0.3, 0.4);   // |±0.5| on 2 in 3
        assertThat(report.resolve("constraint_violations.json")).exists();
    }
}
