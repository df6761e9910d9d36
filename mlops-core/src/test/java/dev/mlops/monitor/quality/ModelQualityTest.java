package dev.mlops.monitor.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mlops.exception.MlopsClientException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ModelQualityTest {

    @Test
    void regressionMetricsMatchHandComputedValues() {
        // errors 0, -1, 1, -2; ground truth mean 3, total sum of squares 4 + 0 + 1 + 9 = 14
        List<PredictionRow> rows = List.of(PredictionRow.regression(1, 1), PredictionRow.regression(2, 3),
                PredictionRow.regression(3, 2), PredictionRow.regression(4, 6));
        ModelQualityReport r = ModelQuality.regression().compute(rows);
        assertThat(r.itemCount()).isEqualTo(4);
        assertThat(r.value("mae")).isEqualTo(1.0);
        assertThat(r.value("mse")).isEqualTo(1.5);
        assertThat(r.value("rmse")).isEqualTo(Math.sqrt(1.5));
        assertThat(r.value("r2")).isEqualTo(1 - 6.0 / 14.0);
        assertThat(r.metrics().get("mae").standardDeviation()).isNaN();
        assertThat(r.metrics().keySet()).containsExactly("mae", "mse", "rmse", "r2");
    }

    @Test
    void binaryMetricsReproduceTheDocumentationExample() {
        // confusion matrix of the AWS docs: actual 0 -> {0: 1, 1: 2}, actual 1 -> {0: 0, 1: 1}
        List<PredictionRow> rows = List.of(PredictionRow.classification("0", "0"),
                PredictionRow.classification("1", "0"), PredictionRow.classification("1", "0"),
                PredictionRow.classification("1", "1"));
        ModelQualityReport r = ModelQuality.binaryClassification().compute(rows);
        assertThat(r.confusionMatrix()).isEqualTo(Map.of("0", Map.of("0", 1L, "1", 2L), "1", Map.of("0", 0L, "1", 1L)));
        assertThat(r.value("recall")).isEqualTo(1.0);
        assertThat(r.value("precision")).isEqualTo(0.3333333333333333);
        assertThat(r.value("accuracy")).isEqualTo(0.5);
        assertThat(r.value("true_positive_rate")).isEqualTo(1.0);
        // the docs print exactly 0.33333333333333337, i.e. 1 - FPR
        assertThat(r.value("true_negative_rate")).isEqualTo(0.33333333333333337);
        assertThat(r.value("false_positive_rate")).isEqualTo(0.6666666666666666);
        assertThat(r.value("false_negative_rate")).isEqualTo(0.0);
        assertThat(r.value("f0_5")).isEqualTo(0.3846153846153846);
        assertThat(r.value("f1")).isEqualTo(0.5);
        assertThat(r.value("f2")).isEqualTo(0.7142857142857143);
        // majority ground truth class is "0" (3 of 4): constant classifier never predicts positive
        assertThat(r.value("accuracy_best_constant_classifier")).isEqualTo(0.75);
        assertThat(r.value("recall_best_constant_classifier")).isEqualTo(0.0);
        assertThat(r.value("f1_best_constant_classifier")).isEqualTo(0.0);
        assertThat(r.metrics()).doesNotContainKey("auc");
        assertThat(r.rocCurve()).isEmpty();
    }

    @Test
    void rocPrCurvesAndAucFollowSparkShape() {
        List<PredictionRow> rows = List.of(PredictionRow.binary(null, 0.9, "1"), PredictionRow.binary(null, 0.8, "0"),
                PredictionRow.binary(null, 0.7, "1"), PredictionRow.binary(null, 0.1, "0"));
        ModelQualityReport r = ModelQuality.binaryClassification().compute(rows);
        // 3 of the 4 positive/negative pairs are ranked correctly
        assertThat(r.value("auc")).isEqualTo(0.75);
        assertThat(r.rocCurve().orElseThrow().x()).containsExactly(0.0, 0.0, 0.5, 0.5, 1.0, 1.0);
        assertThat(r.rocCurve().orElseThrow().y()).containsExactly(0.0, 0.5, 0.5, 1.0, 1.0, 1.0);
        assertThat(r.precisionRecallCurve().orElseThrow().y()).containsExactly(1.0, 1.0, 0.5, 2.0 / 3.0, 0.5);
        assertThat(r.precisionRecallCurve().orElseThrow().x()).containsExactly(0.0, 0.5, 0.5, 1.0, 1.0);
        // labels come from the 0.5 threshold: 0.9 and 0.8 and 0.7 are positive
        assertThat(r.value("precision")).isEqualTo(2.0 / 3.0);
        assertThat(ModelQuality.binaryClassification().withProbabilityThreshold(0.85).compute(rows)
                .value("precision")).isEqualTo(1.0);
        String json = r.toStatisticsJson();
        assertThat(json.indexOf("\"false_negative_rate\"")).isLessThan(json.indexOf("\"receiver_operating"));
        assertThat(json.indexOf("\"precision_recall_curve\"")).isLessThan(json.indexOf("\"auc\""));
        assertThat(json).contains("\"false_positive_rates\" : [ 0.0, 0.0, 0.5, 0.5, 1.0, 1.0 ]");
    }

    @Test
    void multiclassWeightedMetricsMatchHandComputedValues() {
        String[] actual = {"a", "a", "a", "b", "b", "c"};
        String[] predicted = {"a", "a", "b", "b", "c", "c"};
        List<PredictionRow> rows = new ArrayList<>();
        for (int i = 0; i < actual.length; i++) {
            rows.add(PredictionRow.classification(predicted[i], actual[i]));
        }
        ModelQualityReport r = ModelQuality.multiclassClassification().compute(rows);
        assertThat(r.confusionMatrix().get("a")).containsExactly(Map.entry("a", 2L), Map.entry("b", 1L),
                Map.entry("c", 0L));
        assertThat(r.value("accuracy")).isCloseTo(4.0 / 6, within(1e-15));
        assertThat(r.value("weighted_recall")).isCloseTo(2.0 / 3, within(1e-15));
        // precision a = 1, b = 1/2, c = 1/2 weighted by support 3/6, 2/6, 1/6
        assertThat(r.value("weighted_precision")).isCloseTo(0.75, within(1e-15));
        // F1: a 0.8, b 0.5, c 2/3
        assertThat(r.value("weighted_f1")).isCloseTo(0.5 * 0.8 + 0.5 / 3 + (2.0 / 3) / 6, within(1e-15));
        assertThat(r.value("accuracy_best_constant_classifier")).isEqualTo(0.5);
        assertThat(r.value("weighted_precision_best_constant_classifier")).isEqualTo(0.25);
        assertThat(r.value("weighted_f1_best_constant_classifier")).isCloseTo(0.5 * (2 * 0.5 / 1.5), within(1e-15));
    }

    @Test
    void standardDeviationAppearsFrom200RowsAndIsRepeatableWithASeed() {
        Random random = new Random(7);
        List<PredictionRow> rows = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            double truth = random.nextGaussian();
            rows.add(PredictionRow.regression(truth + random.nextGaussian() * 0.3, truth));
        }
        ModelQualityReport a = ModelQuality.regression().withSeed(1).compute(rows);
        ModelQualityReport b = ModelQuality.regression().withSeed(1).compute(rows);
        double sd = a.metrics().get("mae").standardDeviation();
        assertThat(sd).isPositive().isLessThan(0.05);
        assertThat(b.metrics().get("mae").standardDeviation()).isEqualTo(sd);
        assertThat(ModelQuality.regression().withSeed(2).compute(rows).metrics().get("mae").standardDeviation())
                .isNotEqualTo(sd);
        assertThat(ModelQuality.regression().compute(rows.subList(0, 199)).metrics().get("mae")
                .standardDeviation()).isNaN();
    }

    @Test
    void unusableRowsAreCountedNotFatal() {
        List<PredictionRow> rows = List.of(PredictionRow.regression(1, 1),
                new PredictionRow("NaN", null, "2"), new PredictionRow("abc", null, "2"),
                new PredictionRow("3", null, null), PredictionRow.regression(2, 4));
        ModelQualityReport r = ModelQuality.regression().compute(rows);
        assertThat(r.itemCount()).isEqualTo(2);
        assertThat(r.skippedRows()).containsEntry("prediction is NaN", 1L)
                .containsEntry("prediction is not a number", 1L).containsEntry("ground truth is missing", 1L);
        assertThat(r.value("mae")).isEqualTo(1.0);
    }

    @Test
    void noUsableRowsIsAClientErrorSayingWhy() {
        assertThatThrownBy(() -> ModelQuality.binaryClassification().compute(List.of()))
                .isInstanceOf(MlopsClientException.class).hasMessageContaining("no rows were given");
        assertThatThrownBy(() -> ModelQuality.multiclassClassification()
                .compute(List.of(new PredictionRow("a", null, null))))
                .isInstanceOf(MlopsClientException.class)
                .hasMessageContaining("MulticlassClassification").hasMessageContaining("ground truth is missing");
    }
}
