package dev.mlops.monitor.quality;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.exception.MlopsClientException;
import dev.mlops.monitor.quality.internal.MqJson;
import java.time.Instant;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Model-quality statistics for one dataset: what SageMaker writes to {@code statistics.json}, plus a count of
 * the input rows that could not be used and why. Immutable.
 */
public final class ModelQualityReport {

    private static final String ROC = "receiver_operating_characteristic_curve";
    private static final String PR = "precision_recall_curve";

    private final ProblemType problemType;
    private final long itemCount;
    private final Instant evaluationTime;
    private final Map<String, MetricValue> metrics;
    private final Map<String, Map<String, Long>> confusionMatrix;
    private final Curve rocCurve;
    private final Curve precisionRecallCurve;
    private final Map<String, Long> skippedRows;

    /**
     * A curve of SageMaker's {@code statistics.json}: parallel x and y arrays.
     *
     * @param x false positive rates (ROC) or recalls (PR)
     * @param y true positive rates (ROC) or precisions (PR)
     */
    public record Curve(List<Double> x, List<Double> y) {
        /**
         * Copies the lists.
         *
         * @param x the x values
         * @param y the y values, as many as {@code x}
         */
        public Curve {
            x = List.copyOf(x);
            y = List.copyOf(y);
        }
    }

    ModelQualityReport(ProblemType problemType, long itemCount, Instant evaluationTime,
            Map<String, MetricValue> metrics, Map<String, Map<String, Long>> confusionMatrix, Curve rocCurve,
            Curve precisionRecallCurve, Map<String, Long> skippedRows) {
        this.problemType = problemType;
        this.itemCount = itemCount;
        this.evaluationTime = evaluationTime;
        this.metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
        Map<String, Map<String, Long>> cm = new LinkedHashMap<>();
        if (confusionMatrix != null) {
            confusionMatrix.forEach((k, v) -> cm.put(k, Collections.unmodifiableMap(new LinkedHashMap<>(v))));
        }
        this.confusionMatrix = Collections.unmodifiableMap(cm);
        this.rocCurve = rocCurve;
        this.precisionRecallCurve = precisionRecallCurve;
        this.skippedRows = Collections.unmodifiableMap(new LinkedHashMap<>(skippedRows));
    }

    /**
     * The problem type the metrics belong to.
     *
     * @return the type
     */
    public ProblemType problemType() {
        return problemType;
    }

    /**
     * Number of rows the metrics were computed on ({@code dataset.item_count}).
     *
     * @return the count
     */
    public long itemCount() {
        return itemCount;
    }

    /**
     * When the statistics were computed, if recorded ({@code dataset.evaluation_time}).
     *
     * @return the time, or empty
     */
    public Optional<Instant> evaluationTime() {
        return Optional.ofNullable(evaluationTime);
    }

    /**
     * Scalar metrics in SageMaker's order, keyed by SageMaker's snake-case names.
     *
     * @return an unmodifiable ordered map
     */
    public Map<String, MetricValue> metrics() {
        return metrics;
    }

    /**
     * One metric's value.
     *
     * @param name SageMaker's name, e.g. {@code "f1"}
     * @return the value
     * @throws MlopsClientException if this report has no such metric
     */
    public double value(String name) {
        MetricValue v = metrics.get(name);
        if (v == null) {
            throw new MlopsClientException("Metric '" + name + "' is not in this " + problemType.sageMakerName()
                    + " report; it has " + metrics.keySet());
        }
        return v.value();
    }

    /**
     * The confusion matrix, outer key the ground-truth label, inner key the predicted label; empty for regression.
     *
     * @return an unmodifiable map
     */
    public Map<String, Map<String, Long>> confusionMatrix() {
        return confusionMatrix;
    }

    /**
     * The ROC curve (x = false positive rates, y = true positive rates), for binary problems with probabilities.
     *
     * @return the curve, or empty
     */
    public Optional<Curve> rocCurve() {
        return Optional.ofNullable(rocCurve);
    }

    /**
     * The precision-recall curve (x = recalls, y = precisions), for binary problems with probabilities.
     *
     * @return the curve, or empty
     */
    public Optional<Curve> precisionRecallCurve() {
        return Optional.ofNullable(precisionRecallCurve);
    }

    /**
     * Input rows left out of the metrics, counted by reason (e.g. {@code "prediction is NaN"}). Not written to
     * {@code statistics.json}; SageMaker has no place for it.
     *
     * @return an unmodifiable map, empty when every row was used
     */
    public Map<String, Long> skippedRows() {
        return skippedRows;
    }

    /**
     * Suggests constraints the way a SageMaker baselining job does: each constrained metric's threshold is its
     * baseline value; error rates use {@link ComparisonOperator#GreaterThanThreshold}, scores
     * {@link ComparisonOperator#LessThanThreshold}.
     *
     * @return the suggested constraints
     */
    public ModelQualityConstraints suggestConstraints() {
        Map<String, MetricConstraint> out = new LinkedHashMap<>();
        for (String name : ModelQualityConstraints.constrainedMetrics(problemType)) {
            MetricValue v = metrics.get(name);
            if (v != null) {
                out.put(name, new MetricConstraint(v.value(), ModelQualityConstraints.defaultOperator(name)));
            }
        }
        return new ModelQualityConstraints(problemType, out);
    }

