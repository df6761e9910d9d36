package dev.mlops.monitor.bias;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mlops.exception.MlopsClientException;
import dev.mlops.exception.ValidationException;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class BiasTest {

    // Facet d = sex 0 (rows 1-4), facet a = sex 1 (rows 5-10). Numbers in the tests are worked out by hand
    // from this table.
    static final String CSV = """
            x,sex,group,label,pred
            1.0,0,1,1,1
            2.0,0,1,0,1
            3.0,0,2,0,0
            5.8,0,2,0,0
            1.5,1,1,1,1
            2.5,1,1,1,1
            3.5,1,2,1,0
            4.5,1,2,0,0
            5.0,1,1,1,1
            6.0,1,2,0,1
            """;

    static BiasDataset data() {
        return BiasDataset.readCsv(new StringReader(CSV));
    }

    static BiasConfig.Builder config() {
        return BiasConfig.builder().label("label").labelValues("1").facet("sex").facetValues("0")
                .predictedLabel("pred").groupVariable("group");
    }

    static double value(BiasReport r, String name) {
        return r.metric(name).orElseThrow().value();
    }

    @Test
    void preTrainingMetricsFollowClarifysConventions() {
        BiasReport r = Bias.analyze(data(), config().build());
        double qa = 4.0 / 6;
        double qd = 1.0 / 4;
        assertThat(value(r, "CI")).isCloseTo(0.2, within(1e-15));
        assertThat(value(r, "DPL")).isCloseTo(qa - qd, within(1e-15));
        // KL(Pa || Pd) over the two-valued label distribution
        double kl = (1 - qa) * Math.log((1 - qa) / (1 - qd)) + qa * Math.log(qa / qd);
        assertThat(value(r, "KL")).isCloseTo(kl, within(1e-15));
        double mNeg = (2 - qa - qd) / 2;
        double mPos = (qa + qd) / 2;
        double js = 0.5 * ((1 - qa) * Math.log((1 - qa) / mNeg) + qa * Math.log(qa / mPos)
                + (1 - qd) * Math.log((1 - qd) / mNeg) + qd * Math.log(qd / mPos));
        assertThat(value(r, "JS")).isCloseTo(js, within(1e-15));
        // with two outcomes, TVD = KS = |DPL| and LP = sqrt(2)|DPL| (also true of Clarify's real baseline)
        assertThat(value(r, "TVD")).isCloseTo(qa - qd, within(1e-15));
        assertThat(value(r, "KS")).isCloseTo(qa - qd, within(1e-15));
        assertThat(value(r, "LP")).isCloseTo(Math.sqrt(2) * (qa - qd), within(1e-15));
        // group 1: d share of negatives 1/1 minus d share of positives 1/4; group 2: 2/4 minus 0/1
        assertThat(value(r, "CDDL")).isCloseTo((5 * 0.75 + 5 * 0.5) / 10, within(1e-15));
        assertThat(r.preTraining().get(0).metrics()).extracting(BiasMetric::name)
                .containsExactly("CDDL", "CI", "DPL", "JS", "KL", "KS", "LP", "TVD");
    }

    @Test
    void postTrainingMetricsFollowSmclarifysSigns() {
        BiasReport r = Bias.analyze(data(), config().build());
        // d: TP 1, FP 1, TN 2, FN 0; a: TP 3, FP 1, TN 1, FN 1
        assertThat(value(r, "DPPL")).isCloseTo(4.0 / 6 - 0.5, within(1e-15));
        assertThat(value(r, "DI")).isCloseTo(0.5 / (4.0 / 6), within(1e-15));
        assertThat(value(r, "DCA")).isCloseTo(4.0 / 4 - 1.0 / 2, within(1e-15));
        assertThat(value(r, "DCR")).isCloseTo(3.0 / 2 - 2.0 / 2, within(1e-15));
        assertThat(value(r, "RD")).isCloseTo(3.0 / 4 - 1.0, within(1e-15));
        assertThat(value(r, "SD")).isCloseTo(2.0 / 3 - 1.0 / 2, within(1e-15));
        assertThat(value(r, "DAR")).isCloseTo(3.0 / 4 - 1.0 / 2, within(1e-15));
        assertThat(value(r, "DRR")).isCloseTo(2.0 / 2 - 1.0 / 2, within(1e-15));
        assertThat(value(r, "AD")).isCloseTo(4.0 / 6 - 3.0 / 4, within(1e-15));
        assertThat(value(r, "TE")).isCloseTo(0.0 / 1 - 1.0 / 1, within(1e-15));
        // b = prediction - label + 1 is 1 seven times, 2 twice, 0 once; mean 1.1
        assertThat(value(r, "GE")).isCloseTo((15 / 1.21 - 10) / 20, within(1e-15));
        // group 1: no predicted negatives, 2 of 5 predicted positives in d; group 2: 2 of 4 negatives, 0 of 1
        assertThat(value(r, "CDDPL")).isCloseTo((5 * -0.4 + 5 * 0.5) / 10, within(1e-15));
        // a has 6 rows, so 1 neighbour: only row 4 (x 5.8) flips, its nearest a-row (x 6.0) was predicted 1
        assertThat(value(r, "FT")).isEqualTo(-0.25);
    }

    @Test
    void flipTestUsesFiveNeighboursOnlyWhenFacetAHasMoreThanNineRows() {
        // facet a: x = 0..9, the model predicts positive only at x = 5; facet d: one row at x = 5.1, predicted 1
        List<List<Object>> rows = new java.util.ArrayList<>();
        for (int x = 0; x <= 9; x++) {
            rows.add(List.of(x, 1, 0, x == 5 ? 1 : 0));
        }
        rows.add(List.of(5.1, 0, 1, 1));
        BiasConfig c = BiasConfig.builder().label("y").labelValues("1").facet("f").facetValues("0")
                .predictedLabel("p").build();
        // 5 neighbours (5, 6, 4, 7, 3) vote 1 of 5 for positive, so the row flips from positive to negative
        assertThat(value(Bias.analyze(BiasDataset.of(List.of("x", "f", "y", "p"), rows), c), "FT")).isEqualTo(1.0);
        // with 9 rows in facet a a single neighbour (x = 5) decides and agrees with the model
        assertThat(value(Bias.analyze(BiasDataset.of(List.of("x", "f", "y", "p"), rows.subList(1, rows.size())), c),
                "FT")).isEqualTo(0.0);
    }

    @Test
    void divisionByZeroGivesInfinityWrittenAsAString() {
        // facet d has a false negative but no false positive: FN_d/FP_d is +infinity
        BiasDataset data = BiasDataset.of(List.of("f", "y", "p"), List.of(
                List.of(0, 1, 0), List.of(0, 1, 1), List.of(1, 0, 1), List.of(1, 1, 0), List.of(1, 0, 0)));
        BiasReport r = Bias.analyze(data, BiasConfig.builder().label("y").labelValues("1").facet("f")
                .facetValues("0").predictedLabel("p").build());
        assertThat(value(r, "TE")).isEqualTo(Double.POSITIVE_INFINITY);
        String key = "\n" + " ".repeat(28);
        assertThat(r.toAnalysisJson()).contains("\"name\": \"TE\"," + key
                + "\"description\": \"Treatment Equality (TE)\"," + key + "\"value\": \"Infinity\"\n");
    }

    @Test
    void missingGroupVariableAndNonNumericColumnsBecomeMetricErrors() {
        BiasDataset data = BiasDataset.of(List.of("name", "f", "y", "p"), List.of(
                List.of("ann", 0, 1, 1), List.of("bob", 0, 0, 1), List.of("cy", 1, 1, 0), List.of("di", 1, 0, 0)));
        BiasReport r = Bias.analyze(data, BiasConfig.builder().label("y").labelValues("1").facet("f")
                .facetValues("0").predictedLabel("p").build());
        assertThat(r.metric("CDDL").orElseThrow().error()).isEqualTo("Group variable is empty or not provided");
        assertThat(r.metric("FT").orElseThrow().error()).isEqualTo("FlipTest does not support non-numeric columns");
        String key = "\n" + " ".repeat(28);
        assertThat(r.toAnalysisJson()).contains(" ".repeat(24) + "{" + key
                + "\"description\": \"Conditional Demographic Disparity in Labels (CDDL)\"," + key
                + "\"error\": \"Group variable is empty or not provided\"," + key + "\"name\": \"CDDL\"," + key
                + "\"value\": null\n");
        assertThat(value(r, "DPL")).isEqualTo(0.0);

        // every row a false negative: GE is undefined and Clarify says why
        BiasDataset allMissed = BiasDataset.of(List.of("f", "y", "p"), List.of(
                List.of(0, 1, 0), List.of(1, 1, 0)));
        BiasReport missed = Bias.analyze(allMissed, BiasConfig.builder().label("y").labelValues("1").facet("f")
                .facetValues("0").predictedLabel("p").build());
        assertThat(missed.metric("GE").orElseThrow().error()).startsWith("All predicted labels are false negatives");
        assertThat(missed.metric("CDDL").orElseThrow().hasValue()).isFalse();
    }

    @Test
    void facetThresholdAndOneVersusRestAreLabelledLikeClarify() {
        BiasReport byThreshold = Bias.analyze(data(), config().facetThreshold(0.5).build());
        assertThat(byThreshold.preTraining()).singleElement()
                .satisfies(f -> assertThat(f.valueOrThreshold()).isEqualTo("(0.5, 1.0]"));
        // d = sex 1 now, so DPL changes sign compared with facet value 0
        assertThat(value(byThreshold, "DPL")).isCloseTo(1.0 / 4 - 4.0 / 6, within(1e-15));

        BiasReport oneVsRest = Bias.analyze(data(), BiasConfig.builder().label("label").labelValues("1")
                .facet("group").build());
        assertThat(oneVsRest.preTraining()).extracting(FacetMetrics::valueOrThreshold).containsExactly("1", "2");
        assertThat(oneVsRest.postTraining()).isEmpty();
        assertThat(oneVsRest.toAnalysisJson()).doesNotContain("post_training_bias_metrics");

        BiasReport labelThreshold = Bias.analyze(data(), BiasConfig.builder().label("x").labelThreshold(3)
                .facet("sex").facetValues("0").build());
        assertThat(labelThreshold.labelValueOrThreshold()).isEqualTo("(3.0, 6.0]");
        // x > 3 is positive: d has 1 of 4 (5.8), a has 4 of 6
        assertThat(value(labelThreshold, "DPL")).isCloseTo(4.0 / 6 - 1.0 / 4, within(1e-15));
    }

    @Test
    void badInputIsReportedOrRejectedWithAReason() {
        assertThatThrownBy(() -> Bias.analyze(data(), config().label("outcome").build()))
                .isInstanceOf(MlopsClientException.class)
                .hasMessageContaining("label column 'outcome'").hasMessageContaining("[x, sex, group, label, pred]");
        assertThatThrownBy(() -> Bias.analyze(data(), config().facetValues("7").build()))
                .isInstanceOf(MlopsClientException.class)
                .hasMessageContaining("facet 'sex' value 7 matches none").hasMessageContaining("[0, 1]");
        assertThatThrownBy(() -> Bias.analyze(BiasDataset.readCsv(new StringReader("x,sex,group,label,pred\n")),
                config().build()))
                .isInstanceOf(MlopsClientException.class).hasMessageContaining("none of the 0 rows");
        assertThatThrownBy(() -> BiasConfig.builder().label("y").facet("f").build())
                .isInstanceOf(ValidationException.class).hasMessageContaining("BiasConfig.labelValues");

        BiasDataset gaps = BiasDataset.readCsv(new StringReader(CSV + "2.0,,1,1,1\n2.0,1,1,,1\n2.0,1,1,1,NaN\n"));
        BiasReport r = Bias.analyze(gaps, config().build());
        assertThat(r.skippedRows()).containsEntry("facet is missing", 1L).containsEntry("label is missing", 1L)
                .containsEntry("predicted label is NaN", 1L);
        assertThat(value(r, "CI")).isCloseTo(0.2, within(1e-15));
    }
}
