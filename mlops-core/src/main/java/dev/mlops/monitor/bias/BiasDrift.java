package dev.mlops.monitor.bias;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.monitor.bias.internal.PythonJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Compares a current bias analysis with a baseline one, as a Clarify bias-drift monitoring job does: a metric
 * violates its baseline when it is farther from its ideal value than the baseline value was.
 */
public final class BiasDrift {

    /** The check type Clarify writes for every bias-drift violation. */
    public static final String CHECK_TYPE = "bias_drift_check";

    private BiasDrift() {
    }

    /**
     * Checks every metric of the current report that has a value against the same metric, stage and facet value
     * in the baseline. Distance is measured from 0, except for DI whose ideal is 1 (how Clarify compares DI is
     * not documented; this is an inference). Metrics missing or failed on either side are not checked.
     *
     * @param baseline the baseline analysis (the "constraints")
     * @param current the current analysis
     * @return violations in report order; empty if none
     */
    public static List<BiasDriftViolation> check(BiasReport baseline, BiasReport current) {
        List<BiasDriftViolation> out = new ArrayList<>();
        compare(baseline.postTraining(), current.postTraining(), out);
        compare(baseline.preTraining(), current.preTraining(), out);
        return List.copyOf(out);
    }

    private static void compare(List<FacetMetrics> baseline, List<FacetMetrics> current,
            List<BiasDriftViolation> out) {
        for (FacetMetrics now : current) {
            Optional<FacetMetrics> base = baseline.stream().filter(b -> b.facet().equals(now.facet())
                    && b.valueOrThreshold().equals(now.valueOrThreshold())).findFirst();
            if (base.isEmpty()) {
                continue;
            }
            for (BiasMetric m : now.metrics()) {
                Optional<BiasMetric> b = base.get().metric(m.name());
                if (!m.hasValue() || b.isEmpty() || !b.get().hasValue()) {
                    continue;
                }
                double ideal = m.name().equals("DI") ? 1.0 : 0.0;
                if (Math.abs(m.value() - ideal) > Math.abs(b.get().value() - ideal)) {
                    out.add(new BiasDriftViolation(now.facet(), now.valueOrThreshold(), m.name(), CHECK_TYPE,
                            "Metric value " + PythonJson.repr(m.value())
                                    + " doesn't meet the baseline constraint requirement "
                                    + PythonJson.repr(b.get().value())));
                }
            }
        }
    }

    /**
     * Renders a bias-drift {@code constraint_violations.json} in Clarify's Python layout.
     *
     * @param violations the violations
     * @return the JSON text, without a trailing newline
     */
    public static String violationsJson(List<BiasDriftViolation> violations) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("version", "1.0");
        ArrayNode list = root.putArray("violations");
        for (BiasDriftViolation v : violations) {
            ObjectNode o = list.addObject();
            o.put("facet", v.facet());
            o.put("facet_value", v.facetValue());
            o.put("metric_name", v.metricName());
            o.put("constraint_check_type", v.constraintCheckType());
            o.put("description", v.description());
        }
        return PythonJson.dumps(root);
    }
}
