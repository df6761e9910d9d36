package dev.mlops.monitor;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A monitoring artefact that has a file form, such as {@code statistics.json} or {@code constraints.json}.
 */
public interface JsonDocument {
    /**
     * The document as a JSON tree in file key order, ready for {@link MonitorJson#pretty(JsonNode)}.
     *
     * @return a new tree
     */
    JsonNode toJson();
}
