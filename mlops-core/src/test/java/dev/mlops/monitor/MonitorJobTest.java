package dev.mlops.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.exception.NotFoundException;
import dev.mlops.exception.ValidationException;
import dev.mlops.monitor.bias.BiasConfig;
import dev.mlops.monitor.bias.BiasDataset;
import dev.mlops.monitor.bias.BiasReport;
import dev.mlops.monitor.capture.CaptureData;
import dev.mlops.monitor.capture.CaptureFiles;
import dev.mlops.monitor.capture.CaptureRecord;
import dev.mlops.monitor.capture.CaptureWriter;
import dev.mlops.monitor.capture.GroundTruthRecord;
import dev.mlops.monitor.dataquality.Baseline;
import dev.mlops.monitor.dataquality.DataQuality;
import dev.mlops.monitor.dataquality.DataQualityOptions;
import dev.mlops.monitor.explain.ExplainabilityReport;
import dev.mlops.monitor.quality.ModelQuality;
import dev.mlops.monitor.quality.ModelQualityReport;
import dev.mlops.monitor.quality.PredictionRow;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each monitoring type end to end through {@link MonitorJob} on small data, with no backend; and bad input. */
class MonitorJobTest {
    private static final Instant T0 = Instant.parse("2024-05-06T10:00:00Z");
    private static final DataQualityOptions HEADERLESS = DataQualityOptions.builder().header(false).build();

    @TempDir
    Path dir;

    /** A captured CSV request and response, at T0 + i seconds. */
    private static CaptureRecord capture(int i, String inferenceId, String input, String output) {
        return new CaptureRecord(CaptureData.of("text/csv", CaptureData.Mode.INPUT, input.getBytes(StandardCharsets.UTF_8)),
                CaptureData.of("text/csv", CaptureData.Mode.OUTPUT, output.getBytes(StandardCharsets.UTF_8)),
                "event-" + inferenceId, inferenceId, T0.plusSeconds(i), List.of());
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    // ---- data quality ----

    @Test
    void dataQualityBaselineFromACsvThenShiftedCapturesDrift() throws Exception {
        Random random = new Random(1);
        List<String> train = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            double x = 10 + random.nextGaussian();
            train.add(num(2 * x) + "," + num(x) + "," + (i % 3 == 0 ? "a" : "b")); // output first, then the inputs
        }
        Path csv = dir.resolve("train.csv");
        Files.write(csv, train);
        MonitorJobResult baseline = MonitorJob.baseline(MonitoringType.DataQuality).dataset(csv, HEADERLESS).build().run();
        assertThat(baseline.status()).isEqualTo(MonitoringExecutionStatus.Completed);
        assertThat(baseline.kind()).isEqualTo(MonitorJob.Kind.BASELINE);
        assertThat(baseline.fileNames()).containsExactly("statistics.json", "constraints.json");
        assertThat(baseline.records()).isEqualTo(600);
        // the files are those of the analyzer itself, byte for byte
        Path legacy = dir.resolve("legacy");
        DataQuality.suggestBaseline(csv, HEADERLESS).writeTo(legacy);
        assertThat(baseline.file("statistics.json")).isEqualTo(Files.readAllBytes(legacy.resolve("statistics.json")));
        assertThat(baseline.file("constraints.json")).isEqualTo(Files.readAllBytes(legacy.resolve("constraints.json")));
        Path baselineDir = dir.resolve("baseline");
        baseline.writeTo(baselineDir);

        List<CaptureRecord> normal = new ArrayList<>();
        List<CaptureRecord> shifted = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            double x = 10 + random.nextGaussian();
            String cat = i % 3 == 0 ? "a" : "b";
            normal.add(capture(i, "n" + i, num(x) + "," + cat, num(2 * x)));
            shifted.add(capture(i, "s" + i, num(3 * x) + "," + cat, num(6 * x)));
        }
        MonitorJobResult ok = MonitorJob.monitor(MonitoringType.DataQuality).baseline(baselineDir).captures(normal)
                .build().run();
        assertThat(ok.status()).as(ok.toString()).isEqualTo(MonitoringExecutionStatus.Completed);
        assertThat(ok.records()).isEqualTo(300);
        // SageMaker's file set: no monitoring_summary.json
        assertThat(ok.fileNames()).containsExactly("statistics.json", "constraint_violations.json", "constraints.json");

