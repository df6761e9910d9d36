package dev.mlops.monitor.explain;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.exception.ValidationException;
import dev.mlops.monitor.bias.internal.PythonJson;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Feature-attribution drift as SageMaker Clarify measures it: the nDCG of the current feature ranking scored
 * with the baseline attributions; below the threshold (0.9 by default) is a violation.
 */
public final class FeatureAttributionDrift {

    /** SageMaker's default nDCG threshold. */
    public static final double DEFAULT_THRESHOLD = 0.9;
    /** The check type written for every violation. */
    public static final String CHECK_TYPE = "feature_attribution_drift_check";

    private FeatureAttributionDrift() {
    }

    /**
     * nDCG of the current ranking: features sorted by current attribution, each scored with its baseline
     * attribution and discounted by {@code log2(rank + 1)}, divided by the same sum over the baseline ranking.
     * Features missing from the current attributions rank last.
     *
     * @param baseline feature to baseline attribution
     * @param current feature to current attribution
     * @return a value in [0, 1]; 1 when the order is unchanged (and when all baseline attributions are 0)
     */
    public static double ndcg(Map<String, Double> baseline, Map<String, Double> current) {
        List<String> ideal = new ArrayList<>(baseline.keySet());
        ideal.sort(Comparator.comparing((String f) -> baseline.get(f)).reversed());
        List<String> actual = new ArrayList<>(baseline.keySet());
        actual.sort(Comparator.comparing((String f) -> current.getOrDefault(f, Double.NEGATIVE_INFINITY)).reversed());
        double dcg = 0;
        double idcg = 0;
        for (int i = 0; i < ideal.size(); i++) {
            double discount = Math.log(i + 2) / Math.log(2);
            dcg += baseline.get(actual.get(i)) / discount;
            idcg += baseline.get(ideal.get(i)) / discount;
        }
        return idcg == 0 ? 1.0 : dcg / idcg;
    }

    /**
     * Checks every label of the current report against the baseline.
     *
     * @param baseline the baseline analysis
     * @param current the current analysis
     * @param threshold nDCG below this is a violation; in (0, 1]
     * @return one violation per drifted label; empty if none
     */
    public static List<FeatureAttributionViolation> check(ExplainabilityReport baseline,
            ExplainabilityReport current, double threshold) {
        if (!(threshold > 0 && threshold <= 1)) {
            throw new ValidationException("FeatureAttributionDrift.threshold", threshold, "in (0, 1]");
        }
        List<FeatureAttributionViolation> out = new ArrayList<>();
        current.labels().forEach((label, now) -> {
            ExplainabilityReport.LabelAttribution base = baseline.labels().get(label);
            if (base == null) {
                return;
            }
            double score = ndcg(base.globalShapValues(), now.globalShapValues());
            if (score < threshold) {
                out.add(new FeatureAttributionViolation(label, "shap", CHECK_TYPE, "Feature attribution drift "
                        + PythonJson.repr(score) + " exceeds threshold " + PythonJson.repr(threshold)));
            }
        });
        return List.copyOf(out);
    }

    /**
     * Renders the violations file in Clarify's Python layout.
     *
     * @param violations the violations
     * @return the JSON text, without a trailing newline
     */
    public static String violationsJson(List<FeatureAttributionViolation> violations) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("version", "1.0");
        ArrayNode list = root.putArray("violations");
        for (FeatureAttributionViolation v : violations) {
            ObjectNode o = list.addObject();
            o.put("label", v.label());
            o.put("metric_name", v.metricName());
            o.put("constraint_check_type", v.constraintCheckType());
            o.put("description", v.description());
        }
        return PythonJson.dumps(root);
    }
}
