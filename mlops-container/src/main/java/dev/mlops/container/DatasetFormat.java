package dev.mlops.container;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.exception.ValidationException;
import dev.mlops.monitor.dataquality.DataQualityOptions;
import java.io.IOException;

/**
 * The {@code dataset_format} variable of Model Monitor's container contract:
 * {@code {"sagemakerCaptureJson": {"captureIndexNames": [...]}}} for an endpoint's captured traffic,
 * {@code {"csv": {"header": true}}} or {@code {"json": {"line": true}}} for a dataset (a batch transform's or a
 * baselining job's). Parquet is refused with a message saying what to use instead.
 */
record DatasetFormat(Kind kind, boolean header) {
    static final String VARIABLE = "dataset_format";

    /** The three forms the container reads. */
    enum Kind {
        /** Data-capture JSON Lines in {@code endpoint/variant/yyyy/mm/dd/hh/} folders. */
        CAPTURE,
        /** CSV files. */
        CSV,
        /** JSON Lines files, one object per line. */
        JSON_LINES
    }

    static DatasetFormat parse(String text) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(text);
        } catch (IOException e) {
            throw new ValidationException(VARIABLE, text, "a JSON object such as {\"csv\": {\"header\": true}}");
        }
        if (root == null || !root.isObject() || root.size() != 1) {
            throw new ValidationException(VARIABLE, text, "a JSON object with one key: sagemakerCaptureJson, csv, json"
                    + " or parquet");
        }
        String key = root.fieldNames().next();
        JsonNode body = root.get(key);
        return switch (key) {
            case "sagemakerCaptureJson" -> new DatasetFormat(Kind.CAPTURE, false);
            case "csv" -> new DatasetFormat(Kind.CSV, flag(body, "header", "csv.header", true));
            case "json" -> {
                if (!flag(body, "line", "json.line", true)) {
                    throw new ValidationException(VARIABLE + ".json.line", false, "true: the container reads JSON"
                            + " Lines (one object per line), not a single JSON document");
                }
                yield new DatasetFormat(Kind.JSON_LINES, false);
            }
            case "parquet" -> throw new ValidationException(VARIABLE, text, "csv or json: the SDK's container does not"
                    + " read Parquet; convert the dataset to CSV or JSON Lines, or use the managed Model Monitor"
                    + " analyzer image");
            default -> throw new ValidationException(VARIABLE, text, "one of sagemakerCaptureJson, csv, json");
        };
    }

    /** A boolean that SageMaker may write as true or "true" (the docs show both). */
    private static boolean flag(JsonNode body, String name, String field, boolean fallback) {
        JsonNode v = body == null ? null : body.get(name);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isTextual() && (v.textValue().equalsIgnoreCase("true") || v.textValue().equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(v.textValue());
        }
        throw new ValidationException(VARIABLE + "." + field, v.toString(), "true or false");
    }

    DataQualityOptions options() {
        return DataQualityOptions.builder()
                .format(kind == Kind.JSON_LINES ? DataQualityOptions.Format.JSON_LINES : DataQualityOptions.Format.CSV)
                .header(header)
                .build();
    }
}