        MonitorJobResult drift = MonitorJob.monitor(MonitoringType.DataQuality)
                .baseline(Baseline.read(baselineDir)).captures(shifted).build().run();
        assertThat(drift.status()).isEqualTo(MonitoringExecutionStatus.CompletedWithViolations);
        assertThat(drift.checks()).contains("_c0:baseline_drift_check", "_c1:baseline_drift_check");
        assertThat(drift.violations()).extracting(Violation::featureName).contains("_c0", "_c1").doesNotContain("_c2");
        assertThat(drift.exitMessage()).isEqualTo("CompletedWithViolations: Job completed successfully with "
                + drift.violations().size() + " violations.");
        assertThat(drift.fileText("constraint_violations.json")).contains("\"feature_name\" : \"_c1\"");
        // the same result as the analyzer's own report files
        MonitoringReport<?> report = drift.report(MonitoringReport.class).orElseThrow();
        Path reportDir = dir.resolve("report");
        drift.writeTo(reportDir);
        Path legacyReport = dir.resolve("legacy-report");
        DataQuality.check(Baseline.read(baselineDir), CaptureFiles.of(shifted)).writeTo(legacyReport);
        for (String f : List.of("statistics.json", "constraint_violations.json")) {
            assertThat(Files.readAllBytes(reportDir.resolve(f))).as(f).isEqualTo(Files.readAllBytes(legacyReport.resolve(f)));
        }
        assertThat(report.violations()).isEqualTo(drift.violations());
    }

    @Test
    void dataQualityReadsCaptureFilesAndABatchDatasetAlike() throws Exception {
        Path csv = dir.resolve("train.csv");
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            rows.add(i + "," + (i * 2) + ",x");
        }
        Files.write(csv, rows);
        Path baselineDir = dir.resolve("baseline");
        MonitorJob.baseline(MonitoringType.DataQuality).dataset(csv, HEADERLESS).build().run().writeTo(baselineDir);
        Path captures = dir.resolve("capture");
        try (CaptureWriter w = CaptureWriter.builder(captures, "ep").clock(Clock.fixed(T0, ZoneOffset.UTC))
                .backgroundRoll(false).build()) {
            for (int i = 0; i < 100; i++) {
                w.capture("i" + i, CaptureData.of("text/csv", CaptureData.Mode.INPUT, ((i * 2) + ",x").getBytes(StandardCharsets.UTF_8)),
                        CaptureData.of("text/csv", CaptureData.Mode.OUTPUT, Integer.toString(i).getBytes(StandardCharsets.UTF_8)));
            }
        }
        MonitorJobResult fromFiles = MonitorJob.monitor(MonitoringType.DataQuality).baseline(baselineDir)
                .captures(CaptureFiles.in(captures).between(T0, T0.plusSeconds(1))).build().run();
        MonitorJobResult fromBatch = MonitorJob.monitor(MonitoringType.DataQuality).baseline(baselineDir)
                .dataset(csv, HEADERLESS).build().run();
        assertThat(fromFiles.status()).isEqualTo(MonitoringExecutionStatus.Completed);
        assertThat(fromFiles.records()).isEqualTo(100);
        assertThat(fromFiles.fileText("statistics.json")).isEqualTo(fromBatch.fileText("statistics.json"));
        MonitorJobResult outside = MonitorJob.monitor(MonitoringType.DataQuality).baseline(baselineDir)
                .captures(CaptureFiles.in(captures).between(T0.plusSeconds(5), T0.plusSeconds(10))).build().run();
        assertThat(outside.inputIssues()).containsEntry("emptyWindow", 1L);
    }

    // ---- model quality ----

    @Test
    void modelQualityBaselineFromPredictionsThenWrongLabelsBreakTheConstraints() throws Exception {
        Random random = new Random(2);
        List<PredictionRow> reference = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            double y = 5 + 3 * random.nextDouble();
            reference.add(PredictionRow.regression(y + 0.2 * random.nextGaussian(), y));
        }
        MonitorJobResult baseline = MonitorJob.baseline(MonitoringType.ModelQuality)
                .modelQuality(ModelQuality.regression().withEvaluationTime(T0)).predictions(reference).build().run();
        assertThat(baseline.fileNames()).containsExactly("statistics.json", "constraints.json");
        ModelQualityReport ref = baseline.report(ModelQualityReport.class).orElseThrow();
        assertThat(baseline.fileText("constraints.json")).isEqualTo(ref.suggestConstraints().toJson());
        Path baselineDir = dir.resolve("mq");
        baseline.writeTo(baselineDir);
        // a hand-edited constraints file is checked and copied into the report as it is
        String edited = Files.readString(baselineDir.resolve("constraints.json")).replace("\n", "\n\n");
        Files.writeString(baselineDir.resolve("constraints.json"), edited);

        List<CaptureRecord> captures = new ArrayList<>();
        List<GroundTruthRecord> right = new ArrayList<>();
        List<GroundTruthRecord> wrong = new ArrayList<>();
        for (int i = 0; i < reference.size(); i++) {
            // the reference traffic again: the same metrics, so no constraint breaks
            PredictionRow row = reference.get(i);
            captures.add(capture(i, "inf-" + i, "1,2", row.prediction()));
            right.add(new GroundTruthRecord(row.groundTruth(), CaptureData.Encoding.CSV, "inf-" + i));
            wrong.add(new GroundTruthRecord(num(Double.parseDouble(row.groundTruth()) + 10), CaptureData.Encoding.CSV,
                    "inf-" + i));
        }
        captures.add(capture(500, null, "1,2", "7.0")); // no inference id: joined on its event id, which has no label
        right.add(new GroundTruthRecord("3", CaptureData.Encoding.CSV, "never-captured"));

        MonitorJobResult ok = MonitorJob.monitor(MonitoringType.ModelQuality).captures(captures).groundTruth(right)
                .baseline(baselineDir).build().run();
        assertThat(ok.status()).as(ok.toString()).isEqualTo(MonitoringExecutionStatus.Completed);
        assertThat(ok.records()).isEqualTo(300);
        assertThat(ok.inputIssues()).containsExactly(java.util.Map.entry("capturesWithoutGroundTruth", 1L),
                java.util.Map.entry("groundTruthWithoutCapture", 1L), java.util.Map.entry("malformedLines", 0L),
                java.util.Map.entry("unreadablePredictions", 0L));
        assertThat(ok.fileText("constraints.json")).isEqualTo(edited);

        MonitorJobResult bad = MonitorJob.monitor(MonitoringType.ModelQuality).captures(captures).groundTruth(wrong)
                .baseline(ModelQualityReport.parse(baseline.fileText("statistics.json")).suggestConstraints())
                .build().run();
        assertThat(bad.status()).isEqualTo(MonitoringExecutionStatus.CompletedWithViolations);
        assertThat(bad.checks()).contains("mae:GreaterThanThreshold", "rmse:GreaterThanThreshold");
        assertThat(bad.fileText("constraint_violations.json")).contains("\"metric_name\" : \"mae\"")
                .contains("was GreaterThanThreshold");

        MonitorJobResult unlabelled = MonitorJob.monitor(MonitoringType.ModelQuality).endpointName("shop")
                .captures(captures).groundTruth(List.of()).build().run();
        assertThat(unlabelled.status()).isEqualTo(MonitoringExecutionStatus.Failed);
        assertThat(unlabelled.failureReason().orElseThrow()).isEqualTo("No captured inference of shop in the window has"
                + " ground truth in the 0 ground-truth records given (301 captures without a label, 0 labels without a"
                + " capture)");
        assertThat(unlabelled.exitMessage()).startsWith("Failed: No captured inference of shop");
        assertThat(unlabelled.inputIssue("capturesWithoutGroundTruth")).isEqualTo(301);
        assertThat(unlabelled.fileNames()).isEmpty();
        assertThatThrownBy(() -> unlabelled.writeTo(dir.resolve("x"))).isInstanceOf(ValidationException.class)
                .hasMessageContaining("the job failed");
    }

    // ---- bias ----

    private static final BiasConfig BIAS = BiasConfig.builder().label("label").labelValues("1").facet("group")
            .facetValues("1").predictedLabel("prediction").probabilityThreshold(5).build();

    /** A bias analysis without metrics (enough for the checks that come before the analysis). */
    private static final String EMPTY_ANALYSIS = "{\"version\": \"1.0\", \"label\": \"label\","
            + " \"label_value_or_threshold\": \"1\", \"pre_training_bias_metrics\": {\"facets\": {}}}";

    /** Scores a row of (group, x) as x, minus a penalty for group 1. */
    private static ScoringFunction biasedBy(double penalty) {
        return ScoringFunction.of(List.of("group", "x"), row -> row[1] - (row[0] == 1 ? penalty : 0));
    }

    @Test
    void biasBaselinePredictedByTheModelThenAPenalisedGroupDrifts() {
        Random random = new Random(3);
        List<List<String>> table = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            double x = 10 * random.nextDouble();
            table.add(List.of(Integer.toString(i % 2), num(x), x > 5 ? "1" : "0"));
        }
        MonitorJobResult baseline = MonitorJob.baseline(MonitoringType.ModelBias).biasConfig(BIAS)
                .dataset(BiasDataset.of(List.of("group", "x", "label"), table)).model(biasedBy(0)).build().run();
        assertThat(baseline.fileNames()).containsExactly("analysis.json", "constraints.json");
        BiasReport reference = baseline.report(BiasReport.class).orElseThrow();
        assertThat(reference.postTraining()).as("the model made the predictions").isNotEmpty();
        assertThat(baseline.fileText("analysis.json")).isEqualTo(reference.toAnalysisJson());

        Function<Double, MonitorJobResult> monitor = penalty -> {
            ScoringFunction model = biasedBy(penalty);
            List<CaptureRecord> captures = new ArrayList<>();
            List<GroundTruthRecord> labels = new ArrayList<>();
            Random r = new Random(4);
            for (int i = 0; i < 400; i++) {
                double x = 10 * r.nextDouble();
                double[] row = {i % 2, x};
                captures.add(capture(i, "b" + i, (i % 2) + "," + num(x), Double.toString(model.score(row))));
                labels.add(new GroundTruthRecord(x > 5 ? "1" : "0", CaptureData.Encoding.CSV, "b" + i));
            }
            return MonitorJob.monitor(MonitoringType.ModelBias).biasConfig(BIAS).featureNames(List.of("group", "x"))
                    .captures(captures).groundTruth(labels).baseline(reference).build().run();
        };
        MonitorJobResult fair = monitor.apply(0.0);
        assertThat(fair.status()).isIn(MonitoringExecutionStatus.Completed, MonitoringExecutionStatus.CompletedWithViolations);
        assertThat(fair.records()).isEqualTo(400);
        MonitorJobResult unfair = monitor.apply(4.0);
        assertThat(unfair.status()).isEqualTo(MonitoringExecutionStatus.CompletedWithViolations);
        assertThat(unfair.checks()).contains("group=1:DPPL").allMatch(c -> c.startsWith("group=1:"));
        assertThat(unfair.violations()).hasSizeGreaterThan(fair.violations().size())
                .allMatch(v -> v.constraintCheckType().equals("bias_drift_check"));
        assertThat(unfair.fileText("constraint_violations.json")).contains("\"metric_name\": \"DPPL\"");

        // against the baseline directory, whose constraints.json allows for sampling error: the fair window is
        // clean, the penalised group still drifts
        Path baselineDir = dir.resolve("bias-baseline");
        baseline.writeTo(baselineDir);
        BiasReport constraints = BiasReport.parse(baseline.fileText("constraints.json"));
        assertThat(Math.abs(constraints.metric("DPPL").orElseThrow().value()))
                .isGreaterThan(Math.abs(reference.metric("DPPL").orElseThrow().value()));
        Function<Double, MonitorJobResult> againstDir = penalty -> {
            ScoringFunction model = biasedBy(penalty);
            List<CaptureRecord> captures = new ArrayList<>();
            List<GroundTruthRecord> labels = new ArrayList<>();
            Random r = new Random(4);
            for (int i = 0; i < 400; i++) {
                double x = 10 * r.nextDouble();
                double[] row = {i % 2, x};
                captures.add(capture(i, "b" + i, (i % 2) + "," + num(x), Double.toString(model.score(row))));
                labels.add(new GroundTruthRecord(x > 5 ? "1" : "0", CaptureData.Encoding.CSV, "b" + i));
            }
            return MonitorJob.monitor(MonitoringType.ModelBias).biasConfig(BIAS).featureNames(List.of("group", "x"))
                    .captures(captures).groundTruth(labels).baseline(baselineDir).build().run();
        };
        assertThat(againstDir.apply(0.0).violations()).isEmpty();
        assertThat(againstDir.apply(4.0).checks()).contains("group=1:DPPL");
    }

    @Test
    void biasOverAWindowWithoutTheFacetValueFailsWithTheReason() {
        List<CaptureRecord> captures = new ArrayList<>();
        List<GroundTruthRecord> labels = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            captures.add(capture(i, "g" + i, "0," + i, Integer.toString(i)));
            labels.add(new GroundTruthRecord(i > 25 ? "1" : "0", CaptureData.Encoding.CSV, "g" + i));
        }
        captures.add(capture(60, "short", "0", "1")); // one column short
        labels.add(new GroundTruthRecord("1", CaptureData.Encoding.CSV, "short"));
        BiasReport any = BiasReport.parse(EMPTY_ANALYSIS);
        MonitorJobResult r = MonitorJob.monitor(MonitoringType.ModelBias).endpointName("ep").scheduleName("ep-bias")
                .biasConfig(BIAS).featureNames(List.of("group", "x")).captures(captures).groundTruth(labels)
                .baseline(any).build().run();
        assertThat(r.status()).isEqualTo(MonitoringExecutionStatus.Failed);
        assertThat(r.failureReason().orElseThrow()).startsWith("Bias analysis of ep for schedule ep-bias over 50 merged"
                + " records failed:").contains("'group' value 1 matches none");
        assertThat(r.inputIssues()).containsEntry("unreadableInputs", 1L).containsEntry("biasAnalysisFailed", 1L);
    }

    // ---- explainability ----

    /** a matters 30 times more than b. */
    private static final ScoringFunction LINEAR = ScoringFunction.of(List.of("a", "b"), row -> 3 * row[0] + 0.1 * row[1]);

    @Test
    void explainabilityBaselineFromRowsThenTrafficWhereOnlyTheMinorFeatureMovesDrifts() throws Exception {
        Random random = new Random(5);
        List<String[]> train = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            train.add(new String[] {num(random.nextGaussian()), num(random.nextGaussian())});
        }
        train.add(new String[] {"not a number", "1"});
        MonitorJobResult baseline = MonitorJob.baseline(MonitoringType.ModelExplainability).model(LINEAR).rows(train)
                .maxExplainedRows(100).build().run();
        assertThat(baseline.fileNames()).containsExactly("analysis.json", "analysis_config.json");
        assertThat(baseline.records()).isEqualTo(300);
        assertThat(baseline.inputIssues()).containsEntry("unreadableRows", 1L).containsEntry("rowsNotExplained", 200L);
        ExplainabilityReport reference = baseline.report(ExplainabilityReport.class).orElseThrow();
        var global = reference.labels().get("label0").globalShapValues();
        assertThat(global.get("a")).isGreaterThan(10 * global.get("b"));
        assertThat(baseline.fileText("analysis_config.json")).startsWith("{\n  \"headers\" : [ \"a\", \"b\" ],")
                .contains("\"num_samples\" : 2048").contains("\"agg_method\" : \"mean_abs\"");
        Path baselineDir = dir.resolve("explain");
        baseline.writeTo(baselineDir);

        List<CaptureRecord> similar = new ArrayList<>();
        List<CaptureRecord> odd = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            similar.add(capture(i, "s" + i, num(random.nextGaussian()) + "," + num(random.nextGaussian()), "0"));
            odd.add(capture(i, "o" + i, "0.0," + num(20 * random.nextGaussian()), "0"));
        }
        odd.add(capture(200, "bad", "1,2,3", "0"));
        MonitorJobResult ok = MonitorJob.monitor(MonitoringType.ModelExplainability).model(LINEAR).baseline(baselineDir)
                .captures(similar).build().run();
        assertThat(ok.status()).as(ok.toString()).isEqualTo(MonitoringExecutionStatus.Completed);
        assertThat(ok.fileNames()).containsExactly("analysis.json", "constraint_violations.json");

        MonitorJobResult drift = MonitorJob.monitor(MonitoringType.ModelExplainability).model(LINEAR)
                .baseline(baselineDir).captures(odd).build().run();
        assertThat(drift.status()).isEqualTo(MonitoringExecutionStatus.CompletedWithViolations);
        assertThat(drift.checks()).containsExactly("label0:shap");
        assertThat(drift.inputIssues()).containsEntry("unreadableInputs", 1L);
        assertThat(drift.fileText("constraint_violations.json"))
                .contains("\"constraint_check_type\": \"feature_attribution_drift_check\"").contains("exceeds threshold 0.9");

        MonitorJobResult empty = MonitorJob.monitor(MonitoringType.ModelExplainability).model(LINEAR)
                .baseline(baselineDir).captures(List.of()).build().run();
        assertThat(empty.status()).isEqualTo(MonitoringExecutionStatus.Failed);
        assertThat(empty.failureReason().orElseThrow()).isEqualTo("No captured inference of the endpoint in the window"
                + " has a readable 2-column CSV row to explain (0 records, 0 unreadable inputs)");
    }

    @Test
    void batchFormsAnalyseJoinedPredictionsTablesAndRowsInsteadOfCaptures() {
        List<PredictionRow> joined = new ArrayList<>();
        List<List<String>> table = new ArrayList<>();
        List<String[]> rows = new ArrayList<>();
        Random random = new Random(6);
        for (int i = 0; i < 200; i++) {
            double x = 10 * random.nextDouble();
            joined.add(PredictionRow.regression(x, x + random.nextGaussian()));
            table.add(List.of(Integer.toString(i % 2), num(x), x > 5 ? "1" : "0"));
            rows.add(new String[] {num(random.nextGaussian()), num(random.nextGaussian())});
        }
        MonitorJobResult mqBaseline = MonitorJob.baseline(MonitoringType.ModelQuality).predictions(joined).build().run();
        MonitorJobResult mq = MonitorJob.monitor(MonitoringType.ModelQuality).predictions(joined)
                .baseline(mqBaseline.report(ModelQualityReport.class).orElseThrow().suggestConstraints()).build().run();
        assertThat(mq.status()).isEqualTo(MonitoringExecutionStatus.Completed);
        assertThat(mq.fileText("statistics.json")).isEqualTo(mqBaseline.fileText("statistics.json"));
        assertThat(mq.fileText("constraints.json")).isEqualTo(mqBaseline.fileText("constraints.json"));

        BiasDataset data = BiasDataset.of(List.of("group", "x", "label"), table);
        MonitorJobResult biasBaseline = MonitorJob.baseline(MonitoringType.ModelBias).biasConfig(BIAS).dataset(data)
                .model(biasedBy(0)).build().run();
        MonitorJobResult bias = MonitorJob.monitor(MonitoringType.ModelBias).biasConfig(BIAS).dataset(data)
                .model(biasedBy(0)).baseline(biasBaseline.report(BiasReport.class).orElseThrow()).build().run();
        assertThat(bias.status()).as("the same data as the baseline").isEqualTo(MonitoringExecutionStatus.Completed);
        assertThat(bias.records()).isEqualTo(200);
        assertThat(bias.fileText("analysis.json")).isEqualTo(biasBaseline.fileText("analysis.json"));

        MonitorJobResult explainBaseline = MonitorJob.baseline(MonitoringType.ModelExplainability).model(LINEAR)
                .rows(rows).build().run();
        double[] shapBaseline = {0, 0};
        MonitorJobResult explain = MonitorJob.monitor(MonitoringType.ModelExplainability).model(LINEAR).rows(rows)
                .baseline(explainBaseline.report(ExplainabilityReport.class).orElseThrow(), shapBaseline).build().run();
        assertThat(explain.status()).isEqualTo(MonitoringExecutionStatus.Completed);
        assertThat(explain.records()).isEqualTo(200);
        MonitorJobResult unreadable = MonitorJob.monitor(MonitoringType.ModelExplainability).model(LINEAR)
                .rows(List.<String[]>of(new String[] {"x", "y"}))
                .baseline(explainBaseline.report(ExplainabilityReport.class).orElseThrow(), shapBaseline).build().run();
        assertThat(unreadable.status()).isEqualTo(MonitoringExecutionStatus.Failed);
        assertThat(unreadable.inputIssues()).containsEntry("unreadableInputs", 1L);
    }

    // ---- validation ----

    private static ValidationException invalid(Runnable build) {
        try {
            build.run();
        } catch (ValidationException e) {
            return e;
        }
        throw new AssertionError("no ValidationException");
    }

    @Test
    void missingWrongAndExtraInputsAreRefusedAtBuildTimeNamingFieldValueAndRule() throws Exception {
        ValidationException noType = invalid(() -> MonitorJob.baseline(null));
        assertThat(noType.field()).isEqualTo("MonitorJob.type");

        ValidationException noDataset = invalid(() -> MonitorJob.baseline(MonitoringType.DataQuality).build());
        assertThat(noDataset.field()).isEqualTo("MonitorJob.dataset");
        assertThat(noDataset.getMessage()).isEqualTo("MonitorJob.dataset = null is invalid: must be a CSV or JSON Lines"
                + " file of the training data (required by a BASELINE DataQuality job)");

        ValidationException missingFile = invalid(() -> MonitorJob.baseline(MonitoringType.DataQuality)
                .dataset(dir.resolve("nope.csv"), HEADERLESS).build());
        assertThat(missingFile.rule()).isEqualTo("an existing CSV or JSON Lines file");
        assertThat(missingFile.context()).containsEntry("value", dir.resolve("nope.csv").toString());

        Path half = dir.resolve("half");
        Files.createDirectories(half);
        Files.writeString(half.resolve("statistics.json"), "{}");
        ValidationException halfBaseline = invalid(() -> MonitorJob.monitor(MonitoringType.DataQuality).baseline(half)
                .captures(List.of()).build());
        assertThat(halfBaseline.field()).isEqualTo("MonitorJob.baseline");
        assertThat(halfBaseline.rule()).contains("constraints.json is missing");

        ValidationException twoSources = invalid(() -> MonitorJob.monitor(MonitoringType.DataQuality).baseline(half)
                .captures(List.of()).dataset(half.resolve("statistics.json"), HEADERLESS).build());
        assertThat(twoSources.field()).isEqualTo("MonitorJob.captures/dataset");
        assertThat(twoSources.context()).containsEntry("value", "both");

        ValidationException extra = invalid(() -> MonitorJob.baseline(MonitoringType.DataQuality).biasConfig(BIAS)
                .build());
        assertThat(extra.field()).isEqualTo("MonitorJob.biasConfig");
        assertThat(extra.rule()).startsWith("unset for a BASELINE DataQuality job, which takes");

        ValidationException noLabels = invalid(() -> MonitorJob.monitor(MonitoringType.ModelQuality)
                .captures(List.of()).build());
        assertThat(noLabels.field()).isEqualTo("MonitorJob.groundTruth");

        ValidationException noRows = invalid(() -> MonitorJob.baseline(MonitoringType.ModelQuality)
                .predictions(List.of()).build());
        assertThat(noRows.rule()).isEqualTo("at least one row");

        ValidationException wrongBaseline = invalid(() -> MonitorJob.monitor(MonitoringType.ModelBias).biasConfig(BIAS)
                .featureNames(List.of("group", "x")).captures(List.of()).groundTruth(List.of())
                .baseline(ModelQualityReport.parse(MonitorJob.baseline(MonitoringType.ModelQuality)
                        .predictions(List.of(PredictionRow.regression(1, 1))).build().run().fileText("statistics.json"))
                        .suggestConstraints()).build());
        assertThat(wrongBaseline.field()).isEqualTo("MonitorJob.baseline");
        assertThat(wrongBaseline.rule()).contains("BiasReport");

        BiasReport any = BiasReport.parse(EMPTY_ANALYSIS);
        ValidationException unknownFacet = invalid(() -> MonitorJob.monitor(MonitoringType.ModelBias).biasConfig(BIAS)
                .featureNames(List.of("sex", "x")).captures(List.of()).groundTruth(List.of()).baseline(any).build());
        assertThat(unknownFacet.field()).isEqualTo("BiasConfig.facet");
        assertThat(unknownFacet.getMessage()).contains("\"group\"").contains("[sex, x]");

        ValidationException noColumns = invalid(() -> MonitorJob.monitor(MonitoringType.ModelBias).biasConfig(BIAS)
                .captures(List.of()).groundTruth(List.of()).baseline(any).build());
        assertThat(noColumns.field()).isEqualTo("MonitorJob.featureNames");

        ValidationException noModelForPredictions = invalid(() -> MonitorJob.baseline(MonitoringType.ModelBias)
                .biasConfig(BIAS).dataset(BiasDataset.of(List.of("group", "x", "label"), List.of())).build());
        assertThat(noModelForPredictions.field()).isEqualTo("MonitorJob.model");

        ValidationException noModel = invalid(() -> MonitorJob.baseline(MonitoringType.ModelExplainability)
                .rows(List.<String[]>of(new String[] {"1", "2"})).build());
        assertThat(noModel.field()).isEqualTo("MonitorJob.model");

        ValidationException shortRow = invalid(() -> MonitorJob.monitor(MonitoringType.ModelExplainability).model(LINEAR)
                .captures(List.of()).baseline(ExplainabilityReport.parse("{\"explanations\": {\"kernel_shap\": {}}}"),
                        new double[] {1}).build());
        assertThat(shortRow.field()).isEqualTo("MonitorJob.shapBaseline");

        assertThat(invalid(() -> MonitorJob.baseline(MonitoringType.ModelExplainability).maxExplainedRows(0)).field())
                .isEqualTo("MonitorJob.maxExplainedRows");
        assertThat(invalid(() -> MonitorJob.monitor(MonitoringType.ModelExplainability).driftThreshold(1.5)).field())
                .isEqualTo("MonitorJob.driftThreshold");
        assertThat(invalid(() -> MonitorJob.monitor(MonitoringType.DataQuality).captures((CaptureFiles) null)).field())
                .isEqualTo("MonitorJob.captures");
        assertThat(invalid(() -> ScoringFunction.of(List.of(), row -> 0)).field()).isEqualTo("ScoringFunction.featureNames");
        assertThat(invalid(() -> ScoringFunction.of(List.of("a", "a"), row -> 0)).rule()).isEqualTo("distinct names");
    }

    @Test
    void aScoringFunctionReadsRawCsvRowsAndAResultNamesItsFiles() {
        ScoringFunction withCategory = new ScoringFunction() {
            @Override
            public List<String> featureNames() {
                return List.of("colour", "size");
            }

            @Override
            public double score(double[] row) {
                return row[0] + row[1];
            }

            @Override
            public boolean categorical(int column) {
                return column == 0;
            }

            @Override
            public double encodeCategory(int column, String text) {
                return text.equals("red") ? 1 : 0;
            }
        };
        assertThat(withCategory.encode(new String[] {" red ", "2.5"})).containsExactly(1, 2.5);
        assertThat(withCategory.encode(new String[] {"blue", ""})[1]).isNaN();
        assertThat(withCategory.encode(new String[] {"red", "big"})).as("text in a number").isNull();
        assertThat(withCategory.encode(new String[] {"red"})).as("too few fields").isNull();
        assertThatThrownBy(() -> LINEAR.encodeCategory(0, "x")).isInstanceOf(IllegalArgumentException.class);

        MonitorJobResult r = MonitorJob.baseline(MonitoringType.ModelQuality)
                .predictions(List.of(PredictionRow.regression(1, 1.5), new PredictionRow(null, null, "2"))).build().run();
        assertThat(r.inputIssues()).containsEntry("skipped: prediction is missing", 1L);
        assertThatThrownBy(() -> r.file("analysis.json")).isInstanceOf(NotFoundException.class)
                .hasMessageContaining("statistics.json");
        byte[] bytes = r.file("statistics.json");
        bytes[0] = 'x';
        assertThat(r.file("statistics.json")[0]).as("a copy").isEqualTo((byte) '{');
    }
}
