package dev.mlops.local.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.mlops.exception.MlopsBackendException;
import java.util.List;
import java.util.Map;

/** The one JSON mapper of the embedded backend, and short helpers for the shapes it stores. */
public final class Json {
    /** The shared mapper (thread-safe once configured). */
    public static final ObjectMapper MAPPER = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, false);

    private Json() {
    }

    /**
     * Writes a value as compact JSON.
     *
     * @param value the value
     * @return the JSON
     */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new MlopsBackendException("Cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Writes a value as indented JSON.
     *
     * @param value the value
     * @return the JSON
     */
    public static String pretty(Object value) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new MlopsBackendException("Cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Reads a string map.
     *
     * @param json the JSON
     * @return the map
     */
    public static Map<String, String> stringMap(String json) {
        return read(json, new TypeReference<Map<String, String>>() { });
    }

    /**
     * Reads a number map.
     *
     * @param json the JSON
     * @return the map
     */
    public static Map<String, Double> doubleMap(String json) {
        return read(json, new TypeReference<Map<String, Double>>() { });
    }

    /**
     * Reads a string list.
     *
     * @param json the JSON
     * @return the list
     */
    public static List<String> stringList(String json) {
        return read(json, new TypeReference<List<String>>() { });
    }

    /**
     * Reads a tree.
     *
     * @param json the JSON
     * @return the tree
     */
    public static JsonNode tree(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new MlopsBackendException("Stored JSON is unreadable: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Reads a value of a generic type.
     *
     * @param json the JSON
     * @param type the type
     * @param <T> the type
     * @return the value
     */
    public static <T> T read(String json, TypeReference<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new MlopsBackendException("Stored JSON is unreadable: " + e.getOriginalMessage(), e);
        }
    }
}
