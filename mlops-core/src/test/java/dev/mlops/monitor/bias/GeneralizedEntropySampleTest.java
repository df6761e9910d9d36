package dev.mlops.monitor.bias;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

/**
 * GE of the published Clarify baseline ({@code clarify_bias_baseline_analysis.json}, adult data, facet Sex = 0),
 * pinned bit for bit. The sample's rows are not published, but its other metrics determine the confusion counts:
 * CI = 41/111 and FT = -7/210 give 456 rows in facet a and 210 in facet d, and only one set of counts reproduces
 * DPL, DPPL, RD, SD, AD and TE exactly (a: TP 86, FP 36, TN 277, FN 57; d: TP 8, FP 2, TN 191, FN 9). GE then
 * depends on the order in which the 666 terms are summed. With numpy's pairwise summation the sample's value comes
 * out for the rows in this test's order (facet d first, each facet as TP, FP, TN, FN) and for 37 % of random
 * orders; a running sum gives it for 0.1 % of random orders and, in this order, 0.08411867021747124.
 */
class GeneralizedEntropySampleTest {
    private static final double SAMPLE_GE = 0.0841186702174704;

    static String rows() {
        StringBuilder csv = new StringBuilder("sex,label,pred\n");
        // facet d (sex 0) first, then facet a; each as TP, FP, TN, FN
        int[][] cells = {{0, 8, 2, 191, 9}, {1, 86, 36, 277, 57}};
        for (int[] c : cells) {
            append(csv, c[0], 1, 1, c[1]);
            append(csv, c[0], 0, 1, c[2]);
            append(csv, c[0], 0, 0, c[3]);
            append(csv, c[0], 1, 0, c[4]);
        }
        return csv.toString();
    }

    private static void append(StringBuilder csv, int sex, int label, int pred, int times) {
        for (int i = 0; i < times; i++) {
            csv.append(sex).append(',').append(label).append(',').append(pred).append('\n');
        }
    }

    @Test
    void geOfTheRealBaselineIsReproducedExactly() throws IOException {
        BiasReport computed = Bias.analyze(BiasDataset.readCsv(new StringReader(rows())),
                BiasConfig.builder().label("label").labelValues("1").facet("sex").facetValues("0")
                        .predictedLabel("pred").build());
        BiasReport real = BiasReport.parse(BiasFilesTest.sample());
        // the reconstruction holds: every count-based metric of the sample comes out exactly
        for (String name : new String[] {"CI", "DPL", "DPPL", "DI", "DCA", "DCR", "RD", "SD", "DAR", "DRR", "AD",
            "TE"}) {
            assertThat(computed.metric(name).orElseThrow().value()).as(name)
                    .isEqualTo(real.metric(name).orElseThrow().value());
        }
        assertThat(real.metric("GE").orElseThrow().value()).isEqualTo(SAMPLE_GE);
        assertThat(computed.metric("GE").orElseThrow().value()).isEqualTo(SAMPLE_GE);
    }
}
