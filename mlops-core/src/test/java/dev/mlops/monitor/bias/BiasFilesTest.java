package dev.mlops.monitor.bias;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.monitor.bias.internal.PythonJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class BiasFilesTest {

    static String sample() throws IOException {
        try (InputStream in = BiasFilesTest.class.getResourceAsStream(
                "/monitor-samples/clarify_bias_baseline_analysis.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void realClarifyBaselineRoundTripsByteForByte() throws IOException {
        String real = sample();
        BiasReport r = BiasReport.parse(real);
        assertThat(r.label()).isEqualTo("Target");
        assertThat(r.metric("TE").orElseThrow().value()).isEqualTo(2.916666666666667);
        // the sample was saved with a final newline; json.dump itself writes none
        assertThat(r.toAnalysisJson()).isEqualTo(real.stripTrailing());
    }

    @Test
    void computedAnalysisUsesClarifysLayoutAndDescriptions() throws IOException {
        BiasReport computed = Bias.analyze(BiasTest.data(), BiasTest.config().build());
        String json = computed.toAnalysisJson();
        assertThat(json).startsWith("{\n    \"version\": \"1.0\",\n    \"post_training_bias_metrics\": {\n"
                + "        \"label\": \"label\",\n        \"facets\": {\n            \"sex\": [\n                {\n"
                + "                    \"value_or_threshold\": \"0\",\n                    \"metrics\": [\n");
        assertThat(json).endsWith("        \"label_value_or_threshold\": \"1\"\n    }\n}");
        // every description we write is the one Clarify wrote for the same metric
        BiasReport real = BiasReport.parse(sample());
        for (FacetMetrics f : List.of(real.preTraining().get(0), real.postTraining().get(0))) {
            for (BiasMetric m : f.metrics()) {
                assertThat(computed.metric(m.name()).orElseThrow().description()).isEqualTo(m.description());
            }
        }
    }

    @Test
    void driftFlagsMetricsFartherFromIdealThanBaseline() throws IOException {
        String real = sample();
        BiasReport baseline = BiasReport.parse(real);
        BiasReport current = BiasReport.parse(real
                .replace("0.28176563733194276", "0.3748947825295131")   // CDDPL worse
                .replace("2.916666666666667", "\"Infinity\"")           // TE worse
                .replace("0.2199248120300752", "-0.1")                  // DPPL better despite the sign flip
                .replace("0.027874251497005953", "-0.0765")             // DCR worse after a sign flip
                .replace("0.17798594847775176", "0.9"));                // DI closer to its ideal 1
        List<BiasDriftViolation> v = BiasDrift.check(baseline, current);
        assertThat(v).extracting(BiasDriftViolation::metricName).containsExactly("CDDPL", "DCR", "TE");
        assertThat(v.get(0).description()).isEqualTo(
                "Metric value 0.3748947825295131 doesn't meet the baseline constraint requirement 0.28176563733194276");
        assertThat(v.get(2).description()).isEqualTo(
                "Metric value Infinity doesn't meet the baseline constraint requirement 2.916666666666667");
        assertThat(v.get(0).facet()).isEqualTo("Sex");
        assertThat(v.get(0).facetValue()).isEqualTo("0");
        assertThat(BiasDrift.violationsJson(v)).startsWith("{\n    \"version\": \"1.0\",\n    \"violations\": [\n"
                + "        {\n            \"facet\": \"Sex\",\n            \"facet_value\": \"0\",\n"
                + "            \"metric_name\": \"CDDPL\",\n            \"constraint_check_type\": \"bias_drift_check\",\n");
        assertThat(BiasDrift.check(baseline, baseline)).isEmpty();
    }

    @Test
    void floatsArePrintedAsPythonReprPrintsThem() {
        assertThat(PythonJson.repr(0.1)).isEqualTo("0.1");
        assertThat(PythonJson.repr(1e-5)).isEqualTo("1e-05");
        assertThat(PythonJson.repr(0.0001)).isEqualTo("0.0001");
        assertThat(PythonJson.repr(1.5e16)).isEqualTo("1.5e+16");
        assertThat(PythonJson.repr(1e15)).isEqualTo("1000000000000000.0");
        assertThat(PythonJson.repr(-2.0)).isEqualTo("-2.0");
        assertThat(PythonJson.repr(-0.03333333333333333)).isEqualTo("-0.03333333333333333");
    }
}
