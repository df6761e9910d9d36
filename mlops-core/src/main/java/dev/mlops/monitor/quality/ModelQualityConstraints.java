package dev.mlops.monitor.quality;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.exception.MlopsClientException;
import dev.mlops.monitor.quality.internal.MqJson;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Model-quality {@code constraints.json}: a threshold and comparison per metric. Checks a report against them
 * and writes {@code constraint_violations.json} in SageMaker's wording. Immutable.
 */
public final class ModelQualityConstraints {

    private static final List<String> REGRESSION = List.of("mae", "mse", "rmse", "r2");
    private static final List<String> BINARY = List.of("recall", "precision", "accuracy", "true_positive_rate",
            "true_negative_rate", "false_positive_rate", "false_negative_rate", "auc", "f0_5", "f1", "f2");
    // The notes list weighted_* with LessThanThreshold; accuracy is included by analogy with binary [INFERRED].
    private static final List<String> MULTICLASS = List.of("accuracy", "weighted_recall", "weighted_precision",
            "weighted_f0_5", "weighted_f1", "weighted_f2");

    private final ProblemType problemType;
    private final Map<String, MetricConstraint> constraints;

    /**
     * Creates constraints.
     *
     * @param problemType the problem type they apply to
     * @param constraints metric name (SageMaker's snake case) to constraint; copied, order kept
     */
    public ModelQualityConstraints(ProblemType problemType, Map<String, MetricConstraint> constraints) {
        this.problemType = Objects.requireNonNull(problemType, "ModelQualityConstraints.problemType");
        this.constraints = Collections.unmodifiableMap(new LinkedHashMap<>(constraints));
    }

    static List<String> constrainedMetrics(ProblemType type) {
        return switch (type) {
            case REGRESSION -> REGRESSION;
            case BINARY_CLASSIFICATION -> BINARY;
            case MULTICLASS_CLASSIFICATION -> MULTICLASS;
        };
    }

    static ComparisonOperator defaultOperator(String metric) {
        // Errors get worse upwards, scores downwards.
        return switch (metric) {
            case "mae", "mse", "rmse", "false_positive_rate", "false_negative_rate" ->
                    ComparisonOperator.GreaterThanThreshold;
            default -> ComparisonOperator.LessThanThreshold;
        };
    }

    /**
     * The problem type.
     *
     * @return the type
     */
    public ProblemType problemType() {
        return problemType;
    }

    /**
     * The constraints by metric name, in file order.
     *
     * @return an unmodifiable map
     */
    public Map<String, MetricConstraint> constraints() {
        return constraints;
    }

    /**
     * Returns a copy with one constraint added or replaced, e.g. to loosen a suggested threshold.
     *
     * @param metric the metric's snake-case name
     * @param constraint the constraint
     * @return the new constraints
     */
    public ModelQualityConstraints with(String metric, MetricConstraint constraint) {
        Map<String, MetricConstraint> copy = new LinkedHashMap<>(constraints);
        copy.put(metric, constraint);
        return new ModelQualityConstraints(problemType, copy);
    }

    /**
     * Checks a report: one violation per constrained metric whose value satisfies the violation comparison.
     * A constrained metric missing from the report (e.g. {@code auc} without probabilities) is skipped.
     *
     * @param report current statistics of the same problem type
     * @return the violations in constraint order; empty if none
     * @throws MlopsClientException if the report's problem type differs
     */
    public List<ModelQualityViolation> check(ModelQualityReport report) {
        if (report.problemType() != problemType) {
            throw new MlopsClientException("Cannot check a " + report.problemType().sageMakerName()
                    + " report against " + problemType.sageMakerName() + " constraints");
        }
        List<ModelQualityViolation> out = new ArrayList<>();
        for (Map.Entry<String, MetricConstraint> e : constraints.entrySet()) {
            MetricValue v = report.metrics().get(e.getKey());
            MetricConstraint c = e.getValue();
            if (v == null || !c.comparisonOperator().violatedBy(v.value(), c.threshold())) {
                continue;
            }
            String name = camelCase(e.getKey());
            String op = c.comparisonOperator().name();
            out.add(new ModelQualityViolation(name, op, "Metric " + name + " with " + v.value() + " +/- "
                    + v.standardDeviation() + " was " + op + " '" + c.threshold() + "'"));
        }
        return List.copyOf(out);
    }

