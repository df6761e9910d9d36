package dev.mlops.monitor.dataquality;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.exception.MlopsClientException;
import dev.mlops.monitor.JsonDocument;
import dev.mlops.monitor.MonitorJson;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A data-quality {@code statistics.json}: the item count and per-feature statistics, in file order.
 * {@link #toJson()} reproduces the Model Monitor layout byte for byte (with {@link MonitorJson#pretty}).
 */
public final class Statistics implements JsonDocument {
    private final long itemCount;
    private final List<FeatureStatistics> features;

    /**
     * Creates statistics.
     *
     * @param itemCount number of rows analysed
     * @param features per-feature statistics in column order
     */
    public Statistics(long itemCount, List<FeatureStatistics> features) {
        this.itemCount = itemCount;
        this.features = List.copyOf(features);
    }

    /**
     * Reads a {@code statistics.json} written by Model Monitor or by this library.
     *
     * @param file the file
     * @return the statistics
     * @throws MlopsClientException if the file is missing, not JSON or has no {@code features} array
     */
    public static Statistics read(Path file) {
        JsonNode root = MonitorJson.read(file);
        if (!root.path("features").isArray()) {
            throw new MlopsClientException("Statistics file " + file + " has no \"features\" array", null,
                    Map.of("file", file.toString()));
        }
        List<FeatureStatistics> features = new ArrayList<>();
        for (JsonNode f : root.path("features")) {
            features.add(FeatureStatistics.fromJson(f));
        }
        return new Statistics(root.path("dataset").path("item_count").asLong(), features);
    }

    /**
     * Rows analysed ({@code dataset.item_count}).
     *
     * @return the count
     */
    public long itemCount() {
        return itemCount;
    }

    /**
     * Per-feature statistics in column order.
     *
     * @return an unmodifiable list
     */
    public List<FeatureStatistics> features() {
        return features;
    }

    /**
     * Looks up a feature by name.
     *
     * @param name the feature name
     * @return its statistics, if present
     */
    public Optional<FeatureStatistics> feature(String name) {
        return features.stream().filter(f -> f.name().equals(name)).findFirst();
    }

    @Override
    public ObjectNode toJson() {
        ObjectNode root = MonitorJson.object();
        root.put("version", 0.0);
        root.putObject("dataset").put("item_count", itemCount);
        ArrayNode list = root.putArray("features");
        features.forEach(f -> list.add(f.toJson()));
        return root;
    }
}
