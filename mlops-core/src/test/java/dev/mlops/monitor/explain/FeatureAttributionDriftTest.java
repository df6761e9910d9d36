package dev.mlops.monitor.explain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FeatureAttributionDriftTest {

    // Real Clarify baseline from a 2023 AWS notebook (monitor.md section 4.6), verbatim.
    static final String REAL = """
            {
                "version": "1.0",
                "explanations": {
                    "kernel_shap": {
                        "label0": {
                            "global_shap_values": {
                                "Age": 0.05962069398767555,
                                "Workclass": 0.009340874120660063,
                                "fnlwgt": 0.0010900750377509304,
                                "Education": 0.014739126275038199,
                                "Education-Num": 0.09891391226656666,
                                "Marital Status": 0.05452765230404344,
                                "Occupation": 0.0025392834714334667,
                                "Relationship": 0.018169508641909988,
                                "Ethnic group": 0.005295263900463686,
                                "Sex": 0.032080828962127876,
                                "Capital Gain": 0.09913318680892579,
                                "Capital Loss": 0.013518474176382519,
                                "Hours per week": 0.03641124946588507,
                                "Country": 0.004894213349476741
                            },
                            "expected_value": 0.250623226165771
                        }
                    }
                }
            }""";

    @Test
    void realBaselineRoundTripsByteForByte() {
        ExplainabilityReport r = ExplainabilityReport.parse(REAL);
        assertThat(r.method()).isEqualTo("kernel_shap");
        assertThat(r.labels().get("label0").expectedValue()).isEqualTo(0.250623226165771);
        assertThat(r.toAnalysisJson()).isEqualTo(REAL);
    }

    @Test
    void ndcgMatchesAHandComputation() {
        Map<String, Double> baseline = Map.of("A", 0.5, "B", 0.3, "C", 0.2);
        Map<String, Double> reversed = Map.of("A", 0.1, "B", 0.2, "C", 0.3);
        double log3 = Math.log(3) / Math.log(2);
        // current order C, B, A scored with baseline values; ideal order A, B, C
        double expected = (0.2 + 0.3 / log3 + 0.5 / 2) / (0.5 + 0.3 / log3 + 0.2 / 2);
        assertThat(FeatureAttributionDrift.ndcg(baseline, reversed)).isCloseTo(expected, within(1e-15));
        assertThat(FeatureAttributionDrift.ndcg(baseline, Map.of("A", 9.0, "B", 2.0, "C", 1.0))).isEqualTo(1.0);
    }

    @Test
    void driftBelowThresholdIsAViolationInClarifysFormat() {
        ExplainabilityReport baseline = ExplainabilityReport.parse(REAL);
        // swap the two most important features with the two least important ones
        Map<String, Double> shifted = new LinkedHashMap<>(baseline.labels().get("label0").globalShapValues());
        shifted.put("Capital Gain", 0.0001);
        shifted.put("Education-Num", 0.0002);
        shifted.put("fnlwgt", 0.2);
        shifted.put("Occupation", 0.19);
        ExplainabilityReport current = ExplainabilityReport.parse(REAL
                .replace("0.09913318680892579", "0.0001").replace("0.09891391226656666", "0.0002")
                .replace("0.0010900750377509304", "0.2").replace("0.0025392834714334667", "0.19"));
        double score = FeatureAttributionDrift.ndcg(baseline.labels().get("label0").globalShapValues(), shifted);
        assertThat(score).isLessThan(0.9);
        List<FeatureAttributionViolation> v = FeatureAttributionDrift.check(baseline, current, 0.9);
        assertThat(v).singleElement().satisfies(x -> {
            assertThat(x.label()).isEqualTo("label0");
            assertThat(x.description()).isEqualTo("Feature attribution drift " + score + " exceeds threshold 0.9");
        });
        assertThat(FeatureAttributionDrift.check(baseline, current, score)).isEmpty();
        assertThat(FeatureAttributionDrift.check(baseline, baseline, 0.9)).isEmpty();
        assertThat(FeatureAttributionDrift.violationsJson(v)).isEqualTo("""
                {
                    "version": "1.0",
                    "violations": [
                        {
                            "label": "label0",
                            "metric_name": "shap",
                            "constraint_check_type": "feature_attribution_drift_check",
                            "description": "%s"
                        }
                    ]
                }""".formatted(v.get(0).description()));
    }

    @Test
    void reportFromShapValuesUsesMeanAbsoluteValues() {
        ShapValues shap = new ShapValues("kernel_shap", List.of("a", "b"), new double[][] {{1, -2}, {-3, 0}}, 0.5);
        ExplainabilityReport r = ExplainabilityReport.of(shap);
        assertThat(r.labels().get("label0").globalShapValues()).containsExactly(Map.entry("a", 2.0),
                Map.entry("b", 1.0));
        assertThat(r.toAnalysisJson()).contains("\"global_shap_values\": {\n                    \"a\": 2.0,");
    }
}
