package dev.mlops.monitor.dataquality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.exception.MlopsBackendException;
import dev.mlops.exception.MlopsClientException;
import dev.mlops.monitor.MonitorJson;
import dev.mlops.monitor.MonitoringReport;
import dev.mlops.monitor.Violation;
import dev.mlops.monitor.capture.CaptureData;
import dev.mlops.monitor.capture.CaptureFiles;
import dev.mlops.monitor.capture.CaptureWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input is counted and reported, never a crash, and never destroys files already written. */
class BadInputTest {
    @TempDir
    Path dir;

    private Baseline baseline() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            // label first, then two features, like a SageMaker training CSV without header
            sb.append(i % 2).append(',').append(i % 10).append(',').append(i % 7).append(".5\n");
        }
        Path f = dir.resolve("train.csv");
        Files.writeString(f, sb);
        return DataQuality.suggestBaseline(f, DataQualityOptions.builder().header(false).build());
    }

    private Path captures(String... inputs) {
        Path root = dir.resolve("capture");
        try (CaptureWriter w = CaptureWriter.builder(root, "ep").backgroundRoll(false).build()) {
            int i = 0;
            for (String in : inputs) {
                w.capture(String.valueOf(i++), CaptureData.of("text/csv", CaptureData.Mode.INPUT,
                        in.getBytes(StandardCharsets.UTF_8)),
                        CaptureData.of("text/csv", CaptureData.Mode.OUTPUT, "1".getBytes(StandardCharsets.UTF_8)));
            }
        }
        return root;
    }

    @Test
    void capturedTrafficIsCheckedWithOutputColumnsFirst() throws IOException {
        String[] rows = new String[200];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = (i % 10) + "," + (i % 7) + ".5";
        }
        MonitoringReport<Statistics> r = DataQuality.check(baseline(), CaptureFiles.in(captures(rows)));
        assertThat(r.statistics().itemCount()).isEqualTo(200);
        assertThat(r.statistics().features()).extracting(FeatureStatistics::name).containsExactly("_c0", "_c1", "_c2");
        // the model always answers 1 while the label was half 0: that is drift on _c0 only
        assertThat(r.violations()).extracting(Violation::featureName, Violation::constraintCheckType)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("_c0", Violation.BASELINE_DRIFT_CHECK));
    }

    @Test
    void malformedCaptureLinesAreCountedInTheReport() throws IOException {
        Path root = captures("1,2.5", "3,4.5");
        Path extra = root.resolve("ep/AllTraffic/2030/01/01/00");
        Files.createDirectories(extra);
        Files.writeString(extra.resolve("00-00-000-x.jsonl"), "{broken\nnot json at all\n");
        MonitoringReport<Statistics> r = DataQuality.check(baseline(), CaptureFiles.in(root));
        assertThat(r.inputIssue("malformedLines")).isEqualTo(2);
        assertThat(r.statistics().itemCount()).isEqualTo(2);
        assertThat(MonitorJson.pretty(r.summaryJson())).contains("\"malformedLines\" : 2");
    }

    @Test
    void wrongColumnCountsAreCountedAndShortRowsBecomeMissingValues() throws IOException {
        MonitoringReport<Statistics> r = DataQuality.check(baseline(),
                CaptureFiles.in(captures("1,2.5", "3", "4,5.5,9", "5,6.5")));
        assertThat(r.inputIssue("rowsWithMissingFields")).isEqualTo(1);
        assertThat(r.inputIssue("rowsWithExtraFields")).isEqualTo(1);
        FeatureStatistics c2 = r.statistics().feature("_c2").orElseThrow();
        assertThat(c2.numMissing()).isEqualTo(1);
        assertThat(r.violations()).extracting(Violation::featureName, Violation::constraintCheckType)
                .contains(org.assertj.core.groups.Tuple.tuple("_c2", Violation.COMPLETENESS_CHECK));
    }

    @Test
    void textInNumericColumnsIsReportedAsDataTypeViolation() throws IOException {
        MonitoringReport<Statistics> r = DataQuality.check(baseline(),
                CaptureFiles.in(captures("1,2.5", "oops,3.5", "2,n/a", "3,4.5")));
        assertThat(r.inputIssue("nonNumericValuesInNumericColumns")).isEqualTo(2);
        assertThat(r.violations()).filteredOn(v -> v.constraintCheckType().equals(Violation.DATA_TYPE_CHECK))
                .extracting(Violation::featureName).containsExactly("_c1", "_c2");
        assertThat(r.statistics().feature("_c1").orElseThrow().inferredType()).isEqualTo(InferredType.String);
    }

    @Test
    void emptyWindowGivesAnEmptyReportNotAFailure() throws IOException {
        Path root = captures("1,2.5");
        MonitoringReport<Statistics> r = DataQuality.check(baseline(), CaptureFiles.in(root)
                .between(Instant.parse("2001-01-01T00:00:00Z"), Instant.parse("2001-01-01T01:00:00Z")));
        assertThat(r.statistics().itemCount()).isZero();
        assertThat(r.violations()).isEmpty();
        assertThat(r.inputIssue("emptyWindow")).isEqualTo(1);
        assertThat(r.notes()).anyMatch(n -> n.contains("no rows"));
        Path out = dir.resolve("out");
        r.writeTo(out);
        assertThat(Files.readString(out.resolve("constraint_violations.json"))).isEqualTo("{\n  \"violations\" : [ ]\n}");
        assertThat(Files.readString(out.resolve("statistics.json"))).contains("\"item_count\" : 0");
    }

    @Test
    void baselineFromAnotherSchemaGivesColumnViolations() throws IOException {
        Path other = dir.resolve("other.jsonl");
        Files.writeString(other, "{\"age\": 31, \"city\": \"Oslo\"}\n{\"age\": 40, \"city\": \"Rome\"}\n");
        Baseline foreign = DataQuality.suggestBaseline(other);
        MonitoringReport<Statistics> r = DataQuality.check(foreign, CaptureFiles.in(captures("1,2.5")));
        assertThat(r.violations()).extracting(Violation::constraintCheckType).containsOnly(
                Violation.MISSING_COLUMN_CHECK, Violation.EXTRA_COLUMN_CHECK);
        assertThat(r.violations()).hasSize(5);
    }

    @Test
    void malformedJsonLinesInADatasetAreCounted() throws IOException {
        Path f = dir.resolve("d.jsonl");
        Files.writeString(f, "{\"a\": 1}\n{oops\n[1,2]\n{\"a\": 2, \"b\": \"x\"}\n");
        Baseline b = DataQuality.suggestBaseline(f);
        MonitoringReport<Statistics> r = DataQuality.check(b, f, DataQualityOptions.defaults());
        assertThat(r.inputIssue("malformedLines")).isEqualTo(2);
        assertThat(r.statistics().itemCount()).isEqualTo(2);
        assertThat(r.statistics().feature("b").orElseThrow().numMissing()).isEqualTo(1);
        assertThat(r.violations()).isEmpty();
    }

    @Test
    void failedWriteKeepsThePreviousFile() throws IOException {
        Path target = dir.resolve("reports/statistics.json");
        MonitorJson.writeAtomically(target, MonitorJson.object().put("version", 0.0));
        String before = Files.readString(target);
        // a directory where the temp file must go makes the write fail midway
        Path blocked = dir.resolve("blocked");
        Files.createDirectories(blocked);
        Files.writeString(blocked.resolve("x"), "");
        assertThatThrownBy(() -> MonitorJson.writeAtomically(blocked.resolve("x/statistics.json"),
                MonitorJson.object())).isInstanceOf(MlopsBackendException.class).hasMessageContaining("statistics.json");
        assertThat(Files.readString(target)).isEqualTo(before);
        try (var files = Files.list(target.getParent())) {
            assertThat(files).containsExactly(target);
        }
    }

    @Test
    void missingInputsAreClientErrorsNamingTheFile() {
        assertThatThrownBy(() -> DataQuality.suggestBaseline(dir.resolve("nope.csv")))
                .isInstanceOf(MlopsClientException.class).hasMessageContaining("nope.csv");
        assertThatThrownBy(() -> Baseline.read(dir.resolve("nowhere")))
                .isInstanceOf(MlopsClientException.class).hasMessageContaining("statistics.json");
        assertThatThrownBy(() -> DataQuality.check(baselineUnchecked(), CaptureFiles.in(dir.resolve("none"))))
                .isInstanceOf(MlopsClientException.class).hasMessageContaining("none");
    }

    private Baseline baselineUnchecked() {
        try {
            return baseline();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
