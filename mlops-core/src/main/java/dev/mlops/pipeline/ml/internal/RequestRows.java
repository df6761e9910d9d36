package dev.mlops.pipeline.ml.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.exception.ValidationException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The rows of an inference request as every host reads them: the embedded endpoint server and the container's
 * preprocessor take the same CSV and JSON bodies and refuse bad ones with the same messages, naming the row (and the
 * column) at fault. JSON comes in SageMaker's shapes: {@code {"instances":[[…],…]}},
 * {@code {"instances":[{"features":[…]},…]}}, {@code {"features":[…]}}, a bare array of rows or one row.
 * Internal: not part of the public API.
 */
public final class RequestRows {
    /** The largest request body SageMaker's {@code InvokeEndpoint} accepts: 6 MB; hosts answer 413 above it. */
    public static final int MAX_PAYLOAD_BYTES = 6 * 1024 * 1024;

    /** Takes one JSON row of a request. */
    @FunctionalInterface
    public interface JsonRow {
        /**
         * Takes a row.
         *
         * @param values the row's JSON array of values
         * @param row the row's number, from 1
         */
        void accept(JsonNode values, int row);
    }

    private RequestRows() {
    }

    /**
     * Hands each row of a JSON body to {@code sink}, in order.
     *
     * @param root the parsed body
     * @param shown the body as an error message may show it (abbreviated); asked only for an error
     * @param sink takes each row
     * @return how many rows there were, at least 1
     * @throws ValidationException if the body is not one of the shapes, has no rows, or a row is not an array
     */
    public static int forEachJsonRow(JsonNode root, Supplier<String> shown, JsonRow sink) {
        JsonNode rows;
        boolean single = false;
        if (root != null && root.isObject() && root.has("instances")) {
            rows = root.get("instances");
        } else if (root != null && root.isObject() && root.has("features")) {
            rows = root.get("features");
            single = true;
        } else if (root != null && root.isArray()) {
            rows = root;
            single = !root.isEmpty() && !root.get(0).isArray() && !root.get(0).isObject();
        } else {
            throw new ValidationException("body", shown.get(),
                    "{\"instances\": [[...], ...]}, {\"features\": [...]} or an array of rows");
        }
        if (!rows.isArray() || rows.isEmpty()) {
            throw new ValidationException("body", shown.get(), "a non-empty array of rows");
        }
        if (single) {
            sink.accept(rows, 1);
            return 1;
        }
        int r = 0;
        for (JsonNode instance : rows) {
            r++;
            JsonNode values = instance.isObject() ? instance.get("features") : instance;
            if (values == null || !values.isArray()) {
                throw new ValidationException("row " + r, abbreviate(instance.toString()),
                        "an array of values or {\"features\": [...]}");
            }
            sink.accept(values, r);
        }
        return r;
    }

    /**
     * A JSON row as text fields, as a CSV line would give them: a JSON null is a missing value (an empty field).
     *
     * @param values the row's array
     * @param row the row's number, from 1
     * @return one text per value
     * @throws ValidationException naming the row and column of a value that is not a number, string or null
     */
    public static String[] textValues(JsonNode values, int row) {
        String[] out = new String[values.size()];
        for (int c = 0; c < out.length; c++) {
            JsonNode v = values.get(c);
            if (v.isNull()) {
                out[c] = "";
            } else if (v.isNumber() || v.isTextual()) {
                out[c] = v.asText();
            } else {
                throw new ValidationException("row " + row + ", column " + (c + 1), abbreviate(v.toString()),
                        "a JSON number, string or null");
            }
        }
        return out;
    }

    /**
     * The text fields of each non-blank line of a CSV body; a quoted field is refused (the SDK's rows have none).
     *
     * @param text the body
     * @return one array of fields per row
     * @throws ValidationException naming the row of a line with quotes
     */
    public static List<String[]> csvRows(String text) {
        List<String[]> rows = new ArrayList<>();
        int row = 0;
        for (String line : text.split("\n", -1)) {
            String l = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
            if (l.isBlank()) {
                continue;
            }
            row++;
            if (l.indexOf('"') >= 0) {
                throw new ValidationException("row " + row, l, "plain comma-separated values without quotes");
            }
            rows.add(l.split(",", -1));
        }
        return rows;
    }

    /**
     * A value's refusal with the row it stood in: the model or transform names the column, only the caller knows the
     * row.
     *
     * @param row the row's number, from 1
     * @param e the refusal
     * @return the same refusal, its field prefixed with {@code row N: }
     */
    public static ValidationException atRow(int row, ValidationException e) {
        return new ValidationException("row " + row + ": " + e.field(), e.context().get("value"), e.rule());
    }

    /**
     * The refusal of a row with the wrong number of values.
     *
     * @param row the row's number, from 1
     * @param found how many values it has
     * @param expected how many the model reads
     * @param whose whose model, for the message (e.g. {@code the model of variant AllTraffic})
     * @return the refusal
     */
    public static ValidationException wrongColumnCount(int row, int found, int expected, String whose) {
        return new ValidationException("row " + row, found + " columns", expected + " columns, as " + whose + " expects");
    }

    /**
     * A body or value cut for a message.
     *
     * @param text the text
     * @return at most 120 characters and an ellipsis
     */
    public static String abbreviate(String text) {
        return text.length() <= 120 ? text : text.substring(0, 120) + "…";
    }
}
