package dev.mlops.local.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.event.ProjectEvent;
import dev.mlops.event.ProjectEventType;
import dev.mlops.exception.NotFoundException;
import dev.mlops.monitor.MonitoringExecution;
import dev.mlops.monitor.MonitoringExecutionStatus;
import dev.mlops.monitor.MonitoringSchedule;
import dev.mlops.monitor.MonitoringType;
import dev.mlops.monitor.ScheduleExpression;
import dev.mlops.monitor.capture.CaptureData;
import dev.mlops.monitor.capture.CaptureWriter;
import dev.mlops.monitor.capture.GroundTruthRecord;
import dev.mlops.monitor.dataquality.DataQuality;
import dev.mlops.monitor.dataquality.DataQualityOptions;
import dev.mlops.spi.ProjectRecord;
import dev.mlops.template.Templates;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalMonitorsTest {
    private static final String ENDPOINT = "proj-staging";

    @TempDir
    Path home;
    private final MutableClock clock = new MutableClock(Instant.parse("2024-03-05T07:41:12Z"));
    private LocalContext ctx;
    private DataCapture capture;
    private LocalMonitors monitors;
    private ProjectRecord project;
    private List<String> abalone;

    @BeforeEach
    void setUp() throws Exception {
        ctx = new LocalContext(home, "tester", Duration.ofMillis(50), Duration.ofSeconds(3), Map.of(), clock);
        capture = new DataCapture(ctx);
        monitors = new LocalMonitors(ctx, capture);
        project = new ProjectRecord("proj", "p1234", Templates.modelBuildTrainDeployMonitor(), Map.of(), clock.instant());
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("dev/mlops/seed/data/abalone.csv")) {
            abalone = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
        }
    }

    @AfterEach
    void tearDown() {
        capture.close();
        ctx.close();
    }

    /** rings first, then the 8 inputs: the capture layout (output columns, then input columns). */
    private static String outputFirst(String row) {
        int cut = row.lastIndexOf(',');
        return row.substring(cut + 1) + "," + row.substring(0, cut);
    }

    private Path baseline(List<String> rows) throws Exception {
        Path data = home.resolve("baseline-data.csv");
        Files.write(data, rows);
        Path dir = home.resolve("baseline-" + rows.size() + "-" + rows.get(0).split(",").length);
        DataQuality.suggestBaseline(data, DataQualityOptions.builder().header(false).build()).writeTo(dir);
        return dir;
    }

    private MonitoringSchedule put(String name, MonitoringType type, ScheduleExpression e, Path baseline) throws Exception {
        MonitoringSchedule s = MonitoringSchedule.builder(name, ENDPOINT).type(type).expression(e)
                .setting("ProblemType", "Regression").build();
        monitors.put(project, "staging", s, baseline);
        return s;
    }

    /** Captures rows as the endpoint would: input = the 8 features, output = the label as the "prediction". */
    private void captureRows(List<String> rows, String idPrefix) {
        try (CaptureWriter w = CaptureWriter.builder(capture.root("proj"), ENDPOINT).clock(clock).backgroundRoll(false).build()) {
            for (int i = 0; i < rows.size(); i++) {
                String row = rows.get(i);
                int cut = row.lastIndexOf(',');
                w.capture(idPrefix == null ? null : idPrefix + i,
                        CaptureData.of("text/csv", CaptureData.Mode.INPUT, row.substring(0, cut).getBytes(StandardCharsets.UTF_8)),
                        CaptureData.of("text/csv", CaptureData.Mode.OUTPUT, row.substring(cut + 1).getBytes(StandardCharsets.UTF_8)));
            }
        }
    }

    private List<ProjectEvent> events() {
        return ctx.db().read(tx -> EventLog.after(tx, "proj", 0, 100));
    }

    @Test
    void hourlyScheduleRunsAtTheHourOverThePreviousHourAndWritesSageMakersLayout() throws Exception {
        put("proj-staging-data-quality", MonitoringType.DataQuality, ScheduleExpression.hourly(),
                baseline(abalone.subList(0, 3000).stream().map(LocalMonitorsTest::outputFirst).toList()));
        captureRows(abalone.subList(3000, 3600), null);

        clock.set(Instant.parse("2024-03-05T07:59:59Z"));
        monitors.runDue(project, Runnable::run);
        assertThat(monitors.executions(project, "proj-staging-data-quality")).as("not due before 08:00").isEmpty();

        clock.set(Instant.parse("2024-03-05T08:00:04Z"));
        monitors.runDue(project, Runnable::run);
        monitors.runDue(project, Runnable::run); // claimed once: a second tick in the same hour runs nothing
        List<MonitoringExecution> runs = monitors.executions(project, "proj-staging-data-quality");
        assertThat(runs).hasSize(1);
        MonitoringExecution e = runs.get(0);
        assertThat(e.status()).as(e.toString()).isEqualTo(MonitoringExecutionStatus.Completed);
        assertThat(e.scheduledTime()).isEqualTo(Instant.parse("2024-03-05T08:00:00Z"));
        assertThat(e.windowStart()).isEqualTo(Instant.parse("2024-03-05T07:00:00Z"));
        assertThat(e.records()).isEqualTo(600);
        assertThat(e.exitMessage()).contains("Completed: Job completed successfully with no violations.");
        assertThat(e.reportUri().orElseThrow()).endsWith("monitoring/reports/proj-staging/proj-staging-data-quality/2024/03/05/08");
        assertThat(monitors.reportFiles(project, e)).contains("statistics.json", "constraint_violations.json", "constraints.json");
        assertThat(new String(monitors.readReportFile(project, e, "statistics.json"), StandardCharsets.UTF_8))
                .contains("\"item_count\" : 600");
        assertThat(events()).noneMatch(ev -> ev.type() == ProjectEventType.MonitorViolations);
    }

    @Test
    void badInputIsCountedAndReportedAndEarlierReportsAreKept() throws Exception {
        MonitoringSchedule s = put("proj-staging-data-quality", MonitoringType.DataQuality, ScheduleExpression.hourly(),
                baseline(abalone.subList(0, 3000).stream().map(LocalMonitorsTest::outputFirst).toList()));
        captureRows(abalone.subList(3000, 3300), null);
        MonitoringExecution clean = monitors.runNow(project, s.name());
        assertThat(clean.status()).isEqualTo(MonitoringExecutionStatus.Completed);

        List<String> bad = new ArrayList<>();
        for (String row : abalone.subList(3300, 3600)) {
            String[] f = row.split(",");
            bad.add("X," + f[1] + ",heavy," + String.join(",", List.of(f).subList(3, 9))); // unseen category, text in numeric
        }
        bad.add("M,0.5,0.4,10"); // wrong column count
        captureRows(bad, null);
        Path garbage = capture.root("proj").resolve(ENDPOINT).resolve("AllTraffic/2024/03/05/07/99-99-999-garbage.jsonl");
        Files.writeString(garbage, "{not json\n{\"captureData\":{}}\n");

        MonitoringExecution e = monitors.runNow(project, s.name());
        assertThat(e.status()).isEqualTo(MonitoringExecutionStatus.CompletedWithViolations);
        assertThat(e.violations()).isPositive();
        assertThat(e.inputIssues().get("malformedLines")).isEqualTo(2L);
        assertThat(e.inputIssues().get("rowsWithMissingFields")).isEqualTo(1L);
        String violations = new String(monitors.readReportFile(project, e, "constraint_violations.json"), StandardCharsets.UTF_8);
        assertThat(violations).contains("data_type_check").contains("\"feature_name\" : \"_c3\"");
        ProjectEvent event = events().stream().filter(ev -> ev.type() == ProjectEventType.MonitorViolations)
                .findFirst().orElseThrow();
        assertThat(event.detail()).containsEntry("violations", Integer.toString(e.violations()))
                .containsEntry("report", e.reportUri().orElseThrow()).containsEntry("execution", e.id());
        // the later run of the hour takes SageMaker's yyyy/MM/dd/HH folder, with SageMaker's files and no other
        Path reports = monitors.monitoringDir("proj").resolve("reports").resolve(ENDPOINT).resolve(s.name());
        assertThat(e.reportUri().orElseThrow()).isEqualTo(clean.reportUri().orElseThrow());
        assertThat(monitors.reportFiles(project, e)).containsExactly("constraint_violations.json", "constraints.json",
                "statistics.json");
        try (Stream<Path> tree = Files.walk(reports)) {
            assertThat(tree.filter(Files::isDirectory).map(d -> reports.relativize(d).toString()).filter(d -> !d.isEmpty()))
                    .allMatch(d -> d.matches("\\d{4}(/\\d{2}){0,3}"))
                    .anyMatch(d -> d.matches("\\d{4}/\\d{2}/\\d{2}/\\d{2}"));
        }
        // and the earlier run of the hour keeps its report, moved out of the layout, its execution pointing there
        assertThat(monitors.executions(project, s.name())).extracting(MonitoringExecution::id).containsExactly(e.id(), clean.id());
        MonitoringExecution earlier = monitors.executions(project, s.name()).get(1);
        assertThat(earlier.reportUri().orElseThrow()).isEqualTo(monitors.monitoringDir("proj").resolve("superseded")
                .resolve(ENDPOINT).resolve(s.name()).resolve(clean.id()).toString());
        assertThat(new String(monitors.readReportFile(project, earlier, "statistics.json"), StandardCharsets.UTF_8))
                .contains("\"item_count\" : 300");
        assertThat(new String(monitors.readReportFile(project, e, "statistics.json"), StandardCharsets.UTF_8))
                .doesNotContain("\"item_count\" : 300");
    }

    @Test
    void emptyWindowCompletesWithAReportSayingSo() throws Exception {
        MonitoringSchedule s = put("proj-staging-data-quality", MonitoringType.DataQuality, ScheduleExpression.hourly(),
                baseline(abalone.subList(0, 500).stream().map(LocalMonitorsTest::outputFirst).toList()));
        MonitoringExecution e = monitors.runNow(project, s.name());
        assertThat(e.status()).as(e.toString()).isEqualTo(MonitoringExecutionStatus.Completed);
        assertThat(e.records()).isZero();
        assertThat(e.inputIssues()).containsEntry("emptyWindow", 1L);
        // SageMaker's files only: the run's summary is the execution's own record (status, exit message, issues)
        assertThat(monitors.reportFiles(project, e)).containsExactly("constraint_violations.json", "constraints.json",
                "statistics.json");
        assertThat(e.exitMessage()).hasValue("Completed: Job completed successfully with no violations.");
    }

    @Test
    void baselineOfAnotherSchemaGivesColumnViolationsNotACrash() throws Exception {
        MonitoringSchedule s = put("proj-staging-data-quality", MonitoringType.DataQuality, ScheduleExpression.hourly(),
                baseline(List.of("1,2,3", "4,5,6", "7,8,9")));
        captureRows(abalone.subList(0, 100), null);
        MonitoringExecution e = monitors.runNow(project, s.name());
        assertThat(e.status()).isEqualTo(MonitoringExecutionStatus.CompletedWithViolations);
        assertThat(new String(monitors.readReportFile(project, e, "constraint_violations.json"), StandardCharsets.UTF_8))
                .contains("extra_column_check");
    }

    @Test
    void missingBaselinesFailWithAReason() throws Exception {
        MonitoringSchedule dq = put("proj-staging-data-quality", MonitoringType.DataQuality, ScheduleExpression.hourly(), null);
        MonitoringExecution e = monitors.runNow(project, dq.name());
        assertThat(e.status()).isEqualTo(MonitoringExecutionStatus.Failed);
        assertThat(e.failureReason().orElseThrow()).contains("No data-quality baseline").contains("statistics.json");
        MonitoringSchedule bias = put("proj-staging-model-bias", MonitoringType.ModelBias, ScheduleExpression.hourly(), null);
        assertThat(monitors.runNow(project, bias.name()).failureReason().orElseThrow()).contains("No bias baseline")
                .contains("analysis.json");
        MonitoringSchedule shap = put("proj-staging-model-explainability", MonitoringType.ModelExplainability,
                ScheduleExpression.hourly(), null);
        assertThat(monitors.runNow(project, shap.name()).failureReason().orElseThrow())
                .contains("No explainability baseline").contains("analysis_config.json");
        assertThatThrownBy(() -> monitors.runNow(project, "nope")).isInstanceOf(NotFoundException.class)
                .hasMessageContaining("proj-staging-data-quality");
    }

    @Test
    void modelQualityMergesGroundTruthByInferenceIdAndCountsTheUnmatched() throws Exception {
        MonitoringSchedule s = put("proj-staging-model-quality", MonitoringType.ModelQuality, ScheduleExpression.hourly(), null);
        captureRows(abalone.subList(0, 300), "inf-");
        captureRows(abalone.subList(300, 320), null); // no inference id: cannot be labelled
        List<GroundTruthRecord> labels = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            String rings = abalone.get(i).substring(abalone.get(i).lastIndexOf(',') + 1);
            labels.add(new GroundTruthRecord(rings, CaptureData.Encoding.CSV, "inf-" + i));
        }
        labels.add(new GroundTruthRecord("7", CaptureData.Encoding.CSV, "never-captured"));
        String file = monitors.addGroundTruth(project, ENDPOINT, labels);
        assertThat(file).contains("groundtruth/proj-staging/2024/03/05/07/");
        assertThat(Files.readAllLines(Path.of(file)).get(0))
                .startsWith("{\"groundTruthData\":{\"data\":\"15.0\",\"encoding\":\"CSV\"},\"eventMetadata\":{\"eventId\":\"inf-0\"}");

        MonitoringExecution e = monitors.runNow(project, s.name());
        assertThat(e.status()).as(e.toString()).isEqualTo(MonitoringExecutionStatus.Completed);
        assertThat(e.records()).isEqualTo(250);
        assertThat(e.inputIssues()).containsEntry("capturesWithoutGroundTruth", 70L).containsEntry("groundTruthWithoutCapture", 1L);
        // predictions equal the labels here, so the error is zero
        assertThat(new String(monitors.readReportFile(project, e, "statistics.json"), StandardCharsets.UTF_8))
                .contains("\"mse\"");
    }

    @Test
    void oneOffScheduleRunsOnceOverItsWindow() throws Exception {
        MonitoringSchedule s = put("proj-staging-data-quality", MonitoringType.DataQuality,
                ScheduleExpression.parse("NOW", "-PT1H", "-PT0H"),
                baseline(abalone.subList(0, 1000).stream().map(LocalMonitorsTest::outputFirst).toList()));
        captureRows(abalone.subList(1000, 1200), null);
        clock.advance(Duration.ofMinutes(5));
        monitors.runDue(project, Runnable::run);
        monitors.runDue(project, Runnable::run);
        List<MonitoringExecution> runs = monitors.executions(project, s.name());
        assertThat(runs).as(monitors.schedules(project).toString()).hasSize(1);
        assertThat(runs.get(0).records()).isEqualTo(200);
        assertThat(runs.get(0).windowStart()).isEqualTo(Instant.parse("2024-03-05T06:46:12Z"));
    }
}
