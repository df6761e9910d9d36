package dev.mlops.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.monitor.MonitorJob;
import dev.mlops.monitor.MonitorJobResult;
import dev.mlops.monitor.MonitoringExecutionStatus;
import dev.mlops.monitor.MonitoringReport;
import dev.mlops.monitor.MonitoringType;
import dev.mlops.monitor.ScoringFunction;
import dev.mlops.monitor.capture.CaptureData;
import dev.mlops.monitor.capture.CaptureFiles;
import dev.mlops.monitor.capture.CaptureWriter;
import dev.mlops.monitor.dataquality.Baseline;
import dev.mlops.monitor.dataquality.DataQuality;
import dev.mlops.monitor.dataquality.Statistics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitors on files (README "Monitoring", docs/monitoring.md): a data-quality baseline from a training CSV checked
 * against capture files, and an explainability baseline and run over captures in a window.
 */
class MonitoringDocTest {
    private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");

    @TempDir
    Path dir;

    @Test
    void dataQuality_onFiles_flagsShiftedTraffic() throws Exception {
        // Training rows as the captures will show them: the prediction first, then the two inputs.
        Random random = new Random(7);
        StringBuilder csv = new StringBuilder("_c0,_c1,_c2\n");
        for (int i = 0; i < 500; i++) {
            double a = random.nextDouble();
            double b = random.nextDouble();
            csv.append(3 * a + b).append(',').append(a).append(',').append(b).append('\n');
        }
        Path trainCsv = dir.resolve("train.csv");
        Files.writeString(trainCsv, csv);
        Path captureDir = dir.resolve("datacapture/abalone-prod");
        capture(captureDir, "abalone-prod", 200, 50.0, random);   // inputs far outside the training range
        Path outDir = dir.resolve("out");

        // tag::files[]
        // tag::data-quality[]
        Baseline baseline = DataQuality.suggestBaseline(trainCsv);               // statistics.json + constraints.json
        MonitoringReport<Statistics> report = DataQuality.check(baseline, CaptureFiles.in(captureDir));
        report.violations().forEach(System.out::println);
        // end::data-quality[]
        report.writeTo(outDir);          // statistics.json, constraint_violations.json
        // end::files[]
        assertThat(report.violations()).isNotEmpty();
        assertThat(outDir.resolve("constraint_violations.json")).isRegularFile();
        assertThat(outDir.resolve("statistics.json")).isRegularFile();
    }

    @Test
    void explainability_baselineThenMonitor() throws Exception {
        Random random = new Random(11);
        List<String[]> trainingRows = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            trainingRows.add(new String[] {Integer.toString(20 + random.nextInt(50)), Integer.toString(20_000 + random.nextInt(80_000))});
        }
        Path captureDir = dir.resolve("datacapture/shop");
        try (CaptureWriter w = CaptureWriter.builder(captureDir, "shop").clock(Clock.fixed(T0, ZoneOffset.UTC))
                .backgroundRoll(false).build()) {
            for (int i = 0; i < 100; i++) {
                String[] row = trainingRows.get(i);
                w.capture("i" + i, CaptureData.of("text/csv", CaptureData.Mode.INPUT, String.join(",", row).getBytes(StandardCharsets.UTF_8)),
                        CaptureData.of("text/csv", CaptureData.Mode.OUTPUT, "1".getBytes(StandardCharsets.UTF_8)));
            }
        }
        Instant from = T0;
        Instant to = T0.plusSeconds(60);
        Path baselineDir = dir.resolve("baseline");
        // tag::explainability[]
        ScoringFunction model = ScoringFunction.of(List.of("age", "income"), row -> 0.3 * row[0] + 0.01 * row[1]);
        MonitorJobResult baseline = MonitorJob.baseline(MonitoringType.ModelExplainability)
                .model(model).rows(trainingRows).build().run();
        baseline.writeTo(baselineDir);                    // analysis.json, analysis_config.json

        MonitorJobResult run = MonitorJob.monitor(MonitoringType.ModelExplainability)
                .model(model).baseline(baselineDir)
                .captures(CaptureFiles.in(captureDir).between(from, to))
                .build().run();
        run.status();                                     // Completed, CompletedWithViolations or Failed (with the reason)
        run.violations();                                 // and run.writeTo(dir): analysis.json, constraint_violations.json
        // end::explainability[]
        assertThat(baselineDir.resolve("analysis.json")).isRegularFile();
        assertThat(run.status()).isIn(MonitoringExecutionStatus.Completed, MonitoringExecutionStatus.CompletedWithViolations);
        assertThat(run.records()).isEqualTo(100);
    }

    private static void capture(Path dir, String endpoint, int n, double shift, Random random) {
        try (CaptureWriter w = CaptureWriter.builder(dir, endpoint).clock(Clock.fixed(T0, ZoneOffset.UTC))
                .backgroundRoll(false).build()) {
            for (int i = 0; i < n; i++) {
                double a = random.nextDouble() + shift;
                double b = random.nextDouble();
                w.capture("i" + i, CaptureData.of("text/csv", CaptureData.Mode.INPUT, (a + "," + b).getBytes(StandardCharsets.UTF_8)),
                        CaptureData.of("text/csv", CaptureData.Mode.OUTPUT, Double.toString(3 * a + b).getBytes(StandardCharsets.UTF_8)));
            }
        }
    }
}
