package dev.mlops.monitor.capture;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.exception.ValidationException;
import dev.mlops.monitor.MonitorJson;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * One line of a SageMaker data-capture file: the captured request and/or response of one inference and its metadata.
 *
 * <p>{@link #toJsonLine()} writes compact JSON in the service's key order:
 * {@code {"captureData":{"endpointInput":{...},"endpointOutput":{...}},"eventMetadata":{"eventId":...,
 * "inferenceId":...,"inferenceTime":"2022-04-18T00:21:48Z"},"eventVersion":"0"}} ({@code inferenceId} only when
 * the caller supplied one; time in UTC at second precision).
 *
 * @param input the request payload, or null when only outputs are captured
 * @param output the response payload, or null when only inputs are captured
 * @param eventId unique id of the capture event
 * @param inferenceId caller-supplied inference id, or null
 * @param inferenceTime when the inference happened (truncated to seconds when written)
 * @param customAttributes optional custom attributes, may be empty
 */
public record CaptureRecord(CaptureData input, CaptureData output, String eventId, String inferenceId,
                            Instant inferenceTime, List<String> customAttributes) {
    /** The only event version SageMaker writes. */
    public static final String EVENT_VERSION = "0";
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);

    /**
     * Validates the fields.
     *
     * @param input request payload
     * @param output response payload
     * @param eventId event id
     * @param inferenceId inference id
     * @param inferenceTime time
     * @param customAttributes custom attributes
     */
    public CaptureRecord {
        if (input == null && output == null) {
            throw new ValidationException("CaptureRecord.input/output", null, "at least one payload");
        }
        if (eventId == null || eventId.isEmpty()) {
            throw new ValidationException("CaptureRecord.eventId", eventId, "a non-empty id");
        }
        if (inferenceTime == null) {
            throw new ValidationException("CaptureRecord.inferenceTime", null, "non-null");
        }
        customAttributes = customAttributes == null ? List.of() : List.copyOf(customAttributes);
    }

    /**
     * The request payload.
     *
     * @return the input, if captured
     */
    public Optional<CaptureData> endpointInput() {
        return Optional.ofNullable(input);
    }

    /**
     * The response payload.
     *
     * @return the output, if captured
     */
    public Optional<CaptureData> endpointOutput() {
        return Optional.ofNullable(output);
    }

    /**
     * The key ground truth is joined on: the inference id when the caller gave one, else the event id.
     *
     * @return the join key
     */
    public String joinKey() {
        return inferenceId != null ? inferenceId : eventId;
    }

    /**
     * This record as one compact JSON line (no trailing newline).
     *
     * @return the line
     */
    public String toJsonLine() {
        // Hand-built rather than via a tree: this runs on the serving hot path.
        StringBuilder sb = new StringBuilder(128 + (input == null ? 0 : input.data().length())
                + (output == null ? 0 : output.data().length()));
        sb.append("{\"captureData\":{");
        if (input != null) {
            sb.append("\"endpointInput\":");
            Json.payload(sb, input);
        }
        if (output != null) {
            if (input != null) {
                sb.append(',');
            }
            sb.append("\"endpointOutput\":");
            Json.payload(sb, output);
        }
        sb.append("},\"eventMetadata\":{\"eventId\":");
        Json.string(sb, eventId);
        if (inferenceId != null) {
            sb.append(",\"inferenceId\":");
            Json.string(sb, inferenceId);
        }
        sb.append(",\"inferenceTime\":\"").append(formatTime(inferenceTime))
                .append('"');
        if (!customAttributes.isEmpty()) {
            sb.append(",\"customAttributes\":[");
            for (int i = 0; i < customAttributes.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                Json.string(sb, customAttributes.get(i));
            }
            sb.append(']');
        }
        sb.append("},\"eventVersion\":\"").append(EVENT_VERSION).append("\"}");
        return sb.toString();
    }

    /** The last formatted second: at serving rates thousands of records share it, and formatting is costly. */
    private record SecondText(long second, String text) {
    }

    private static volatile SecondText lastSecond = new SecondText(Long.MIN_VALUE, "");

    private static String formatTime(Instant t) {
        SecondText c = lastSecond;
        if (c.second() == t.getEpochSecond()) {
            return c.text();
        }
        String text = TIME.format(t.truncatedTo(ChronoUnit.SECONDS));
        lastSecond = new SecondText(t.getEpochSecond(), text);
        return text;
    }

    /**
     * Parses one capture line.
     *
     * @param line the JSON text
     * @return the record
     * @throws IllegalArgumentException if the line is not a capture record (malformed JSON, no payload, no event
     *                                  id or no parseable inference time)
     */
    public static CaptureRecord parse(String line) {
        JsonNode root;
        try {
            root = MonitorJson.mapper().readTree(line);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        JsonNode cd = root.path("captureData");
        JsonNode meta = root.path("eventMetadata");
        try {
            CaptureData in = CaptureData.fromJson(cd.get("endpointInput"), CaptureData.Mode.INPUT);
            CaptureData out = CaptureData.fromJson(cd.get("endpointOutput"), CaptureData.Mode.OUTPUT);
            List<String> attrs = new java.util.ArrayList<>();
            meta.path("customAttributes").forEach(a -> attrs.add(a.asText()));
            return new CaptureRecord(in, out, meta.path("eventId").asText(null),
                    meta.hasNonNull("inferenceId") ? meta.get("inferenceId").asText() : null,
                    Instant.parse(meta.path("inferenceTime").asText()), attrs);
        } catch (ValidationException | java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