    /**
     * Renders {@code statistics.json} exactly as SageMaker's container lays it out.
     *
     * @return the JSON text, without a trailing newline
     */
    public String toStatisticsJson() {
        ObjectNode root = MqJson.MAPPER.createObjectNode();
        root.put("version", 0.0);
        ObjectNode dataset = root.putObject("dataset");
        dataset.put("item_count", itemCount);
        if (evaluationTime != null) {
            dataset.put("evaluation_time", MqJson.formatTime(evaluationTime));
        }
        ObjectNode section = root.putObject(problemType.metricsSection());
        if (problemType != ProblemType.REGRESSION) {
            ObjectNode cm = section.putObject("confusion_matrix");
            confusionMatrix.forEach((actual, row) -> {
                ObjectNode r = cm.putObject(actual);
                row.forEach(r::put);
            });
        }
        for (Map.Entry<String, MetricValue> e : metrics.entrySet()) {
            ObjectNode m = section.putObject(e.getKey());
            m.put("value", e.getValue().value());
            double sd = e.getValue().standardDeviation();
            if (Double.isNaN(sd)) {
                m.put("standard_deviation", "NaN");
            } else {
                m.put("standard_deviation", sd);
            }
            // SageMaker places the curves between false_negative_rate and auc.
            if (e.getKey().equals("false_negative_rate")) {
                writeCurve(section, ROC, "false_positive_rates", "true_positive_rates", rocCurve);
                writeCurve(section, PR, "precisions", "recalls", precisionRecallCurve);
            }
        }
        return MqJson.pretty(root);
    }

    private static void writeCurve(ObjectNode section, String key, String first, String second, Curve curve) {
        if (curve == null) {
            return;
        }
        ObjectNode c = section.putObject(key);
        // ROC is written x then y; PR is written precisions (y) then recalls (x).
        boolean xFirst = key.equals(ROC);
        ArrayNode a = c.putArray(first);
        (xFirst ? curve.x() : curve.y()).forEach(a::add);
        ArrayNode b = c.putArray(second);
        (xFirst ? curve.y() : curve.x()).forEach(b::add);
    }

    /**
     * Reads a {@code statistics.json} written by SageMaker or by {@link #toStatisticsJson()}.
     *
     * @param json the file's text
     * @return the report (with no skipped rows)
     * @throws MlopsClientException if the text is not a model-quality statistics file
     */
    public static ModelQualityReport parse(String json) {
        ObjectNode root = MqJson.parseObject(json, "model quality statistics.json");
        ProblemType type = null;
        ObjectNode section = null;
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            ProblemType t = ProblemType.fromSection(key);
            if (t != null && root.get(key).isObject()) {
                type = t;
                section = (ObjectNode) root.get(key);
            }
        }
        if (type == null) {
            throw new MlopsClientException("Cannot parse model quality statistics.json: none of "
                    + "regression_metrics, binary_classification_metrics, multiclass_classification_metrics is present");
        }
        JsonNode dataset = root.path("dataset");
        long count = dataset.path("item_count").asLong(0);
        Instant time = dataset.hasNonNull("evaluation_time")
                ? Instant.parse(dataset.get("evaluation_time").asText()) : null;
        Map<String, MetricValue> metrics = new LinkedHashMap<>();
        Map<String, Map<String, Long>> cm = new LinkedHashMap<>();
        Curve roc = null;
        Curve pr = null;
        for (Iterator<Map.Entry<String, JsonNode>> it = section.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            JsonNode v = e.getValue();
            String where = type.metricsSection() + "." + name;
            if (name.equals("confusion_matrix")) {
                v.fields().forEachRemaining(row -> {
                    Map<String, Long> r = new LinkedHashMap<>();
                    row.getValue().fields().forEachRemaining(c -> r.put(c.getKey(), c.getValue().asLong()));
                    cm.put(row.getKey(), r);
                });
            } else if (name.equals(ROC)) {
                roc = new Curve(doubles(v.path("false_positive_rates")), doubles(v.path("true_positive_rates")));
            } else if (name.equals(PR)) {
                pr = new Curve(doubles(v.path("recalls")), doubles(v.path("precisions")));
            } else if (v.has("value")) {
                metrics.put(name, new MetricValue(MqJson.number(v.get("value"), where + ".value"),
                        MqJson.number(v.get("standard_deviation"), where + ".standard_deviation")));
            }
        }
        return new ModelQualityReport(type, count, time, metrics, cm, roc, pr, Map.of());
    }

    private static List<Double> doubles(JsonNode array) {
        java.util.ArrayList<Double> out = new java.util.ArrayList<>();
        array.forEach(n -> out.add(n.asDouble()));
        return out;
    }

    @Override
    public String toString() {
        return "ModelQualityReport[" + problemType.sageMakerName() + ", item_count=" + itemCount + ", metrics="
                + metrics.keySet() + (skippedRows.isEmpty() ? "" : ", skipped=" + skippedRows) + "]";
    }
}
