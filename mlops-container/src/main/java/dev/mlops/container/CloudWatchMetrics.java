package dev.mlops.container;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.exception.MlopsBackendException;
import dev.mlops.monitor.dataquality.Baseline;
import dev.mlops.monitor.dataquality.FeatureStatistics;
import dev.mlops.monitor.dataquality.InferredType;
import dev.mlops.monitor.dataquality.Statistics;
import dev.mlops.monitor.internal.Drift;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The CloudWatch metrics file of Model Monitor's container contract: PutMetricData-shaped objects (MetricName,
 * Timestamp, Dimensions, Value or StatisticValues), one JSON object per line, written to
 * {@code /opt/ml/output/metrics/cloudwatch/} when {@code publish_cloudwatch_metrics} is {@code Enabled}. The names
 * are the managed analyzer's: {@code feature_data_<f>} (statistic set), {@code feature_non_null_<f>}
 * (completeness) and {@code feature_baseline_drift_<f>} (distance to the baseline) for data quality; the metric
 * keys of {@code statistics.json} (e.g. {@code mse}) for model quality; {@code bias_metric_<name>} for bias drift
 * (see {@link #bias}). Dimensions: {@code Endpoint} and
 * {@code MonitoringSchedule} for an endpoint, {@code MonitoringSchedule} for a batch job, as the contract
 * recommends. The file name is not in the contract and is {@value #FILE_NAME} [INFERRED].
 */
final class CloudWatchMetrics {
    /** The folder of the metrics file, under the container root. */
    static final String DIRECTORY = "output/metrics/cloudwatch";
    static final String FILE_NAME = "cloudwatch_metrics.jsonl";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** How Clarify publishes an infinite bias metric. */
    private static final double INFINITY_AS_PUBLISHED = 2.348543e108;

    private final List<ObjectNode> metrics = new ArrayList<>();
    private final String timestamp;
    private final ArrayNode dimensions;

    CloudWatchMetrics(ContainerEnv env) {
        this.timestamp = env.instant("end_time").orElseGet(Instant::now).truncatedTo(ChronoUnit.SECONDS).toString();
        this.dimensions = MAPPER.createArrayNode();
        env.get("sagemaker_endpoint_name").ifPresent(e -> dimension("Endpoint", e));
        env.get("sagemaker_monitoring_schedule_name").ifPresent(s -> dimension("MonitoringSchedule", s));
    }

    private void dimension(String name, String value) {
        dimensions.addObject().put("Name", name).put("Value", value);
    }

    /** The data-quality metrics of a monitoring execution's statistics against its baseline. */
    CloudWatchMetrics dataQuality(Baseline baseline, Statistics current) {
        var cfg = baseline.constraints().monitoringConfig();
        boolean robust = !"Simple".equalsIgnoreCase(cfg.comparisonMethod())
                && !"linf_simple".equalsIgnoreCase(cfg.comparisonMethod());
        for (FeatureStatistics f : current.features()) {
            f.numerical().filter(n -> f.numPresent() > 0).ifPresent(n -> {
                ObjectNode m = metric("feature_data_" + f.name());
                ObjectNode s = m.putObject("StatisticValues");
                s.put("SampleCount", (double) f.numPresent());
                s.put("Sum", n.sum());
                s.put("Minimum", n.min());
                s.put("Maximum", n.max());
            });
            if (!Double.isNaN(f.completeness())) {
                metric("feature_non_null_" + f.name()).put("Value", f.completeness());
            }
            Optional<FeatureStatistics> b = baseline.statistics().feature(f.name());
            if (b.isEmpty() || !cfg.performComparison()) {
                continue;
            }
            Double d = null;
            if (b.get().numerical().isPresent() && f.numerical().isPresent()) {
                d = Drift.numerical(b.get().numerical().get().sketch(), f.numerical().get().sketch(), robust);
            } else if (b.get().inferredType() == InferredType.String && f.inferredType() == InferredType.String
                    && b.get().categorical().isPresent() && f.categorical().isPresent()) {
                d = Drift.categorical(b.get().categorical().get().buckets(), f.categorical().get().buckets(), robust);
            }
            if (d != null && !d.isNaN()) {
                metric("feature_baseline_drift_" + f.name()).put("Value", d);
            }
        }
        return this;
    }

    /** The model-quality metrics: each {@code <group>_metrics.<name>.value} of statistics.json. */
    CloudWatchMetrics modelQuality(byte[] statisticsJson) {
        JsonNode root;
        try {
            root = MAPPER.readTree(statisticsJson);
        } catch (IOException e) {
            throw new MlopsBackendException("The model-quality statistics are not JSON: " + e.getMessage(), e);
        }
        for (Iterator<Map.Entry<String, JsonNode>> groups = root.fields(); groups.hasNext(); ) {
            Map.Entry<String, JsonNode> g = groups.next();
            if (!g.getKey().endsWith("_metrics") || !g.getValue().isObject()) {
                continue;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = g.getValue().fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode v = e.getValue().get("value");
                if (v != null && v.isNumber()) {
                    metric(e.getKey()).put("Value", v.doubleValue());
                }
            }
        }
        return this;
    }

    /**
     * The bias-drift metrics of an {@code analysis.json}, as Clarify's bias monitor publishes them:
     * {@code bias_metric_<name>} per metric with the dimensions {@code BiasStage} ({@code Pre-training} /
     * {@code Post-training}), {@code Label}, {@code LabelValue}, {@code Facet} and {@code FacetValue} besides the
     * endpoint's; infinities as ±2.348543e108, and no metric for a value that is not a number.
     */
    CloudWatchMetrics bias(byte[] analysisJson) {
        JsonNode root = read(analysisJson, "bias analysis");
        for (String stage : List.of("pre_training_bias_metrics", "post_training_bias_metrics")) {
            JsonNode section = root.path(stage);
            String label = section.path("label").asText("");
            String labelValue = section.path("label_value_or_threshold").asText("");
            for (Iterator<Map.Entry<String, JsonNode>> facets = section.path("facets").fields(); facets.hasNext(); ) {
                Map.Entry<String, JsonNode> facet = facets.next();
                for (JsonNode group : facet.getValue()) {
                    for (JsonNode metric : group.path("metrics")) {
                        JsonNode v = metric.get("value");
                        if (v == null || !v.isNumber() || Double.isNaN(v.doubleValue())) {
                            continue;
                        }
                        double value = Double.isInfinite(v.doubleValue())
                                ? Math.copySign(INFINITY_AS_PUBLISHED, v.doubleValue()) : v.doubleValue();
                        ObjectNode m = metric("bias_metric_" + metric.path("name").asText());
                        ArrayNode d = (ArrayNode) m.get("Dimensions");
                        d.addObject().put("Name", "BiasStage").put("Value", stage.startsWith("pre")
                                ? "Pre-training" : "Post-training");
                        d.addObject().put("Name", "Label").put("Value", label);
                        d.addObject().put("Name", "LabelValue").put("Value", labelValue);
                        d.addObject().put("Name", "Facet").put("Value", facet.getKey());
                        d.addObject().put("Name", "FacetValue").put("Value", group.path("value_or_threshold").asText());
                        m.put("Value", value);
                    }
                }
            }
        }
        return this;
    }

    private static JsonNode read(byte[] json, String what) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new MlopsBackendException("The " + what + " is not JSON: " + e.getMessage(), e);
        }
    }

    private ObjectNode metric(String name) {
        ObjectNode m = MAPPER.createObjectNode();
        m.put("MetricName", name);
        m.put("Timestamp", timestamp);
        m.set("Dimensions", dimensions.deepCopy());
        metrics.add(m);
        return m;
    }

    int size() {
        return metrics.size();
    }

    /** Writes the file (nothing when no metric was made). */
    void writeTo(Path root) {
        if (metrics.isEmpty()) {
            return;
        }
        Path dir = root.resolve(DIRECTORY);
        StringBuilder text = new StringBuilder();
        for (ObjectNode m : metrics) {
            text.append(m.toString()).append('\n');
        }
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(FILE_NAME), text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new MlopsBackendException("Cannot write the CloudWatch metrics to " + dir + ": " + e.getMessage(), e);
        }
    }
}
