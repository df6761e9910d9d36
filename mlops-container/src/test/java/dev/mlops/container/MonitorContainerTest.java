package dev.mlops.container;

import static dev.mlops.container.ProcessingLayout.ENDPOINT;
import static dev.mlops.container.ProcessingLayout.SCHEDULE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.monitor.MonitorJob;
import dev.mlops.monitor.MonitorJobResult;
import dev.mlops.monitor.MonitoringType;
import dev.mlops.monitor.bias.BiasConfig;
import dev.mlops.monitor.bias.BiasDataset;
import dev.mlops.monitor.capture.CaptureFiles;
import dev.mlops.monitor.dataquality.DataQualityOptions;
import dev.mlops.monitor.quality.ModelQuality;
import dev.mlops.monitor.quality.PredictionRows;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The container's main over a directory laid out as SageMaker lays out {@code /opt/ml/processing/}, each output
 * compared byte for byte with the embedded monitor's ({@link MonitorJob} run on the same inputs, as the embedded
 * backend's LocalMonitors runs it), for the four monitoring types, baseline and monitoring jobs.
 */
class MonitorContainerTest {
    /** The scheduled hour: the window is the hour before it. */
    private static final Instant END = Instant.parse("2026-12-01T14:00:00Z");
    private static final Instant START = END.minus(Duration.ofHours(1));

    @TempDir
    Path tmp;
    private ProcessingLayout opt;
    private List<String[]> abalone;

    @BeforeEach
    void layout() {
        opt = new ProcessingLayout(tmp.resolve("opt-ml"));
        abalone = ProcessingLayout.abalone();
    }

    private Map<String, String> monitoringEnv(String datasetFormat) {
        Map<String, String> env = new HashMap<>();
        env.put("dataset_format", datasetFormat);
        env.put("dataset_source", "/opt/ml/processing/input/endpoint");
        env.put("output_path", "/opt/ml/processing/resultdata");
        env.put("publish_cloudwatch_metrics", "Enabled");
        env.put("sagemaker_endpoint_name", ENDPOINT);
        env.put("sagemaker_monitoring_schedule_name", SCHEDULE);
        env.put("start_time", START.toString());
        env.put("end_time", END.toString());
        return env;
    }

    private static final String CAPTURE_FORMAT =
            "{\"sagemakerCaptureJson\": {\"captureIndexNames\": [\"endpointInput\",\"endpointOutput\"]}}";

