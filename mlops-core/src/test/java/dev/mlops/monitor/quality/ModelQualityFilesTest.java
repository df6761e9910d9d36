package dev.mlops.monitor.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.exception.MlopsClientException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelQualityFilesTest {

    static String sample(String name) throws IOException {
        try (InputStream in = ModelQualityFilesTest.class.getResourceAsStream("/monitor-samples/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void statisticsWithEvaluationTimeRoundTripByteForByte() throws IOException {
        String real = sample("mq_regression_statistics_with_eval_time.json");
        ModelQualityReport r = ModelQualityReport.parse(real);
        assertThat(r.itemCount()).isEqualTo(627);
        assertThat(r.evaluationTime()).contains(Instant.parse("2023-03-30T21:08:34.729Z"));
        assertThat(r.metrics().get("r2").standardDeviation()).isEqualTo(0.02946664105374692);
        assertThat(r.toStatisticsJson()).isEqualTo(real);
    }

    @Test
    void computedStatisticsHaveTheRealFileLayout() throws IOException {
        List<PredictionRow> rows = List.of(PredictionRow.regression(1, 1), PredictionRow.regression(2, 3),
                PredictionRow.regression(3, 2), PredictionRow.regression(4, 6));
        ModelQualityReport r = ModelQuality.regression().compute(rows);
        // the real 100-row fixture with its numbers swapped for ours must equal what we write
        String expected = sample("mq_regression_statistics.json")
                .replace("\"item_count\" : 100", "\"item_count\" : 4")
                .replace("0.5040653554420981", "1.0")
                .replace("0.33364933609800973", "1.5")
                .replace("0.5776238707827177", Double.toString(Math.sqrt(1.5)))
                .replace("-3.208758170289026", Double.toString(1 - 6.0 / 14.0));
        assertThat(r.toStatisticsJson()).isEqualTo(expected);
        String withTime = ModelQuality.regression().withEvaluationTime(Instant.parse("2023-03-30T21:08:34.729Z"))
                .compute(rows).toStatisticsJson();
        assertThat(withTime).contains("\"item_count\" : 4,\n    \"evaluation_time\" : \"2023-03-30T21:08:34.729Z\"\n");
    }

    @Test
    void suggestedConstraintsReproduceTheRealFileByteForByte() throws IOException {
        ModelQualityReport baseline = ModelQualityReport.parse(sample("mq_regression_statistics.json"));
        assertThat(baseline.toStatisticsJson()).isEqualTo(sample("mq_regression_statistics.json"));
        String constraints = sample("mq_regression_constraints.json");
        assertThat(baseline.suggestConstraints().toJson()).isEqualTo(constraints);
        assertThat(ModelQualityConstraints.parse(constraints)).isEqualTo(baseline.suggestConstraints());
    }

    @Test
    void violationsUseSageMakersWordingAndCamelCaseNames() throws IOException {
        ModelQualityConstraints c = ModelQualityConstraints.parse(sample("mq_regression_constraints.json"));
        List<PredictionRow> rows = List.of(PredictionRow.regression(1, 1), PredictionRow.regression(2, 3),
                PredictionRow.regression(3, 2), PredictionRow.regression(4, 6));
        List<ModelQualityViolation> v = c.check(ModelQuality.regression().compute(rows));
        // mae 1.0, mse 1.5, rmse 1.22 all above their thresholds; r2 0.57 is above -3.2, so no violation
        assertThat(v).extracting(ModelQualityViolation::metricName).containsExactly("mae", "mse", "rmse");
        assertThat(v.get(0).description())
                .isEqualTo("Metric mae with 1.0 +/- NaN was GreaterThanThreshold '0.5040653554420981'");
        assertThat(v.get(0).constraintCheckType()).isEqualTo("GreaterThanThreshold");
        assertThat(ModelQualityConstraints.violationsJson(v)).startsWith(
                "{\n  \"violations\" : [ {\n    \"metric_name\" : \"mae\",\n    \"constraint_check_type\" : "
                        + "\"GreaterThanThreshold\",\n    \"description\" : \"Metric mae with 1.0 +/- NaN was");

        ModelQualityReport binary = ModelQuality.binaryClassification().compute(List.of(
                PredictionRow.classification("1", "1"), PredictionRow.classification("0", "1"),
                PredictionRow.classification("0", "0")));
        ModelQualityConstraints strict = binary.suggestConstraints()
                .with("true_positive_rate", new MetricConstraint(0.9, ComparisonOperator.LessThanThreshold));
        assertThat(strict.constraints().get("false_positive_rate").comparisonOperator())
                .isEqualTo(ComparisonOperator.GreaterThanThreshold);
        assertThat(strict.check(binary)).singleElement().satisfies(x -> {
            assertThat(x.metricName()).isEqualTo("truePositiveRate");
            assertThat(x.description()).isEqualTo("Metric truePositiveRate with 0.5 +/- NaN was LessThanThreshold '0.9'");
        });
    }

    @Test
    void malformedFilesAreClientErrors() {
        assertThatThrownBy(() -> ModelQualityReport.parse("{\"version\":0.0}"))
                .isInstanceOf(MlopsClientException.class).hasMessageContaining("regression_metrics");
        assertThatThrownBy(() -> ModelQualityConstraints.parse(
                "{\"regression_constraints\":{\"mae\":{\"threshold\":1,\"comparison_operator\":\"Bigger\"}}}"))
                .isInstanceOf(MlopsClientException.class).hasMessageContaining("regression_constraints.mae");
    }
}
