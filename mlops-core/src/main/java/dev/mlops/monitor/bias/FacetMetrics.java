package dev.mlops.monitor.bias;

import java.util.List;
import java.util.Optional;

/**
 * The bias metrics of one facet value (or threshold) at one stage, as listed under
 * {@code facets.<facet>[]} in Clarify's {@code analysis.json}.
 *
 * @param facet the facet column
 * @param valueOrThreshold the sensitive values joined with {@code ","}, or an interval such as {@code "(40, 90]"}
 * @param metrics the metrics, sorted by name
 */
public record FacetMetrics(String facet, String valueOrThreshold, List<BiasMetric> metrics) {

    /**
     * Copies the metric list.
     *
     * @param facet the facet column
     * @param valueOrThreshold the facet value(s) or interval
     * @param metrics the metrics
     */
    public FacetMetrics {
        metrics = List.copyOf(metrics);
    }

    /**
     * Finds a metric by name.
     *
     * @param name e.g. {@code "DPL"}
     * @return the metric, or empty
     */
    public Optional<BiasMetric> metric(String name) {
        return metrics.stream().filter(m -> m.name().equals(name)).findFirst();
    }
}
