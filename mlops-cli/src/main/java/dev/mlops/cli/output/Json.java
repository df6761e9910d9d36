package dev.mlops.cli.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** JSON building blocks: one mapper, and nodes whose absent values are {@code null} rather than missing fields. */
public final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Json() {
    }

    /**
     * A new object node.
     *
     * @return the node
     */
    public static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    /**
     * A new array node.
     *
     * @return the node
     */
    public static ArrayNode array() {
        return JsonNodeFactory.instance.arrayNode();
    }

    /**
     * Sets a field to an instant in ISO-8601 form, or to {@code null}.
     *
     * @param node the object
     * @param field the field
     * @param time the instant, or {@code null}
     * @return the object
     */
    public static ObjectNode time(ObjectNode node, String field, Instant time) {
        if (time == null) {
            node.putNull(field);
        } else {
            node.put(field, time.toString());
        }
        return node;
    }

    /**
     * Sets a field to an optional instant.
     *
     * @param node the object
     * @param field the field
     * @param time the instant, if any
     * @return the object
     */
    public static ObjectNode time(ObjectNode node, String field, Optional<Instant> time) {
        return time(node, field, time.orElse(null));
    }

    /**
     * Sets a field to an optional text, or to {@code null}.
     *
     * @param node the object
     * @param field the field
     * @param text the text, if any
     * @return the object
     */
    public static ObjectNode text(ObjectNode node, String field, Optional<String> text) {
        node.put(field, text.orElse(null));
        return node;
    }

    /**
     * An object of text values.
     *
     * @param values the values
     * @return the object, in the map's order
     */
    public static ObjectNode strings(Map<String, String> values) {
        ObjectNode n = object();
        values.forEach(n::put);
        return n;
    }

    /**
     * An object of number values.
     *
     * @param values the values
     * @return the object, in the map's order
     */
    public static ObjectNode numbers(Map<String, ? extends Number> values) {
        ObjectNode n = object();
        values.forEach((k, v) -> n.put(k, v.doubleValue()));
        return n;
    }

    /**
     * Writes a node as indented JSON.
     *
     * @param node the node
     * @return the text, without a final line break
     */
    public static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a JSON tree: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Reads JSON text.
     *
     * @param text the text
     * @return the tree
     * @throws IllegalArgumentException if the text is not JSON
     */
    public static JsonNode read(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        }
    }
}