    /**
     * SageMaker's violation metric name: {@code true_positive_rate} becomes {@code truePositiveRate}; an
     * underscore before a digit is kept ({@code f0_5}).
     *
     * @param snake the statistics name
     * @return the violation name
     */
    static String camelCase(String snake) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < snake.length(); i++) {
            char c = snake.charAt(i);
            if (c == '_' && i + 1 < snake.length() && Character.isLetter(snake.charAt(i + 1))) {
                b.append(Character.toUpperCase(snake.charAt(++i)));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /**
     * Renders {@code constraints.json} in SageMaker's layout.
     *
     * @return the JSON text, without a trailing newline
     */
    public String toJson() {
        ObjectNode root = MqJson.MAPPER.createObjectNode();
        root.put("version", 0.0);
        ObjectNode section = root.putObject(problemType.constraintsSection());
        constraints.forEach((name, c) -> {
            ObjectNode o = section.putObject(name);
            o.put("threshold", c.threshold());
            o.put("comparison_operator", c.comparisonOperator().name());
        });
        return MqJson.pretty(root);
    }

    /**
     * Reads a model-quality {@code constraints.json}.
     *
     * @param json the file's text
     * @return the constraints
     * @throws MlopsClientException if the text is not a model-quality constraints file or names an unknown operator
     */
    public static ModelQualityConstraints parse(String json) {
        ObjectNode root = MqJson.parseObject(json, "model quality constraints.json");
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            ProblemType type = ProblemType.fromSection(key);
            if (type == null || !key.equals(type.constraintsSection())) {
                continue;
            }
            Map<String, MetricConstraint> out = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> f = root.get(key).fields(); f.hasNext(); ) {
                Map.Entry<String, JsonNode> e = f.next();
                String where = key + "." + e.getKey();
                String op = e.getValue().path("comparison_operator").asText();
                ComparisonOperator operator;
                try {
                    operator = ComparisonOperator.valueOf(op);
                } catch (IllegalArgumentException ex) {
                    throw new MlopsClientException("Unknown comparison_operator '" + op + "' at " + where
                            + "; expected one of " + List.of(ComparisonOperator.values()));
                }
                out.put(e.getKey(), new MetricConstraint(
                        MqJson.number(e.getValue().get("threshold"), where + ".threshold"), operator));
            }
            return new ModelQualityConstraints(type, out);
        }
        throw new MlopsClientException("Cannot parse model quality constraints.json: none of regression_constraints, "
                + "binary_classification_constraints, multiclass_classification_constraints is present");
    }

    /**
     * Renders a model-quality {@code constraint_violations.json}; key order within each violation follows the
     * data-quality files ({@code metric_name} first) since no real model-quality file was seen [inferred].
     *
     * @param violations the violations
     * @return the JSON text, without a trailing newline
     */
    public static String violationsJson(List<ModelQualityViolation> violations) {
        ObjectNode root = MqJson.MAPPER.createObjectNode();
        ArrayNode list = root.putArray("violations");
        for (ModelQualityViolation v : violations) {
            ObjectNode o = list.addObject();
            o.put("metric_name", v.metricName());
            o.put("constraint_check_type", v.constraintCheckType());
            o.put("description", v.description());
        }
        return MqJson.pretty(root);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelQualityConstraints other && other.problemType == problemType
                && other.constraints.equals(constraints);
    }

    @Override
    public int hashCode() {
        return Objects.hash(problemType, constraints);
    }

    @Override
    public String toString() {
        return "ModelQualityConstraints[" + problemType.sageMakerName() + ", " + constraints + "]";
    }
}
