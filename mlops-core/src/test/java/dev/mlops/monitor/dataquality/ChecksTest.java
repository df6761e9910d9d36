package dev.mlops.monitor.dataquality;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.monitor.MonitorJson;
import dev.mlops.monitor.MonitoringReport;
import dev.mlops.monitor.Violation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One test per violation type, plus suggested constraints and file layout. */
class ChecksTest {
    @TempDir
    Path dir;

    private Path csv(String name, String content) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, content);
        return f;
    }

    private static String numbers(String header, int n, java.util.function.IntFunction<String> row) {
        StringBuilder sb = new StringBuilder(header).append('\n');
        for (int i = 0; i < n; i++) {
            sb.append(row.apply(i)).append('\n');
        }
        return sb.toString();
    }

    private Baseline baseline() throws IOException {
        return DataQuality.suggestBaseline(csv("train.csv",
                numbers("x,color", 1000, i -> (i % 100) + "," + (i % 3 == 0 ? "red" : "blue"))));
    }

    private MonitoringReport<Statistics> check(Baseline b, String content) throws IOException {
        return DataQuality.check(b, csv("cur" + System.nanoTime() + ".csv", content), DataQualityOptions.defaults());
    }

    private static List<String> types(MonitoringReport<Statistics> r) {
        return r.violations().stream().map(Violation::constraintCheckType).toList();
    }

    @Test
    void suggestedConstraintsLookLikeTheRealContainerOutput() throws IOException {
        Baseline b = DataQuality.suggestBaseline(csv("t.csv", "_c0,_c1\n1.0,0.0\n2.0,1.0\n"));
        String json = MonitorJson.pretty(b.constraints().toJson());
        String real = RealStatisticsReproductionTest.resource("dq_constraints_real.json");
        // the real file has 6 features; its first two and its monitoring_config must match ours exactly
        int firstTwoEnd = real.indexOf("  }, {\n    \"name\" : \"_c2\"");
        int configStart = real.indexOf("  } ],\n  \"monitoring_config\"");
        String expected = real.substring(0, firstTwoEnd) + real.substring(configStart);
        assertThat(json).isEqualTo(expected);
    }

    @Test
    void sameDistributionHasNoViolations() throws IOException {
        MonitoringReport<Statistics> r = check(baseline(),
                numbers("x,color", 1000, i -> ((i * 7) % 100) + "," + (i % 3 == 1 ? "red" : "blue")));
        assertThat(r.violations()).isEmpty();
        assertThat(r.status()).isEqualTo("Completed");
        assertThat(r.exitMessage()).isEqualTo("Completed: Job completed successfully with no violations.");
    }

    @Test
    void dataTypeCheckUsesTheRealDescription() throws IOException {
        MonitoringReport<Statistics> r = check(baseline(),
                numbers("x,color", 1000, i -> (i == 5 ? "abc" : String.valueOf(i % 100)) + ",red"));
        assertThat(r.violations()).contains(new Violation("x", Violation.DATA_TYPE_CHECK,
                "Data type match requirement is not met. Expected data type: Integral, Expected match: 100.0%. "
                        + "Observed: Only 99.9% of data is Integral."));
        assertThat(r.inputIssue("nonNumericValuesInNumericColumns")).isEqualTo(1);
    }

    @Test
    void fractionalValuesInAnIntegralColumnBreakTheTypeCheck() throws IOException {
        MonitoringReport<Statistics> r = check(baseline(), numbers("x,color", 4, i -> i + ".5,red"));
        assertThat(r.violations()).filteredOn(v -> v.constraintCheckType().equals(Violation.DATA_TYPE_CHECK))
                .extracting(Violation::description).first().asString().endsWith("Only 0.0% of data is Integral.");
    }

    @Test
    void completenessCheckFiresOnMissingValues() throws IOException {
        MonitoringReport<Statistics> r = check(baseline(),
                numbers("x,color", 1000, i -> (i % 4 == 0 ? "" : String.valueOf(i % 100)) + ",blue"));
        assertThat(r.violations()).contains(new Violation("x", Violation.COMPLETENESS_CHECK,
                "Value: 0.75 does not meet the constraint requirement! "));
    }

    @Test
    void baselineDriftCheckFiresForShiftedNumbers() throws IOException {
        MonitoringReport<Statistics> r = check(baseline(),
                numbers("x,color", 1000, i -> (50 + i % 100) + "," + (i % 3 == 0 ? "red" : "blue")));
        assertThat(r.violations()).hasSize(1);
        Violation v = r.violations().get(0);
        assertThat(v.featureName()).isEqualTo("x");
        assertThat(v.constraintCheckType()).isEqualTo(Violation.BASELINE_DRIFT_CHECK);
        // simple L-inf = 0.5 (half the mass moved beyond the baseline's range); robust subtracts 1.8*sqrt(2/1000)
        double expected = 0.5 - 1.8 * Math.sqrt(2000.0 / (1000.0 * 1000.0));
        assertThat(v.description()).isEqualTo("Numerical distance: " + expected + " exceeds numerical threshold: 0.1");
        assertThat(r.status()).isEqualTo("CompletedWithViolations");
    }

    @Test
    void baselineDriftCheckFiresForShiftedCategories() throws IOException {
        MonitoringReport<Statistics> r = check(baseline(), numbers("x,color", 1000,
                i -> (i % 100) + "," + (i % 3 == 0 ? "blue" : "red")));
        Violation v = r.violations().stream()
                .filter(x -> x.constraintCheckType().equals(Violation.BASELINE_DRIFT_CHECK)).findFirst().orElseThrow();
        assertThat(v.featureName()).isEqualTo("color");
        assertThat(v.description()).startsWith("Categorical distance: ").endsWith(" exceeds categorical threshold: 0.1");
    }

    @Test
    void categoricalValuesCheckFiresOnUnknownValues() throws IOException {
        MonitoringReport<Statistics> r = check(baseline(), numbers("x,color", 1000,
                i -> (i % 100) + "," + (i % 3 == 0 ? "red" : i == 1 ? "green" : "blue")));
        assertThat(r.violations()).contains(new Violation("color", Violation.CATEGORICAL_VALUES_CHECK,
                "Value: 0.999 does not meet the constraint requirement! "));
    }

    @Test
    void missingAndExtraColumnsAreReported() throws IOException {
        Baseline b = baseline();
        MonitoringReport<Statistics> r = check(b, numbers("x,size", 10, i -> i + ",big"));
        assertThat(types(r)).contains(Violation.MISSING_COLUMN_CHECK, Violation.EXTRA_COLUMN_CHECK);
        assertThat(r.violations()).filteredOn(v -> v.constraintCheckType().equals(Violation.MISSING_COLUMN_CHECK))
                .extracting(Violation::featureName).containsExactly("color");
        assertThat(r.violations()).filteredOn(v -> v.constraintCheckType().equals(Violation.EXTRA_COLUMN_CHECK))
                .extracting(Violation::featureName).containsExactly("size");
    }

    @Test
    void reportFilesAreWrittenInTheRealLayout() throws IOException {
        MonitoringReport<Statistics> r = check(baseline(), numbers("x,color", 4, i -> i + ".5,red"));
        Path out = dir.resolve("out");
        r.writeTo(out);
        String violations = Files.readString(out.resolve("constraint_violations.json"));
        assertThat(violations).startsWith("{\n  \"violations\" : [ {\n    \"feature_name\" : \"x\",\n"
                + "    \"constraint_check_type\" : \"data_type_check\",\n");
        assertThat(violations).doesNotEndWith("\n");
        assertThat(Statistics.read(out.resolve("statistics.json")).itemCount()).isEqualTo(4);
        assertThat(MonitorJson.pretty(r.summaryJson())).contains("\"status\" : \"CompletedWithViolations\"");
        // the files of SageMaker's output prefix and no other: the summary is not one of them
        try (var files = Files.list(out)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(
                    "statistics.json", "constraint_violations.json");
        }
    }

    @Test
    void baselineRoundTripsThroughFiles() throws IOException {
        Baseline b = baseline();
        b.writeTo(dir.resolve("baseline"));
        Baseline read = Baseline.read(dir.resolve("baseline"));
        assertThat(MonitorJson.pretty(read.statistics().toJson())).isEqualTo(MonitorJson.pretty(b.statistics().toJson()));
        assertThat(MonitorJson.pretty(read.constraints().toJson()))
                .isEqualTo(MonitorJson.pretty(b.constraints().toJson()));
        assertThat(read.constraints().feature("color").orElseThrow().domains().orElseThrow())
                .containsExactly("blue", "red");
    }

    @Test
    void legacyViolationsFileLayoutIsReproduced() throws IOException {
        String real = RealStatisticsReproductionTest.resource("dq_violations_legacy_format.json");
        var root = MonitorJson.mapper().readTree(real);
        List<Violation> vs = new java.util.ArrayList<>();
        root.path("violations").forEach(v -> vs.add(new Violation(v.path("feature_name").asText(),
                v.path("constraint_check_type").asText(), v.path("description").asText())));
        MonitoringReport<Statistics> r = new MonitoringReport<>(new Statistics(0, List.of()), vs,
                java.util.Map.of(), List.of());
        // this SDK fixture ends with one newline (the container's own output, like the statistics file, has none)
        assertThat(MonitorJson.pretty(r.violationsJson()) + "\n").isEqualTo(real);
    }
}
