package dev.mlops.monitor.quality.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.exception.MlopsClientException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * JSON helpers for model-quality files. Model Monitor's container writes with Jackson's default pretty printer
 * and Java's {@code Double.toString}, so writing through Jackson reproduces its bytes. Not part of the public API.
 */
public final class MqJson {

    /** Shared mapper; thread-safe once configured. */
    public static final ObjectMapper MAPPER = new ObjectMapper();

    /** Millisecond ISO-8601 in UTC, as in {@code "2023-03-30T21:08:34.729Z"}. */
    public static final DateTimeFormatter EVALUATION_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private MqJson() {
    }

    /**
     * Renders a tree with Jackson's default pretty printer, no trailing newline.
     *
     * @param node the tree
     * @return the text
     */
    public static String pretty(JsonNode node) {
        try {
            // Fixed "\n" rather than the platform separator, so the bytes match on every OS.
            DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                    .withObjectIndenter(new DefaultIndenter("  ", "\n"));
            return MAPPER.writer(printer).writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Jackson failed to render an in-memory tree", e);
        }
    }

    /**
     * Parses a JSON object, failing with a message that names the file kind.
     *
     * @param json the text
     * @param what what the text should be, e.g. {@code "model quality statistics.json"}
     * @return the root object
     */
    public static ObjectNode parseObject(String json, String what) {
        JsonNode node;
        try {
            node = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new MlopsClientException("Cannot parse " + what + ": " + e.getOriginalMessage());
        }
        if (!(node instanceof ObjectNode object)) {
            throw new MlopsClientException("Cannot parse " + what + ": the top level must be a JSON object");
        }
        return object;
    }

    /**
     * Reads a number that SageMaker may have written as a string ({@code "NaN"}, {@code "Infinity"}).
     *
     * @param node the value node, possibly {@code null}
     * @param where a path for the error message
     * @return the number
     */
    public static double number(JsonNode node, String where) {
        if (node == null || node.isNull()) {
            throw new MlopsClientException("Missing number at " + where);
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        try {
            return Double.parseDouble(node.asText());
        } catch (NumberFormatException e) {
            throw new MlopsClientException("Expected a number at " + where + " but found " + node);
        }
    }

    /**
     * Formats an evaluation time the way the container does.
     *
     * @param time the instant
     * @return e.g. {@code "2023-03-30T21:08:34.729Z"}
     */
    public static String formatTime(Instant time) {
        return EVALUATION_TIME.format(time);
    }
}