    /** 300 captured requests in the window (over two hourly folders' files), 20 before it, each with an id. */
    private void captureTraffic() throws IOException {
        List<String> inWindow1 = new ArrayList<>();
        List<String> inWindow2 = new ArrayList<>();
        List<String> before = new ArrayList<>();
        for (int i = 0; i < 320; i++) {
            String[] r = abalone.get(i * 7);
            String prediction = Double.toString(Double.parseDouble(r[8]) + ((i % 5) - 2) * 0.75);
            if (i < 20) {
                Instant t = START.minus(Duration.ofMinutes(30)).plusSeconds(i);
                before.add(ProcessingLayout.captureLine(ProcessingLayout.features(r), prediction, "e" + i, "id" + i, t));
            } else {
                Instant t = START.plusSeconds(10L * i);
                (i < 170 ? inWindow1 : inWindow2).add(ProcessingLayout.captureLine(ProcessingLayout.features(r),
                        prediction, "e" + i, "id" + i, t));
            }
        }
        opt.captureFile(START.minus(Duration.ofMinutes(30)), before);
        opt.captureFile(START.plusSeconds(200), inWindow1);
        opt.captureFile(START.plusSeconds(1700), inWindow2);
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < 320; i += 1) {
            if (i % 10 != 3) { // some inferences never get a label
                labels.add(ProcessingLayout.groundTruthLine(abalone.get(i * 7)[8], "id" + i));
            }
        }
        opt.groundTruthFile(END.plus(Duration.ofMinutes(5)), labels);
    }

    private CaptureFiles embeddedCaptures() {
        return CaptureFiles.in(opt.path("processing/input/endpoint/" + ENDPOINT)).between(START, END);
    }

    private void assertSameFiles(MonitorJobResult embedded, Path output) throws IOException {
        assertThat(embedded.fileNames()).isNotEmpty();
        try (var files = Files.list(output)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted().toList())
                    .isEqualTo(embedded.fileNames().stream().sorted().toList());
        }
        for (String name : embedded.fileNames()) {
            assertThat(Files.readAllBytes(output.resolve(name))).as(name).isEqualTo(embedded.file(name));
        }
    }

    private String message() throws IOException {
        return Files.readString(opt.path("output/message"));
    }

    // ---- data quality ----

    private Path baselineCsv() throws IOException {
        StringBuilder csv = new StringBuilder();
        for (String[] r : abalone) { // the training data's layout: the label first, as the output in a capture
            csv.append(r[8]).append(',').append(ProcessingLayout.features(r)).append('\n');
        }
        return opt.write("processing/input/baseline_dataset_input/train.csv", csv.toString());
    }

    @Test
    void dataQualityBaselineAndMonitoringEqualTheEmbeddedMonitor() throws IOException {
        Path train = baselineCsv();
        Map<String, String> env = new HashMap<>();
        env.put("dataset_format", "{\"csv\": {\"header\": false, \"output_columns_position\": \"START\"}}");
        env.put("dataset_source", "/opt/ml/processing/input/baseline_dataset_input");
        env.put("output_path", "/opt/ml/processing/output");
        env.put("publish_cloudwatch_metrics", "Disabled");
        assertThat(MonitorContainer.run(env, opt.root)).isEqualTo(MonitorContainer.OK);
        MonitorJobResult baseline = MonitorJob.baseline(MonitoringType.DataQuality)
                .dataset(train, DataQualityOptions.builder().format(DataQualityOptions.Format.CSV).header(false).build())
                .build().run();
        assertSameFiles(baseline, opt.path("processing/output"));
        assertThat(message()).isEqualTo("Completed: Job completed successfully with no violations.");

        // the baseline as a schedule's inputs: SageMaker mounts statistics and constraints in folders of their own
        Files.createDirectories(opt.path("processing/baseline/stats"));
        Files.createDirectories(opt.path("processing/baseline/constraints"));
        Files.copy(opt.path("processing/output/statistics.json"), opt.path("processing/baseline/stats/statistics.json"));
        Files.copy(opt.path("processing/output/constraints.json"),
                opt.path("processing/baseline/constraints/constraints.json"));
        captureTraffic();
        Map<String, String> mon = monitoringEnv(CAPTURE_FORMAT);
        mon.put("baseline_statistics", "/opt/ml/processing/baseline/stats/statistics.json");
        mon.put("baseline_constraints", "/opt/ml/processing/baseline/constraints/constraints.json");
        int code = MonitorContainer.run(mon, opt.root);
        assertThat(code).as(message()).isEqualTo(MonitorContainer.OK);
        Path dir = tmp.resolve("embedded-baseline");
        baseline.writeTo(dir);
        MonitorJobResult embedded = MonitorJob.monitor(MonitoringType.DataQuality).endpointName(ENDPOINT)
                .scheduleName(SCHEDULE).captures(embeddedCaptures()).baseline(dir).build().run();
        assertThat(embedded.records()).isEqualTo(300);
        assertSameFiles(embedded, opt.path("processing/resultdata"));
        assertThat(message()).isEqualTo(embedded.exitMessage());

        List<String> metrics = Files.readAllLines(opt.path("output/metrics/cloudwatch/cloudwatch_metrics.jsonl"));
        assertThat(metrics).anyMatch(l -> l.startsWith("{\"MetricName\":\"feature_data__c2\",\"Timestamp\":"
                + "\"2026-12-01T14:00:00Z\",\"Dimensions\":[{\"Name\":\"Endpoint\",\"Value\":\"" + ENDPOINT + "\"},"
                + "{\"Name\":\"MonitoringSchedule\",\"Value\":\"" + SCHEDULE + "\"}],\"StatisticValues\":{\"SampleCount\":300.0,"));
        assertThat(metrics).anyMatch(l -> l.contains("\"feature_non_null__c1\"") && l.endsWith("\"Value\":1.0}"));
        assertThat(metrics).anyMatch(l -> l.contains("\"feature_baseline_drift__c2\""));
        assertThat(metrics).anyMatch(l -> l.contains("\"feature_baseline_drift__c1\""));
    }

    @Test
    void dataQualityWindowLeavesOutTheHourBeforeIt() throws IOException {
        baselineCsv();
        Map<String, String> env = new HashMap<>();
        env.put("dataset_format", "{\"csv\": {\"header\": \"false\"}}");
        env.put("dataset_source", "/opt/ml/processing/input/baseline_dataset_input");
        env.put("output_path", "/opt/ml/processing/baseline");
        assertThat(MonitorContainer.run(env, opt.root)).isZero();
        captureTraffic();
        Map<String, String> mon = monitoringEnv(CAPTURE_FORMAT);
        mon.put("baseline_statistics", "/opt/ml/processing/baseline/statistics.json");
        mon.put("baseline_constraints", "/opt/ml/processing/baseline/constraints.json");
        mon.put("publish_cloudwatch_metrics", "Disabled");
        assertThat(MonitorContainer.run(mon, opt.root)).isZero();
        assertThat(Files.readString(opt.path("processing/resultdata/statistics.json")))
                .contains("\"item_count\" : 300");
        assertThat(opt.path("output/metrics/cloudwatch")).doesNotExist();
    }

    // ---- model quality ----

    @Test
    void modelQualityBaselineAndMonitoringEqualTheEmbeddedMonitor() throws IOException {
        StringBuilder csv = new StringBuilder("prediction,rings\n");
        for (int i = 0; i < 600; i++) {
            String[] r = abalone.get(i);
            csv.append(Double.parseDouble(r[8]) + ((i % 7) - 3) * 0.5).append(',').append(r[8]).append('\n');
        }
        opt.write("processing/input/baseline_dataset_input/predictions.csv", csv.toString());
        Map<String, String> env = new HashMap<>();
        env.put("analysis_type", "MODEL_QUALITY");
        env.put("problem_type", "Regression");
        env.put("inference_attribute", "prediction");
        env.put("ground_truth_attribute", "rings");
        env.put("dataset_format", "{\"csv\": {\"header\": true}}");
        env.put("dataset_source", "/opt/ml/processing/input/baseline_dataset_input");
        env.put("output_path", "/opt/ml/processing/output");
        env.put("end_time", END.toString());
        // end_time without an endpoint or baseline is still a baselining job: its report is stamped with it
        assertThat(MonitorContainer.run(env, opt.root)).as(this::messageQuietly).isZero();
        MonitorJobResult baseline = MonitorJob.baseline(MonitoringType.ModelQuality)
                .modelQuality(ModelQuality.regression().withEvaluationTime(END))
                .predictions(PredictionRows.readCsv(new StringReader(csv.toString()), "prediction", null, "rings"))
                .build().run();
        assertSameFiles(baseline, opt.path("processing/output"));

        Files.createDirectories(opt.path("processing/baseline/constraints"));
        Files.copy(opt.path("processing/output/constraints.json"),
                opt.path("processing/baseline/constraints/constraints.json"));
        captureTraffic();
        Map<String, String> mon = monitoringEnv(CAPTURE_FORMAT);
        mon.put("analysis_type", "MODEL_QUALITY");
        mon.put("problem_type", "Regression");
        mon.put("baseline_constraints", "/opt/ml/processing/baseline/constraints/constraints.json");
        assertThat(MonitorContainer.run(mon, opt.root)).as(this::messageQuietly).isZero();
        Path dir = tmp.resolve("mq-baseline");
        baseline.writeTo(dir);
        MonitorJobResult embedded = MonitorJob.monitor(MonitoringType.ModelQuality).endpointName(ENDPOINT)
                .scheduleName(SCHEDULE).captures(embeddedCaptures()).groundTruth(opt.path("processing/groundtruth"))
                .modelQuality(ModelQuality.regression().withEvaluationTime(END)).baseline(dir).build().run();
        assertThat(embedded.records()).isEqualTo(270);
        assertSameFiles(embedded, opt.path("processing/resultdata"));
        assertThat(message()).isEqualTo(embedded.exitMessage());
        List<String> metrics = Files.readAllLines(opt.path("output/metrics/cloudwatch/cloudwatch_metrics.jsonl"));
        assertThat(metrics).anyMatch(l -> l.startsWith("{\"MetricName\":\"mse\","));
        assertThat(metrics).anyMatch(l -> l.startsWith("{\"MetricName\":\"r2\","));
    }

    // ---- bias (Clarify) ----

    private static final String BIAS_CONFIG = """
            {
              "dataset_type": "text/csv",
              "headers": ["sex", "length", "diameter", "height", "whole_weight", "shucked_weight", "viscera_weight",
                          "shell_weight", "rings", "prediction"],
              "label": "rings",
              "label_values_or_threshold": [10],
              "facet": [{"name_or_index": "sex", "value_or_threshold": ["F"]}],
              "predicted_label": "prediction",
              "probability_threshold": 10,
              "methods": {"pre_training_bias": {"methods": "all"}, "post_training_bias": {"methods": "all"},
                          "report": {"name": "report"}}
            }
            """;

    private BiasConfig biasConfig() {
        return BiasConfig.builder().label("rings").labelThreshold(10).facet("sex").facetValues("F")
                .predictedLabel("prediction").probabilityThreshold(10).build();
    }

    @Test
    void biasBaselineAndDriftEqualTheEmbeddedMonitor() throws IOException {
        opt.write(AnalysisConfig.FILE, BIAS_CONFIG);
        StringBuilder csv = new StringBuilder();
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            String[] r = abalone.get(i);
            String prediction = Double.toString(Double.parseDouble(r[8]) + ((i % 5) - 2) * 0.75);
            List<String> row = new ArrayList<>(Arrays.asList(r));
            row.add(prediction);
            rows.add(row);
            csv.append(String.join(",", row)).append('\n');
        }
        opt.write("processing/input/data/part-0.csv", csv.toString()); // no header row: the config's headers name it
        assertThat(MonitorContainer.run(Map.of(), opt.root)).as(this::messageQuietly).isZero();
        List<String> headers = new ArrayList<>(ProcessingLayout.FEATURES);
        headers.add("rings");
        headers.add("prediction");
        MonitorJobResult baseline = MonitorJob.baseline(MonitoringType.ModelBias).biasConfig(biasConfig())
                .dataset(BiasDataset.of(headers, rows)).build().run();
        assertSameFiles(baseline, opt.path("processing/output"));

        // the bias monitor: the baseline's constraints.json (bootstrap bounds, as the embedded monitor reads them) as
        // baseline_constraints, given as the folder a one-object Processing input lands in; traffic with ground truth
        Files.createDirectories(opt.path("processing/baseline/constraints"));
        Files.copy(opt.path("processing/output/constraints.json"),
                opt.path("processing/baseline/constraints/constraints.json"));
        captureTraffic();
        Map<String, String> mon = monitoringEnv(CAPTURE_FORMAT);
        mon.put("baseline_constraints", "/opt/ml/processing/baseline/constraints");
        assertThat(MonitorContainer.run(mon, opt.root)).as(this::messageQuietly).isZero();
        Path dir = tmp.resolve("bias-baseline");
        baseline.writeTo(dir);
        MonitorJobResult embedded = MonitorJob.monitor(MonitoringType.ModelBias).endpointName(ENDPOINT)
                .scheduleName(SCHEDULE).captures(embeddedCaptures()).groundTruth(opt.path("processing/groundtruth"))
                .featureNames(ProcessingLayout.FEATURES).biasConfig(biasConfig()).baseline(dir).build().run();
        assertThat(embedded.records()).isEqualTo(270);
        assertSameFiles(embedded, opt.path("processing/resultdata"));
        assertThat(message()).isEqualTo(embedded.exitMessage());
        List<String> metrics = Files.readAllLines(opt.path("output/metrics/cloudwatch/cloudwatch_metrics.jsonl"));
        assertThat(metrics).anyMatch(l -> l.startsWith("{\"MetricName\":\"bias_metric_DPPL\",") && l.contains(
                "{\"Name\":\"BiasStage\",\"Value\":\"Post-training\"},{\"Name\":\"Label\",\"Value\":\"rings\"}")
                && l.contains("{\"Name\":\"Facet\",\"Value\":\"sex\"},{\"Name\":\"FacetValue\",\"Value\":\"F\"}"));
        assertThat(metrics).anyMatch(l -> l.startsWith("{\"MetricName\":\"bias_metric_CI\",")
                && l.contains("\"Pre-training\""));
    }

    // ---- explainability (Clarify) ----

    @Test
    void explainabilityBaselineAndDriftEqualTheEmbeddedMonitor() throws IOException {
        List<String[]> training = abalone.subList(0, 400);
        opt.model(training);
        ArtifactModel model = ArtifactModel.load(opt.path(ArtifactModel.DIRECTORY), "model");
        opt.write(AnalysisConfig.FILE, """
                {"dataset_type": "text/csv",
                 "headers": ["sex", "length", "diameter", "height", "whole_weight", "shucked_weight", "viscera_weight",
                             "shell_weight", "rings"],
                 "label": "rings",
                 "methods": {"shap": {"num_samples": 512, "agg_method": "mean_abs", "seed": 7}},
                 "predictor": {"model_name": "abalone-model", "instance_type": "ml.m5.large", "initial_instance_count": 1}}
                """);
        StringBuilder csv = new StringBuilder("sex,length,diameter,height,whole_weight,shucked_weight,viscera_weight,"
                + "shell_weight,rings\n"); // here the dataset has its own header row
        List<String[]> rows = new ArrayList<>();
        for (String[] r : training) {
            csv.append(String.join(",", r)).append('\n');
            rows.add(Arrays.copyOf(r, 8));
        }
        opt.write("processing/input/data/train.csv", csv.toString());
        assertThat(MonitorContainer.run(Map.of(), opt.root)).as(this::messageQuietly).isZero();
        var shap = dev.mlops.monitor.explain.KernelShapOptions.defaults().withMaxCoalitions(512).withSeed(7);
        MonitorJobResult baseline = MonitorJob.baseline(MonitoringType.ModelExplainability).model(model).rows(rows)
                .shapOptions(shap).build().run();
        assertSameFiles(baseline, opt.path("processing/output"));

        // the monitor reads the baseline's analysis_config.json (with the SHAP baseline row) as its config
        Path dir = tmp.resolve("shap-baseline");
        baseline.writeTo(dir);
        Files.copy(opt.path("processing/output/analysis_config.json"), opt.path(AnalysisConfig.FILE),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.createDirectories(opt.path("processing/baseline/constraints"));
        Files.copy(opt.path("processing/output/analysis.json"), opt.path("processing/baseline/constraints/analysis.json"));
        captureTraffic();
        Map<String, String> mon = monitoringEnv(CAPTURE_FORMAT);
        mon.put("baseline_constraints", "/opt/ml/processing/baseline/constraints/analysis.json");
        assertThat(MonitorContainer.run(mon, opt.root)).as(this::messageQuietly).isZero();
        MonitorJobResult embedded = MonitorJob.monitor(MonitoringType.ModelExplainability).endpointName(ENDPOINT)
                .scheduleName(SCHEDULE).captures(embeddedCaptures()).model(model).baseline(dir).shapOptions(shap)
                .build().run();
        assertThat(embedded.records()).isEqualTo(300);
        assertSameFiles(embedded, opt.path("processing/resultdata"));
    }

    // ---- failures ----

    @Test
    void variablesMissingFromTheProcessComeFromProcessingJobConfig() throws IOException {
        baselineCsv();
        opt.write("processing/processingjobconfig.json", "{\"ProcessingJobName\": \"baseline-job\", \"Environment\": {"
                + "\"dataset_format\": \"{\\\"csv\\\": {\\\"header\\\": false}}\", \"output_path\": \"/opt/ml/processing/output\","
                + " \"dataset_source\": \"/opt/ml/processing/elsewhere\"}}");
        Map<String, String> env = Map.of("dataset_source", "/opt/ml/processing/input/baseline_dataset_input");
        assertThat(MonitorContainer.run(env, opt.root)).as(this::messageQuietly).isZero();
        assertThat(opt.path("processing/output/statistics.json")).exists();
    }

    @Test
    void missingOutputPathIsAClientErrorNamingTheVariable() throws IOException {
        baselineCsv();
        Map<String, String> env = new HashMap<>();
        env.put("dataset_format", "{\"csv\": {\"header\": false}}");
        env.put("dataset_source", "/opt/ml/processing/input/baseline_dataset_input");
        assertThat(MonitorContainer.run(env, opt.root)).isEqualTo(MonitorContainer.CLIENT_ERROR);
        assertThat(message()).startsWith("ClientError: output_path = null is invalid");
    }

    @Test
    void parquetIsRefusedSayingWhatToUse() throws IOException {
        Map<String, String> env = monitoringEnv("{\"parquet\": {}}");
        assertThat(MonitorContainer.run(env, opt.root)).isEqualTo(MonitorContainer.CLIENT_ERROR);
        assertThat(message()).startsWith("ClientError: dataset_format = ").contains("convert the dataset to CSV");
    }

    @Test
    void badClarifyFieldIsNamed() throws IOException {
        opt.write(AnalysisConfig.FILE, BIAS_CONFIG.replace("\"facet\": [{\"name_or_index\": \"sex\", "
                + "\"value_or_threshold\": [\"F\"]}]", "\"facet\": []"));
        opt.write("processing/input/data/part-0.csv", "M,0.4,0.3,0.1,0.5,0.2,0.1,0.15,15,14\n");
        assertThat(MonitorContainer.run(Map.of(), opt.root)).isEqualTo(MonitorContainer.CLIENT_ERROR);
        assertThat(message()).startsWith("ClientError: analysis_config.facet = ");
    }

    @Test
    void aWindowWithoutLabelsFailsTheExecutionWithItsReason() throws IOException {
        captureTraffic();
        Files.walk(opt.path("processing/groundtruth")).filter(Files::isRegularFile).forEach(p -> p.toFile().delete());
        Map<String, String> mon = monitoringEnv(CAPTURE_FORMAT);
        mon.put("analysis_type", "MODEL_QUALITY");
        mon.put("problem_type", "Regression");
        assertThat(MonitorContainer.run(mon, opt.root)).isEqualTo(MonitorContainer.ANALYSIS_FAILED);
        assertThat(message()).startsWith("Failed: No captured inference of " + ENDPOINT);
        assertThat(opt.path("processing/resultdata")).doesNotExist();
    }

    @Test
    void theRootMovesWithTheSystemProperty() {
        String before = System.getProperty(ContainerEnv.ROOT_PROPERTY);
        System.setProperty(ContainerEnv.ROOT_PROPERTY, opt.root.toString());
        try {
            ContainerEnv env = ContainerEnv.fromProcess();
            assertThat(env.root()).isEqualTo(opt.root);
            assertThat(env.mapped("/opt/ml/processing/input/endpoint"))
                    .isEqualTo(opt.root.resolve("processing/input/endpoint"));
            assertThat(env.mapped("/data/elsewhere")).isEqualTo(Path.of("/data/elsewhere"));
        } finally {
            if (before == null) {
                System.clearProperty(ContainerEnv.ROOT_PROPERTY);
            } else {
                System.setProperty(ContainerEnv.ROOT_PROPERTY, before);
            }
        }
    }

    private String messageQuietly() {
        try {
            return message();
        } catch (IOException e) {
            return e.toString();
        }
    }

}
