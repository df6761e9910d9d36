package dev.mlops.monitor.capture;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.exception.ValidationException;
import dev.mlops.monitor.MonitorJson;
import java.io.IOException;

/**
 * One ground-truth label line, as uploaded for model-quality monitoring:
 * {@code {"groundTruthData":{"data":"1","encoding":"CSV"},"eventMetadata":{"eventId":"..."},"eventVersion":"0"}}.
 * The {@code eventId} is the capture record's inference id (or its event id when it had none).
 *
 * @param data the label as text
 * @param encoding {@code CSV} or {@code JSON}
 * @param eventId the id joined to {@link CaptureRecord#joinKey()}
 */
public record GroundTruthRecord(String data, CaptureData.Encoding encoding, String eventId) {
    /**
     * Validates the fields.
     *
     * @param data label
     * @param encoding encoding
     * @param eventId join id
     */
    public GroundTruthRecord {
        if (data == null || encoding == null) {
            throw new ValidationException("GroundTruthRecord.data/encoding", null, "non-null");
        }
        if (eventId == null || eventId.isEmpty()) {
            throw new ValidationException("GroundTruthRecord.eventId", eventId, "a non-empty id");
        }
    }

    /**
     * This record as one compact JSON line.
     *
     * @return the line
     */
    public String toJsonLine() {
        StringBuilder sb = new StringBuilder(96 + data.length());
        sb.append("{\"groundTruthData\":{\"data\":");
        Json.string(sb, data);
        sb.append(",\"encoding\":\"").append(encoding.name()).append("\"},\"eventMetadata\":{\"eventId\":");
        Json.string(sb, eventId);
        sb.append("},\"eventVersion\":\"0\"}");
        return sb.toString();
    }

    /**
     * Parses one ground-truth line.
     *
     * @param line the JSON text
     * @return the record
     * @throws IllegalArgumentException if the line is not a ground-truth record
     */
    public static GroundTruthRecord parse(String line) {
        JsonNode root;
        try {
            root = MonitorJson.mapper().readTree(line);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
        JsonNode data = root == null ? null : root.path("groundTruthData").path("data");
        // SageMaker writes the label as text; a number is accepted too, as hand-written files often have one.
        if (root == null || !root.isObject() || !(data.isTextual() || data.isNumber())) {
            throw new IllegalArgumentException("no groundTruthData.data text");
        }
        try {
            return new GroundTruthRecord(root.path("groundTruthData").path("data").asText(),
                    CaptureData.Encoding.valueOf(root.path("groundTruthData").path("encoding").asText("CSV")),
                    root.path("eventMetadata").path("eventId").asText(null));
        } catch (ValidationException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
